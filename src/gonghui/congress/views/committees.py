"""Standing committees (members and records of their work) and the democratic evaluation set up at a session
with its results."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError
from gonghui.core.pagination import paginate
from gonghui.core.views import attempt, get_or_404, save_form

from .. import selectors, services
from ..forms import CommitteeForm, CommitteeMemberForm, CommitteeRecordForm, EvaluationForm
from ..roles import CongressCap
from ._common import _can_manage, _form_page


@login_required
def committee_create(request, pk: int):
    term = get_or_404(selectors.term_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    form = CommitteeForm(request.POST or None)
    committee = save_form(request, form, partial(services.committee_create, actor=request.user, term=term))
    if committee:
        return redirect("congress_committee_detail", pk=committee.pk)
    return _form_page(
        request, form, _("新建专门委员会/工作小组"), reverse("congress_term_detail", args=[term.pk])
    )


@login_required
def committee_detail(request, pk: int):
    committee = get_or_404(selectors.committee_get, user=request.user, pk=pk)
    can_manage = _can_manage(request.user, committee.term.node)
    return render(
        request,
        "congress/committee_detail.html",
        {
            "committee": committee,
            "members": committee.members.select_related("member"),
            "page": paginate(request, committee.records.order_by("-held_on", "-pk")),
            "can_manage": can_manage,
            "member_form": CommitteeMemberForm(committee=committee) if can_manage else None,
            "record_form": CommitteeRecordForm() if can_manage else None,
        },
    )


@login_required
@require_POST
def committee_member_add(request, pk: int):
    committee = get_or_404(selectors.committee_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    form = CommitteeMemberForm(request.POST, committee=committee)
    if form.is_valid():
        add = partial(
            services.committee_member_add, actor=request.user, committee=committee, **form.cleaned_data
        )
        attempt(request, add)
    else:
        messages.error(request, _("请选择会员并填写职务。"))
    return redirect("congress_committee_detail", pk=committee.pk)


@login_required
@require_POST
def committee_record_add(request, pk: int):
    committee = get_or_404(selectors.committee_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    form = CommitteeRecordForm(request.POST)
    if form.is_valid():
        record = partial(
            services.committee_record_add, actor=request.user, committee=committee, **form.cleaned_data
        )
        attempt(request, record)
    else:
        messages.error(request, _("请填写日期和事项。"))
    return redirect("congress_committee_detail", pk=committee.pk)


@login_required
def evaluation_create(request, pk: int):
    session = get_or_404(selectors.session_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    form = EvaluationForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_create(
                actor=request.user,
                session=session,
                title=form.cleaned_data["title"],
                cadres=[
                    {**cadre, "user": selectors.cadre_account(session.term.node, cadre["name"])}
                    for cadre in form.cleaned_data["cadres"]
                ],
                tellers=form.cleaned_data["tellers"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已设置民主评议。"))
            return redirect("congress_session_detail", pk=session.pk)
    return _form_page(request, form, _("设置民主评议"), reverse("congress_session_detail", args=[session.pk]))


@never_cache
@login_required
def evaluation_result(request, pk: int):
    evaluation = get_or_404(selectors.evaluation_get, user=request.user, pk=pk)
    try:
        rows = selectors.evaluation_results(user=request.user, evaluation=evaluation)
    except DomainError as exc:
        rows, notice = [], exc.message
    else:
        notice = ""
    return render(
        request, "congress/evaluation_result.html", {"evaluation": evaluation, "rows": rows, "notice": notice}
    )
