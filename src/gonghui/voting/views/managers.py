"""Managers' pages: the list, preparing a draft (settings, questions, electorate, tellers), opening and closing."""

from functools import partial

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError
from gonghui.core.pagination import paginate
from gonghui.core.roles import Cap
from gonghui.core.views import attempt, save_form
from gonghui.orgs import selectors as org_selectors
from gonghui.orgs.guards import node_for
from gonghui.orgs.models import MemberStatus

from .. import selectors, services
from ..forms import (
    MAX_QUESTIONS,
    CloseForm,
    ElectorateForm,
    PollForm,
    QuestionRowForm,
    TellersForm,
    question_rows,
    unknown_ids_error,
)
from ..models import PollStatus
from ..roles import PollCap
from ._common import _managed_poll, _poll

TURNOUT_REFRESH_SECONDS = 3


HTMX_STOP_POLLING = 286  # htmx stops an `every Ns` trigger when the answer has this status


@login_required
def poll_list(request):
    node = node_for(request, PollCap.MANAGE_POLLS)
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
    node = poll.node if poll else node_for(request, PollCap.MANAGE_POLLS)
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
    node_for(request, PollCap.MANAGE_POLLS)
    return render(request, "voting/poll_form.html#question_row", {"row": QuestionRowForm(prefix="q")})


@never_cache
@login_required
def poll_detail(request, pk: int):
    poll = _poll(request, pk)
    can_manage = org_selectors.has_cap(request.user, PollCap.MANAGE_POLLS, poll.node)
    return render(
        request,
        "voting/poll_detail.html",
        {
            "poll": poll,
            "questions": poll.questions.all(),
            "policy_label": selectors.poll_policy_label(poll),
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

    def name(*, usernames):  # the form has found the users the names belong to
        return services.tellers_set(actor=request.user, poll=poll, users=usernames)

    if save_form(request, form, name, _("已指定计票人。")):
        return redirect("poll_detail", pk=poll.pk)
    return render(request, "voting/poll_tellers.html", {"poll": poll, "form": form, "tellers": current})


def _lifecycle(request, pk: int, action, success: str, **kwargs):
    poll = _managed_poll(request, pk)
    attempt(request, partial(action, actor=request.user, poll=poll, **kwargs), success)
    return redirect("poll_detail", pk=poll.pk)


@never_cache
@login_required
@require_POST
def poll_open(request, pk: int):
    """Open the poll and show each teller's key share, this once: the server keeps none of them."""
    poll = _managed_poll(request, pk)
    opened = []
    if not attempt(
        request, lambda: opened.append(services.poll_open(actor=request.user, poll=poll)), _("投票已开始。")
    ):
        return redirect("poll_detail", pk=poll.pk)
    return shares_page(request, opened[0], reverse("poll_detail", args=[pk]))


def shares_page(request, poll, back: str):
    """The one page that ever shows a just-opened poll's key shares, one printable sheet per teller; not cached."""
    shares = [
        {**share._asdict(), "qr": segno.make(share.text, error="m").svg_data_uri(scale=4)}
        for share in poll.handed_shares
    ]
    response = render(
        request,
        "voting/poll_shares.html",
        {"poll": poll, "shares": shares, "spare": len(shares) - poll.tellers_required, "back": back},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def poll_close(request, pk: int):
    form = CloseForm(request.POST)
    if not form.is_valid():
        _managed_poll(request, pk)
        messages.error(request, _("实到人数应为不小于 0 的整数。"))
        return redirect("poll_detail", pk=pk)
    attendance = form.cleaned_data["attendance"]
    shares = form.cleaned_data["shares"].splitlines()
    return _lifecycle(
        request,
        pk,
        services.poll_close,
        _("投票已结束，选票已解密计票，请计票人核对并确认。"),
        attendance=attendance,
        shares=shares,
    )
