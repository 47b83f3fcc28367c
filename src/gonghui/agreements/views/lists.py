"""The list of agreements (for readers below the current node, or an employer representative's own), its
spreadsheet export, and the page that starts a new agreement."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.pagination import paginate
from gonghui.core.spreadsheets import write_xlsx
from gonghui.core.views import download_name, save_form, xlsx_response
from gonghui.orgs.guards import node_for
from gonghui.orgs.models import Enterprise, Org
from gonghui.orgs.selectors import enterprise_scope_q, has_cap

from .. import selectors, services
from ..forms import AgreementCreateForm
from ..roles import AgreementCap
from ._common import S


def _list_node(request) -> Org | None:
    """Readers list below the current node; an employer representative lists their own agreements."""
    node = request.node
    if node is not None and has_cap(request.user, AgreementCap.VIEW_AGREEMENTS, node):
        return node
    if selectors.agreement_list(user=request.user).exists():
        return None
    raise Http404


@login_required
def agreement_list(request):
    node = _list_node(request)
    query = request.GET.get("q", "").strip()
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    agreements = selectors.agreement_list(
        user=request.user, node=node, search=query, status=status, kind=kind
    )
    page = paginate(request, agreements)
    today = timezone.localdate()
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "page": page,
            "rows": [{"a": a, "late": [c for c in selectors.clocks(a) if c.overdue(today)]} for a in page],
            "q": query,
            "status": status,
            "kind": kind,
            "statuses": S.choices,
            "kinds": selectors.kind_list(),
            "can_create": node is not None and has_cap(request.user, AgreementCap.MANAGE_AGREEMENTS, node),
        },
    )


@login_required
def agreement_export(request):
    node = _list_node(request)
    agreements = selectors.agreement_list(
        user=request.user,
        node=node,
        search=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
        kind=request.GET.get("kind", ""),
    ).prefetch_related("coverage__enterprise")
    headers = [
        _("名称"), _("种类"), _("层级"), _("工会"), _("覆盖企业"), _("覆盖职工"), _("覆盖女职工"), _("状态"),
        _("签字日期"), _("报送期限"), _("报送日期"), _("生效日期"), _("期限起始"), _("期限终止"),
        _("工资增长幅度（%）"), _("企业最低工资"),
    ]  # fmt: skip
    rows = (
        [
            a.title,
            a.kind.name,
            a.get_level_display(),
            a.node.name,
            "、".join(c.enterprise.name for c in a.coverage.all()),
            a.covered_workers,
            a.women_covered,
            a.get_status_display(),
            a.signed_on,
            a.filing_due,
            a.filed_on,
            a.effective_on,
            a.starts_on,
            a.ends_on,
            a.wage_increase_pct,
            a.minimum_wage,
        ]  # fmt: skip
        for a in agreements
    )
    content = write_xlsx(headers, rows, sheet_name=_("集体合同"))
    return xlsx_response(content, download_name(node.name if node else "", _("集体合同"), suffix=".xlsx"))


@login_required
def agreement_create(request):
    node = node_for(request, AgreementCap.MANAGE_AGREEMENTS)
    enterprises = Enterprise.objects.filter(enterprise_scope_q(node.path)).order_by("name")
    form = AgreementCreateForm(request.POST or None, enterprises=enterprises)
    create = partial(services.agreement_create, actor=request.user, node=node)
    agreement = save_form(
        request,
        form,
        create,
        lambda agreement: _("已建立“%(title)s”，请录入草案。") % {"title": agreement.title},
    )
    if agreement:
        return redirect("agreement_detail", pk=agreement.pk)
    return render(request, "agreements/form.html", {"form": form, "title": _("新建集体合同")})
