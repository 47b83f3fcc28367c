"""Membership transfers (会员关系接转): the list of the current node's transfers, starting one from a member's
page, and the other side's accept or reject (or the starting side's cancel)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.pagination import paginate
from gonghui.core.roles import Cap
from gonghui.core.views import attempt, get_or_404, save_form

from .. import selectors, services
from ..forms import TransferForm
from ..guards import node_for
from ..models import TransferStatus


@login_required
def transfer_list(request):
    node = node_for(request, Cap.MANAGE_TRANSFERS)
    transfers = selectors.transfer_list(user=request.user, node=node, status=request.GET.get("status", ""))
    page = paginate(request, transfers)
    may = selectors.transfer_decider(request.user)
    return render(
        request,
        "orgs/transfer_list.html",
        {
            "page": page,
            "rows": [{"t": t, **may(t)} for t in page],
            "statuses": TransferStatus.choices,
            "status": request.GET.get("status", ""),
        },
    )


@login_required
def transfer_create(request, member_pk: int):
    member = get_or_404(selectors.member_get, user=request.user, pk=member_pk)
    if not selectors.has_cap(request.user, Cap.MANAGE_TRANSFERS, member.union):
        raise Http404
    form = TransferForm(request.POST or None)

    def start(*, to_union_code, reason):  # the form has found the union the code names
        return services.transfer_request(
            actor=request.user, member=member, to_union=to_union_code, reason=reason
        )

    started = save_form(
        request,
        form,
        start,
        lambda transfer: _("已提交接转申请，等待“%(union)s”确认。") % {"union": transfer.to_union.name},
    )
    if started:
        return redirect("member_detail", pk=member.pk)
    return render(
        request,
        "orgs/form.html",
        {"form": form, "title": _("办理“%(name)s”的会员关系转出") % {"name": member.name}},
    )


DECISIONS = {
    "accept": services.transfer_accept,
    "reject": services.transfer_reject,
    "cancel": services.transfer_cancel,
}


@login_required
@require_POST
def transfer_decide(request, pk: int, decision: str):
    transfer = get_or_404(selectors.transfer_get, user=request.user, pk=pk)
    if decision not in DECISIONS:
        raise Http404
    note = {} if decision == "cancel" else {"note": request.POST.get("note", "")}
    decide = partial(DECISIONS[decision], actor=request.user, transfer=transfer, **note)
    attempt(request, decide, _("已处理接转申请。"))
    return redirect("transfer_list")
