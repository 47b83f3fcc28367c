"""Pages for proposals (提案): list, submit, detail with timeline and the step forms, statistics. Thin: every
step goes through services, every read through the scoped selectors."""

from datetime import date
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.calendar import estimated
from gonghui.core.errors import DomainError
from gonghui.core.pagination import paginate
from gonghui.core.spreadsheets import write_xlsx
from gonghui.core.views import attempt, download_name, get_or_404, save_form, xlsx_response
from gonghui.orgs.jurisdiction import org_rule

from . import rules, selectors, services
from .forms import ProposalForm
from .models import Category, ProposalStatus, Rating


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@login_required
def proposal_list(request):
    user = request.user
    sessions = selectors.proposal_sessions(user=user)
    session_pk = _int(request.GET.get("session"))
    session = sessions.filter(pk=session_pk).first() if session_pk else None
    filters = {
        "status": request.GET.get("status", ""),
        "category": request.GET.get("category", ""),
        "search": request.GET.get("q", ""),
        "overdue": request.GET.get("overdue") == "1",
    }
    proposals = selectors.proposal_list(user=user, session=session, **filters)
    page = paginate(request, proposals)
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "page": page,
            "today": timezone.localdate(),
            "sessions": sessions,
            "session": session,
            "statuses": ProposalStatus.choices,
            "categories": Category.choices,
            "filters": filters,
            "can_submit": selectors.submittable_sessions(user).exists(),
            "stat_sessions": selectors.stat_sessions(user=user)[:20],
        },
    )


@login_required
def proposal_create(request):
    sessions = selectors.submittable_sessions(request.user)
    session_pk = _int(request.GET.get("session"))
    session = sessions.filter(pk=session_pk).first() if session_pk else None
    if session is None and len(sessions[:2]) == 1:
        session = sessions.first()
    if session is None:
        if not sessions.exists():
            raise Http404
        return render(request, "proposals/session_choice.html", {"sessions": sessions})
    proposer = selectors.representative_in(request.user, session)
    minimum = int(org_rule(session.term.node, rules.COSIGNERS_MIN.id).value)
    form = ProposalForm(request.POST or None, session=session, proposer=proposer, minimum=minimum)
    submit = partial(services.proposal_submit, actor=request.user, session=session)
    proposal = save_form(
        request,
        form,
        submit,
        lambda proposal: _("提案 %(code)s 已提交，等待提案工作委员会审查。") % {"code": proposal.code},
    )
    if proposal:
        return redirect("proposal_detail", pk=proposal.pk)
    return render(request, "proposals/proposal_form.html", {"form": form, "session": session})


@login_required
def proposal_detail(request, pk: int):
    proposal = get_or_404(selectors.proposal_get, user=request.user, pk=pk)
    node = selectors.node_of(proposal)
    allowed = selectors.actions(request.user, proposal)
    context = {
        "proposal": proposal,
        "overdue": proposal.is_overdue(timezone.localdate()),
        "cosigners": proposal.cosigners.select_related("representative__member"),
        "steps": proposal.steps.select_related("actor"),
        "can": allowed,
        "ratings": Rating.choices,
    }
    if allowed["assign"]:
        context["handlers"] = selectors.handler_choices(node)
        today = timezone.localdate()
        context["default_deadline"] = services.answer_deadline(node, today)
        context["default_deadline_provisional"] = estimated(context["default_deadline"])
        context["deadline_rule"] = org_rule(node, rules.ANSWER_DEADLINE.id, today)
    return render(request, "proposals/proposal_detail.html", context)


def _step(request, pk: int, run, done: str):
    """Run one step on a proposal the user can see; refusals come back as a message on the detail page."""
    proposal = get_or_404(selectors.proposal_get, user=request.user, pk=pk)
    attempt(request, partial(run, proposal), done)
    return redirect("proposal_detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_cosign(request, pk: int):
    return _step(
        request, pk, lambda p: services.proposal_cosign(actor=request.user, proposal=p), _("已附议。")
    )


@login_required
@require_POST
def proposal_accept(request, pk: int):
    return _step(
        request,
        pk,
        lambda p: services.proposal_accept(actor=request.user, proposal=p),
        _("已立案，请交办承办部门。"),
    )


@login_required
@require_POST
def proposal_convert(request, pk: int):
    reason = request.POST.get("reason", "")
    return _step(
        request,
        pk,
        lambda p: services.proposal_convert(actor=request.user, proposal=p, reason=reason),
        _("已转为意见建议。"),
    )


def _deadline(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError(_("答复期限应为日期，例如 2026-12-31。"), code="deadline") from None


@login_required
@require_POST
def proposal_assign(request, pk: int):
    def run(proposal):
        handler_pk = _int(request.POST.get("handler"))
        node = selectors.node_of(proposal)
        handler = selectors.handler_choices(node).filter(pk=handler_pk).first() if handler_pk else None
        services.proposal_assign(
            actor=request.user,
            proposal=proposal,
            department=request.POST.get("department", ""),
            handler=handler,
            deadline=_deadline(request.POST.get("deadline", "")),
        )

    return _step(request, pk, run, _("已交办，承办人会收到通知。"))


@login_required
@require_POST
def proposal_answer(request, pk: int):
    return _step(
        request,
        pk,
        lambda p: services.proposal_answer(
            actor=request.user,
            proposal=p,
            answer=request.POST.get("answer", ""),
            measures=request.POST.get("measures", ""),
        ),
        _("已答复，提案人会收到通知。"),
    )


@login_required
@require_POST
def proposal_rate(request, pk: int):
    return _step(
        request,
        pk,
        lambda p: services.proposal_rate(
            actor=request.user, proposal=p, rating=request.POST.get("rating", "")
        ),
        _("已评价，谢谢。"),
    )


# --- Statistics ------------------------------------------------------------------------------------------


@login_required
def proposal_stats(request, session_pk: int):
    session = get_or_404(selectors.session_get, user=request.user, pk=session_pk)
    return render(
        request,
        "proposals/proposal_stats.html",
        {
            "session": session,
            "stats": selectors.proposal_stats(session=session),
            "sessions": selectors.stat_sessions(user=request.user)[:50],
        },
    )


STATS_HEADERS = [
    _("类别"),
    _("提交"),
    _("立案"),
    _("转为意见建议"),
    _("待审查"),
    _("已答复"),
    _("按期答复"),
    _("逾期未答复"),
    _("已评价"),
    _("满意"),
    _("基本满意"),
    _("不满意"),
    _("已办结"),
]
STATS_KEYS = [
    "submitted",
    "accepted",
    "converted",
    "pending",
    "answered",
    "on_time",
    "overdue",
    "rated",
    "satisfied",
    "basically",
    "unsatisfied",
    "closed",
]


@login_required
def proposal_stats_export(request, session_pk: int):
    session = get_or_404(selectors.session_get, user=request.user, pk=session_pk)
    stats = selectors.proposal_stats(session=session)
    rows = [[row["label"], *(row[k] for k in STATS_KEYS)] for row in stats["by_category"]]
    rows.append([_("合计"), *(stats["counts"][k] for k in STATS_KEYS)])
    rows.append([])
    rows.extend(
        [rate.label, rate.percent, rate.formula, rate.numerator, rate.denominator] for rate in stats["rates"]
    )
    data = write_xlsx([str(h) for h in STATS_HEADERS], rows, sheet_name=str(_("提案统计")))
    return xlsx_response(
        data, download_name(session.term.node.name, session.title, _("提案统计"), suffix=".xlsx")
    )
