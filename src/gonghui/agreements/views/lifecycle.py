"""One agreement through its life: the detail page with the step buttons the user may take now (ACTIONS), the
form behind each step, editing, negotiators, bargaining meetings and performance checks."""

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError
from gonghui.core.views import attempt, save_form
from gonghui.orgs.jurisdiction import org_rule
from gonghui.voting.models import PollStatus

from .. import selectors, services
from ..forms import (
    AgreementEditForm,
    CheckForm,
    DateNoteForm,
    DecisionForm,
    FileForm,
    MeetingForm,
    NegotiatorForm,
    NoFieldsForm,
    PointForm,
    SignForm,
)
from ..models import TEXT_OPEN, Negotiator
from ._common import S, _agreement, _managed


@dataclass(frozen=True)
class Action:
    label: Any
    form: type
    statuses: tuple
    employer: bool  # the employer side may take it too
    call: Any
    # A step that cannot be undone asks first: the detail page's button leads to a page that says what follows.
    confirm: str = ""


def _answer(actor, agreement, data):
    return services.offer_answer(actor=actor, agreement=agreement, **data)


ACTIONS = {
    "committee": Action(
        gettext_lazy("登记工会委员会讨论"),
        DecisionForm,
        (S.DRAFTING,),
        False,
        lambda actor, a, d: services.committee_record(actor=actor, agreement=a, **d),
    ),
    "offer": Action(
        gettext_lazy("发出协商要约"),
        DateNoteForm,
        (S.DISCUSSED,),
        False,
        lambda actor, a, d: services.offer_send(actor=actor, agreement=a, **d),
    ),
    "answer": Action(gettext_lazy("登记书面答复"), DecisionForm, (S.OFFERED,), True, _answer),
    "agree": Action(
        gettext_lazy("草案协商一致"),
        DateNoteForm,
        (S.NEGOTIATING,),
        False,
        lambda actor, a, d: services.draft_agree(actor=actor, agreement=a, **d),
    ),
    "review_open": Action(
        gettext_lazy("提交职代会审议（建立表决）"),
        NoFieldsForm,
        (S.AGREED,),
        False,
        lambda actor, a, d: services.review_open(actor=actor, agreement=a),
    ),
    "review_record": Action(
        gettext_lazy("登记审议结果"),
        NoFieldsForm,
        (S.IN_REVIEW,),
        False,
        lambda actor, a, d: services.review_record(actor=actor, agreement=a),
    ),
    "sign": Action(
        gettext_lazy("双方首席代表签字"),
        SignForm,
        (S.APPROVED,),
        True,
        lambda actor, a, d: services.agreement_sign(actor=actor, agreement=a, **d),
    ),
    "file": Action(
        gettext_lazy("登记报送审查"),
        FileForm,
        (S.SIGNED,),
        True,
        lambda actor, a, d: services.agreement_file(actor=actor, agreement=a, **d),
    ),
    "approval": Action(
        gettext_lazy("登记审查同意（提前生效）"),
        DateNoteForm,
        (S.FILED,),
        False,
        lambda actor, a, d: services.approval_record(actor=actor, agreement=a, **d),
    ),
    "objection": Action(
        gettext_lazy("登记审查异议（退回重新协商）"),
        DateNoteForm,
        (S.FILED,),
        False,
        lambda actor, a, d: services.objection_record(actor=actor, agreement=a, **d),
    ),
    "publish": Action(
        gettext_lazy("登记向全体职工公布"),
        DateNoteForm,
        (S.EFFECTIVE,),
        False,
        lambda actor, a, d: services.agreement_publish(actor=actor, agreement=a, **d),
    ),
    "renew": Action(
        gettext_lazy("开始续订"),
        NoFieldsForm,
        (S.IN_FORCE, S.EXPIRING),
        False,
        lambda actor, a, d: services.agreement_renew(actor=actor, agreement=a),
    ),
    "end": Action(
        gettext_lazy("终止合同"),
        DateNoteForm,
        (S.IN_FORCE, S.EXPIRING),
        False,
        lambda actor, a, d: services.agreement_end(actor=actor, agreement=a, **d),
        confirm=gettext_lazy(
            "终止后合同不再履行，也不能再续订或修改。确定终止“%(title)s”吗？如需延续，请改为“开始续订”。"
        ),
    ),
}


def _action_form(action: Action, agreement, *args, prefix: str):
    """Signing and filing ask for the dates the union's jurisdiction counts from, so they see the agreement."""
    if action.form in (SignForm, FileForm):
        return action.form(*args, agreement=agreement, prefix=prefix)
    return action.form(*args, prefix=prefix)


def _may_act(agreement, action: Action, *, manager: bool, employer: bool) -> bool:
    return agreement.status in action.statuses and (manager or (employer and action.employer))


def _rule_or_none(node, rule_id):
    try:
        return org_rule(node, rule_id)
    except LookupError:
        return None


@login_required
def agreement_detail(request, pk: int):
    agreement = _agreement(request, pk)
    manager = selectors.can_manage(request.user, agreement)
    employer = selectors.acts_for_employer(request.user, agreement)
    today = timezone.localdate()
    actions = [
        {"name": name, "action": action, "form": _action_form(action, agreement, prefix=name)}
        for name, action in ACTIONS.items()
        if _may_act(agreement, action, manager=manager, employer=employer)
    ]
    clocks = [
        {"clock": c, "overdue": c.overdue(today), "rule": _rule_or_none(agreement.node, c.rule_id)}
        for c in selectors.clocks(agreement)
    ]
    # Before the offer the union's own preparations stay off the employer's page (they get 404 before it).
    negotiating = agreement.status in (S.OFFERED, S.NEGOTIATING)
    poll = agreement.review_poll
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "a": agreement,
            "manager": manager,
            "employer": employer,
            "actions": actions,
            "clocks": clocks,
            "steps": agreement.steps.select_related("actor"),
            "coverage": agreement.coverage.select_related("enterprise"),
            "negotiators": agreement.negotiators.all(),
            "team_problems": services.team_problems(agreement) if negotiating else [],
            "team_notes": services.team_notes(agreement) if negotiating else [],
            "term_notes": services.term_notes(agreement),
            "meetings": agreement.meetings.all(),
            "drafts": agreement.drafts.all(),
            "points": agreement.points.select_related("taken_up_in"),
            "checks": agreement.checks.all(),
            "poll": poll,
            "review_outcome": services.review_outcome(agreement)
            if poll and poll.status == PollStatus.CERTIFIED
            else None,
            "renewals": agreement.renewals.all(),
            "wage_term": _rule_or_none(agreement.node, "agreement.wage_term")
            if agreement.kind.code == "wage"
            else None,
            "negotiating": negotiating,
            "text_open": agreement.status in TEXT_OPEN,
            "checks_shown": agreement.status in (S.IN_FORCE, S.EXPIRING, S.RENEWED, S.ENDED),
            "checkable": agreement.status in (S.IN_FORCE, S.EXPIRING),
            "point_form": PointForm(),
        },
    )


@login_required
@require_POST
def agreement_act(request, pk: int, action: str):
    agreement = _agreement(request, pk)
    if action not in ACTIONS:
        raise Http404
    spec = ACTIONS[action]
    manager = selectors.can_manage(request.user, agreement)
    employer = selectors.acts_for_employer(request.user, agreement)
    if not (manager or (employer and spec.employer)):
        raise Http404
    form = _action_form(spec, agreement, request.POST, prefix=action)
    if spec.confirm and request.POST.get("confirmed") != "1" and form.is_valid():
        return render(
            request,
            "agreements/confirm_action.html",
            {
                "a": agreement,
                "name": action,
                "action": spec,
                "form": form,
                "question": spec.confirm % {"title": agreement.title},
            },
        )
    if not form.is_valid():
        errors = "；".join(
            f"{form.fields[f].label if f in form.fields else ''}{' '.join(e)}" for f, e in form.errors.items()
        )
        messages.error(request, _("请检查填写的内容：%(errors)s") % {"errors": errors})
        return redirect("agreement_detail", pk=agreement.pk)
    try:
        result = spec.call(request.user, agreement, form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("agreement_detail", pk=agreement.pk)
    if action == "review_record":
        _agreement_after, passed = result
        if passed:
            messages.success(request, _("审议通过。"))
        else:
            messages.warning(request, _("审议未通过，已退回重新协商。"))
    else:
        messages.success(request, _("已办理：%(action)s。") % {"action": spec.label})
    if action == "renew":
        return redirect("agreement_detail", pk=result.pk)
    return redirect("agreement_detail", pk=agreement.pk)


@login_required
def agreement_edit(request, pk: int):
    agreement = _managed(request, pk)
    initial = {name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS}
    form = AgreementEditForm(request.POST or None, initial=initial)
    update = partial(services.agreement_update, actor=request.user, agreement=agreement)
    if save_form(request, form, update, _("已保存。")):
        return redirect("agreement_detail", pk=agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {"form": form, "title": _("编辑“%(title)s”") % {"title": agreement.title}, "agreement": agreement},
    )


@login_required
def negotiator_add(request, pk: int):
    agreement = _agreement(request, pk)
    manager = selectors.can_manage(request.user, agreement)
    if not (manager or selectors.acts_for_employer(request.user, agreement)):
        raise Http404
    form = NegotiatorForm(request.POST or None, vacancies=selectors.vacancies(agreement))
    if not manager:
        form.fields["side"].choices = [c for c in form.fields["side"].choices if c[0] == "employer"]
    add = partial(services.negotiator_add, actor=request.user, agreement=agreement)
    if save_form(request, form, add, _("已添加协商代表。")):
        return redirect("agreement_detail", pk=agreement.pk)
    return render(
        request, "agreements/form.html", {"form": form, "title": _("添加协商代表"), "agreement": agreement}
    )


@login_required
@require_POST
def negotiator_leave(request, pk: int):
    negotiator = Negotiator.objects.filter(pk=pk).first()
    if negotiator is None:
        raise Http404
    agreement = _managed(request, negotiator.agreement_id)
    form = DateNoteForm(request.POST)
    if form.is_valid():
        leave = partial(
            services.negotiator_leave, actor=request.user, negotiator=negotiator, on=form.cleaned_data["on"]
        )
        attempt(request, leave, _("已登记离任，请在期限内补充代表。"))
    else:
        messages.error(request, _("请填写离任日期。"))
    return redirect("agreement_detail", pk=agreement.pk)


@login_required
def meeting_add(request, pk: int):
    agreement = _managed(request, pk)
    form = MeetingForm(request.POST or None)
    record = partial(services.meeting_record, actor=request.user, agreement=agreement)
    if save_form(request, form, record, _("已登记协商会议。")):
        return redirect("agreement_detail", pk=agreement.pk)
    return render(
        request, "agreements/form.html", {"form": form, "title": _("登记协商会议"), "agreement": agreement}
    )


@login_required
def check_add(request, pk: int):
    agreement = _managed(request, pk)
    form = CheckForm(request.POST or None)
    record = partial(services.performance_check_record, actor=request.user, agreement=agreement)
    if save_form(request, form, record, _("已登记履约检查。")):
        return redirect("agreement_detail", pk=agreement.pk)
    return render(
        request, "agreements/form.html", {"form": form, "title": _("登记履约检查"), "agreement": agreement}
    )
