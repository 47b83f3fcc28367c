"""Pages for polls: managers prepare, open and close them; electors vote on a phone; tellers count and confirm.

Thin, like every view: the rules (who may vote, what may be seen while a poll is open, when results show) live
in services.py and selectors.py. The vote POST is the one hot path (800 electors within a minute): it parses
the form without reading the questions, calls `cast` and renders the receipt, nothing else.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError, NotFound, PermissionDenied
from gonghui.core.pagination import paginate
from gonghui.core.roles import Cap
from gonghui.orgs import selectors as org_selectors
from gonghui.orgs.models import MemberStatus, Org

from . import selectors, services
from .forms import (
    MAX_QUESTIONS,
    CloseForm,
    ElectorateForm,
    PaperIssueForm,
    PollForm,
    QuestionRowForm,
    ReceiptForm,
    TellersForm,
    choices_of,
    paper_count_form,
    paper_counts,
    question_rows,
    unknown_ids_error,
)
from .models import Poll, PollStatus
from .report import tally_report_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TURNOUT_REFRESH_SECONDS = 3
HTMX_STOP_POLLING = 286  # htmx stops an `every Ns` trigger when the answer has this status


def _get(fn, **kwargs):
    try:
        return fn(**kwargs)
    except NotFound as exc:
        raise Http404 from exc


def _managed_node(request) -> Org:
    node = request.node
    if node is None or not org_selectors.has_cap(request.user, Cap.MANAGE_POLLS, node):
        raise Http404
    return node


def _poll(request, pk: int):
    return _get(selectors.poll_get, user=request.user, pk=pk)


def _managed_poll(request, pk: int):
    """A poll the user may change; one they may only read is as good as missing here."""
    poll = _poll(request, pk)
    if not org_selectors.has_cap(request.user, Cap.MANAGE_POLLS, poll.node):
        raise Http404
    return poll


# --- Managers: list, prepare, open, close -----------------------------------------------------------------


@login_required
def poll_list(request):
    node = _managed_node(request)
    params = {key: request.GET.get(key, "").strip() for key in ("q", "status")}
    polls = selectors.poll_list(user=request.user, node=node, status=params["status"], search=params["q"])
    template = "voting/poll_list.html#rows" if request.htmx and request.htmx.target == "polls" else None
    return render(
        request,
        template or "voting/poll_list.html",
        {"page": paginate(request, polls), "params": params, "statuses": PollStatus.choices},
    )


def _save_poll(request, poll=None):
    """The create and edit page: the poll's settings and its question rows, saved together or not at all."""
    node = poll.node if poll else _managed_node(request)
    if request.method == "POST":
        form = PollForm(request.POST)
        rows = question_rows(request.POST)
    else:
        initial = {f: getattr(poll, f) for f in PollForm.base_fields} if poll else None
        form = PollForm(initial=initial)
        rows = question_rows(questions=poll.questions.all() if poll else None)
    if request.method == "POST":
        rows_valid = [row.is_valid() for row in rows]  # every row, so all its errors show at once
        valid = form.is_valid() and all(rows_valid)
        if not rows:
            form.add_error(None, _("请至少添加一个表决事项。"))
        elif len(rows) > MAX_QUESTIONS:
            form.add_error(None, _("一次表决最多 %(n)s 个事项，请分成几次表决。") % {"n": MAX_QUESTIONS})
        elif valid:
            questions = [row.as_question() for row in rows]
            try:
                # One service call each: settings and questions change together (a new policy with questions
                # of its new form) or not at all.
                if poll is None:
                    poll = services.poll_create(
                        actor=request.user, node=node, questions=questions, **form.fields_for_service()
                    )
                else:
                    services.poll_update(
                        actor=request.user, poll=poll, questions=questions, **form.fields_for_service()
                    )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存“%(title)s”。") % {"title": poll.title})
                return redirect("poll_detail", pk=poll.pk)
    return render(
        request,
        "voting/poll_form.html",
        {"form": form, "rows": rows, "poll": poll, "title": _("编辑表决") if poll else _("新建表决")},
    )


@login_required
def poll_create(request):
    return _save_poll(request)


@login_required
def poll_edit(request, pk: int):
    poll = _managed_poll(request, pk)
    if poll.status != PollStatus.DRAFT:
        messages.error(request, _("表决已开始，不能再修改。"))
        return redirect("poll_detail", pk=poll.pk)
    return _save_poll(request, poll)


@login_required
def poll_question_row(request):
    """One blank question row, appended by the “添加事项” button (htmx)."""
    _managed_node(request)
    return render(request, "voting/poll_form.html#question_row", {"row": QuestionRowForm(prefix="q")})


@never_cache
@login_required
def poll_detail(request, pk: int):
    poll = _poll(request, pk)
    can_manage = org_selectors.has_cap(request.user, Cap.MANAGE_POLLS, poll.node)
    return render(
        request,
        "voting/poll_detail.html",
        {
            "poll": poll,
            "questions": poll.questions.all(),
            "tellers": poll.tellers.select_related("user").order_by("user__username"),
            "can_manage": can_manage,
            "is_teller": selectors.is_teller(user=request.user, poll=poll),
            "close_form": CloseForm(),
            "turnout": selectors.turnout(poll) if poll.status != PollStatus.DRAFT else None,
            "refresh": TURNOUT_REFRESH_SECONDS,
        },
    )


@never_cache
@login_required
def poll_turnout(request, pk: int):
    """Counts only, polled every few seconds while the poll is open. No tally exists to leak until it closes."""
    poll = _poll(request, pk)
    response = render(
        request,
        "voting/poll_detail.html#turnout",
        {"poll": poll, "turnout": selectors.turnout(poll), "refresh": TURNOUT_REFRESH_SECONDS},
    )
    if poll.status != PollStatus.OPEN and request.htmx:
        response.status_code = HTMX_STOP_POLLING
    return response


def _electorate_units(request, poll):
    return org_selectors.org_list(user=request.user, cap=Cap.VIEW_ROSTER, within=poll.node)


def _electorate_members(request, poll, form) -> dict | None:
    """The members the form names, with their weights; None after adding the problems to the form."""
    data = form.cleaned_data
    if data["source"] == "unit":
        members = org_selectors.member_list(user=request.user, node=data["unit"], status=MemberStatus.ACTIVE)
        return dict.fromkeys(members, 1)
    weights = data["weights"]
    in_scope = org_selectors.member_list(user=request.user, node=poll.node, status=MemberStatus.ACTIVE)
    found = {m.id_number: m for m in in_scope.filter(id_number__in=list(weights))}
    unknown = [id_number for id_number in weights if id_number not in found]
    if unknown:
        form.add_error("file", unknown_ids_error(unknown))
        return None
    return {found[id_number]: weight for id_number, weight in weights.items()}


@login_required
def poll_electorate(request, pk: int):
    poll = _managed_poll(request, pk)
    form = ElectorateForm(request.POST or None, request.FILES or None, units=_electorate_units(request, poll))
    if request.method == "POST" and form.is_valid():
        members = _electorate_members(request, poll, form)
        if members is not None:
            try:
                services.electorate_set(actor=request.user, poll=poll, members=members)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已确定选举人名单，共 %(n)s 人。") % {"n": len(members)})
                return redirect("poll_electorate", pk=poll.pk)
    electors = poll.electors.select_related("member", "member__union").order_by("member__initials", "pk")
    return render(
        request,
        "voting/poll_electorate.html",
        {"poll": poll, "form": form, "page": paginate(request, electors), "weighted": _weighted(poll)},
    )


def _weighted(poll) -> bool:
    return poll.electors.exclude(weight=1).exists()


@login_required
def poll_tellers(request, pk: int):
    poll = _managed_poll(request, pk)
    current = poll.tellers.select_related("user").order_by("user__username")
    initial = {"usernames": "\n".join(t.user.username for t in current)}
    form = TellersForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        names = form.cleaned_data["usernames"]
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names, is_active=True)}
        unknown = [name for name in names if name not in users]
        if unknown:
            form.add_error("usernames", _("没有这些用户：%(names)s。") % {"names": "、".join(unknown)})
        else:
            try:
                services.tellers_set(actor=request.user, poll=poll, users=[users[n] for n in names])
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已指定计票人。"))
                return redirect("poll_detail", pk=poll.pk)
    return render(request, "voting/poll_tellers.html", {"poll": poll, "form": form, "tellers": current})


def _lifecycle(request, pk: int, action, success: str, **kwargs):
    poll = _managed_poll(request, pk)
    try:
        action(actor=request.user, poll=poll, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("poll_detail", pk=poll.pk)


@login_required
@require_POST
def poll_open(request, pk: int):
    return _lifecycle(request, pk, services.poll_open, _("投票已开始。"))


@login_required
@require_POST
def poll_close(request, pk: int):
    form = CloseForm(request.POST)
    if not form.is_valid():
        _managed_poll(request, pk)
        messages.error(request, _("实到人数应为不小于 0 的整数。"))
        return redirect("poll_detail", pk=pk)
    attendance = form.cleaned_data["attendance"]
    return _lifecycle(
        request, pk, services.poll_close, _("投票已结束，请计票人核对并确认。"), attendance=attendance
    )


# --- Tellers: paper ballots, counts, confirmation ---------------------------------------------------------------


def _teller_poll(request, pk: int):
    """The poll, for its tellers and for those who manage it."""
    poll = _poll(request, pk)
    if not (
        selectors.is_teller(user=request.user, poll=poll)
        or org_selectors.has_cap(request.user, Cap.MANAGE_POLLS, poll.node)
    ):
        raise Http404
    return poll


@login_required
def poll_tally(request, pk: int):
    """The tellers' page: hand out paper ballots while open; after close, enter and confirm box counts and
    confirm the tally's fingerprint."""
    poll = _teller_poll(request, pk)
    questions = list(poll.questions.all())
    count_form = paper_count_form(questions, request.POST or None)
    if request.method == "POST" and count_form.is_valid():
        try:
            services.paper_count_enter(
                actor=request.user,
                poll=poll,
                ballots=count_form.cleaned_data["ballots"],
                counts=paper_counts(count_form, questions),
            )
        except DomainError as exc:
            count_form.add_error(None, exc.message)
        else:
            messages.success(request, _("已录入纸质选票计数，请另一位计票人核对确认。"))
            return redirect("poll_tally", pk=poll.pk)
    issue_form = PaperIssueForm(electors=_electors(poll)) if poll.status == PollStatus.OPEN else None
    return render(
        request,
        "voting/poll_tally.html",
        {
            "poll": poll,
            "questions": [
                (q, [(c, count_form[f"c-{q.position}-{c}"]) for c, _label in choices_of(q)])
                for q in questions
            ],
            "count_form": count_form,
            "issue_form": issue_form,
            "paper_counts": poll.paper_counts.select_related("entered_by", "confirmed_by").order_by(
                "entered_at"
            ),
            "tellers": poll.tellers.select_related("user").order_by("user__username"),
            "is_teller": selectors.is_teller(user=request.user, poll=poll),
            "turnout": selectors.turnout(poll),
        },
    )


def _electors(poll):
    return poll.electors.select_related("member").order_by("member__initials", "pk")


@login_required
@require_POST
def poll_paper_issue(request, pk: int):
    poll = _teller_poll(request, pk)
    form = PaperIssueForm(request.POST, electors=_electors(poll))
    if not form.is_valid():
        messages.error(request, _("请选择选举人名单中的人。"))
    else:
        member = form.cleaned_data["elector"].member
        try:
            services.paper_issue(actor=request.user, poll=poll, member=member)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已为%(name)s发放纸质选票。") % {"name": member.name})
    return redirect("poll_tally", pk=poll.pk)


@login_required
@require_POST
def paper_count_confirm(request, pk: int, count_pk: int):
    poll = _teller_poll(request, pk)
    count = poll.paper_counts.filter(pk=count_pk).first()
    if count is None:
        raise Http404
    try:
        services.paper_count_confirm(actor=request.user, count=count)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认这一箱的计数。"))
    return redirect("poll_tally", pk=poll.pk)


@login_required
@require_POST
def poll_confirm(request, pk: int):
    poll = _teller_poll(request, pk)
    try:
        poll = services.tally_confirm(actor=request.user, poll=poll)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if poll.status == PollStatus.CERTIFIED:
            messages.success(request, _("计票结果已确认，结果生效。"))
        else:
            messages.success(request, _("您已确认计票结果，等待其他计票人确认。"))
    return redirect("poll_tally", pk=poll.pk)


# --- Results -------------------------------------------------------------------------------------------------


@never_cache
@login_required
def poll_result(request, pk: int):
    poll = _poll(request, pk)  # poll_result decides whether it may be seen yet
    result = _get(selectors.poll_result, user=request.user, poll=poll)
    return render(
        request,
        "voting/poll_result.html",
        {
            "poll": poll,
            "result": result,
            "rows": [(q, bar_chart(q)) for q in result.questions],
            "can_report": selectors.is_teller(user=request.user, poll=poll)
            or org_selectors.has_cap(request.user, Cap.MANAGE_POLLS, poll.node),
        },
    )


@never_cache
@login_required
def poll_report(request, pk: int):
    """The document the tellers sign and the organisers file; everyone else reads the result page."""
    poll = _teller_poll(request, pk)
    result = _get(selectors.poll_result, user=request.user, poll=poll)
    tellers = list(poll.tellers.select_related("user").order_by("user__username"))
    response = HttpResponse(tally_report_docx(poll, result, tellers), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="tally-{poll.pk}-{timezone.localdate():%Y%m%d}.docx"'
    )
    response["Cache-Control"] = "no-store"
    return response


BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 24, 10, 150, 600


def bar_chart(question_result) -> dict | None:
    """A horizontal bar per choice, as geometry for an inline SVG (presentation attributes only: the CSP
    allows no style attribute). None when the counts are withheld."""
    counts = question_result.counts
    if counts is None:
        return None
    labels = dict(choices_of(question_result.question))
    top = max(counts.values(), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 70
    bars = []
    for i, (key, count) in enumerate(counts.items()):
        y = i * (BAR_HEIGHT + BAR_GAP)
        width = round(span * count / top, 1)
        bars.append(
            {
                "label": labels.get(key, key),
                "count": count,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
                "elected": key in question_result.elected,
            }
        )
    return {
        "bars": bars,
        "height": len(bars) * (BAR_HEIGHT + BAR_GAP),
        "width": CHART_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


# --- Electors: my ballots, the voting booth, receipts -----------------------------------------------------------


@never_cache
@login_required
def my_polls(request):
    """The representative's ballots: open polls still to vote in, and those already voted in."""
    return render(request, "voting/my_polls.html", {"polls": selectors.elector_polls(user=request.user)})


@never_cache
@login_required
@sensitive_post_parameters()
def poll_vote(request, pk: int):
    if request.method == "POST":
        return _cast(request, pk)
    poll = selectors.votable_polls(user=request.user).filter(pk=pk).first()
    if poll is None:
        return render(request, "voting/vote_unavailable.html", status=404)
    questions = [(q, choices_of(q)) for q in poll.questions.all()]
    return render(request, "voting/vote.html", {"poll": poll, "questions": questions})


@sensitive_variables("choices", "receipt")
def _cast(request, pk: int):
    """Cast and show the receipt once. Nothing is kept: no session entry, no message, no log line."""
    choices = parse_choices(request.POST)
    try:
        # cast locks and re-reads the poll row itself and needs only its key: loading the poll here would be
        # one more query on the path 800 electors take within a minute.
        receipt = services.cast(voter=request.user, poll=Poll(pk=pk), choices=choices)
    except PermissionDenied:
        return render(request, "voting/vote_unavailable.html", status=404)  # not an elector: nothing to see
    except DomainError as exc:
        context = {"message": exc.message, "pk": pk, "status": exc.status}
        return render(request, "voting/vote_refused.html", context, status=exc.status)
    return render(request, "voting/vote_receipt.html", {"receipt": receipt, "poll_pk": pk})


@sensitive_variables("data", "choices")
def parse_choices(data) -> dict:
    """Field names carry the question's form (yn-1, pick-2, rate-3), so no query is needed to read them."""
    choices: dict = {}
    for key in data:
        form, _sep, position = key.partition("-")
        if not position.isdigit():
            continue
        if form == "pick":
            choices[int(position)] = [value for value in data.getlist(key) if value]
        elif form in ("yn", "rate"):
            choices[int(position)] = data.get(key)
    return choices


@never_cache
@login_required
def receipt_check(request, pk: int):
    """Anyone who can see the poll checks that a ballot with a receipt code was counted, nothing more."""
    poll = _poll(request, pk)
    form = ReceiptForm(request.POST or None)
    counted = None
    if request.method == "POST" and form.is_valid():
        counted = selectors.receipt_counted(poll=poll, code=form.cleaned_data["code"])
    return render(request, "voting/receipt_check.html", {"poll": poll, "form": form, "counted": counted})
