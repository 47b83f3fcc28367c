"""The federation's statistics: signing and coverage rates by kind with drill-down, the lists behind them, the
monthly trend, the spreadsheet export, and the targets of the year's plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.charts import line_chart
from gonghui.core.errors import DomainError
from gonghui.core.pagination import paginate
from gonghui.core.spreadsheets import write_xlsx, write_xlsx_sheets
from gonghui.core.views import download_name, get_or_404, xlsx_response
from gonghui.orgs.guards import node_for
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.selectors import has_cap, org_get

from .. import services, stats
from ..forms import TargetForm
from ..roles import AgreementCap
from ..rules import EXPIRING_WITHIN_DAYS

STATS_LISTS = {
    "enterprises": gettext_lazy("合同覆盖企业"),
    "expiring": gettext_lazy("即将期满"),
    "late": gettext_lazy("逾期报送"),
    "without": gettext_lazy("未签合同企业"),
}
UNIONISED_FILTER = {"yes": True, "no": False}  # ?union= on the 未签合同企业 list


def _stats_node(request) -> Org:
    """The node chosen with ?node= (drill-down; must lie in the user's reach) or the current node."""
    wanted = request.GET.get("node", "")
    if wanted.isdigit():
        return get_or_404(org_get, user=request.user, pk=int(wanted), cap=AgreementCap.VIEW_AGREEMENT_STATS)
    return node_for(request, AgreementCap.VIEW_AGREEMENT_STATS)


def _stats_options(request) -> stats.Options:
    return stats.Options.parse(
        year=request.GET.get("year"), scope=request.GET.get("scope", ""), unit=request.GET.get("unit", "")
    )


def _stats_list(request, node, options, which: str):
    """The list on the statistics page, narrowed by ?q= (a name) and, for 未签合同企业, ?union=yes|no."""
    search = request.GET.get("q", "").strip()
    if which in ("expiring", "late"):
        lister = stats.expiring_list if which == "expiring" else stats.late_filing_list
        agreements = lister(user=request.user, node=node)
        return (
            agreements.filter(Q(title__contains=search) | Q(node__name__contains=search))
            if search
            else agreements
        )
    if which == "without":
        unionised = UNIONISED_FILTER.get(request.GET.get("union", ""))
        enterprises = stats.without_agreement_list(user=request.user, node=node, unionised=unionised)
    else:
        enterprises = stats.enterprise_kinds(user=request.user, node=node, options=options)
    return enterprises.filter(name__contains=search) if search else enterprises


def _list_export(request, node, options, which: str):
    """The list alone as a spreadsheet, filtered as on the page: the one a cadre works through."""
    rows = _stats_list(request, node, options, which)
    if which in ("expiring", "late"):
        headers = [_("名称"), _("种类"), _("工会"), _("状态"), _("签字日期"), _("报送期限"), _("报送日期"),
                   _("期限终止")]  # fmt: skip
        body = ([a.title, a.kind.name, a.node.name, a.get_status_display(), a.signed_on, a.filing_due, a.filed_on,
                 a.ends_on] for a in rows)  # fmt: skip
    else:
        enterprises = list(rows)
        kinds_of = stats.kinds_in_force(enterprises) if which == "enterprises" else {}
        headers = [_("企业"), _("统一社会信用代码"), _("工会"), _("所在地区"), _("职工人数")]
        if which == "enterprises":
            headers.append(_("生效合同种类"))
        body = (
            [e.name, e.credit_code, e.union.name if e.union else _("未建会"), e.area.name, e.worker_count]
            + (["、".join(k.name for k in kinds_of[e.pk])] if which == "enterprises" else [])
            for e in enterprises
        )
    label = str(STATS_LISTS[which])
    return xlsx_response(
        write_xlsx(headers, body, sheet_name=label), download_name(node.name, label, suffix=".xlsx")
    )


@login_required
def agreement_stats(request):
    node = _stats_node(request)
    options = _stats_options(request)
    data = stats.node_stats(user=request.user, node=node, options=options)
    which = request.GET.get("list", "")
    which = which if which in STATS_LISTS else "enterprises"
    if request.GET.get("export") == "xlsx":
        return _list_export(request, node, options, which)
    page = paginate(request, _stats_list(request, node, options, which))
    months = stats.trend(user=request.user, node=node, options=options)
    return render(
        request,
        "agreements/stats.html",
        {
            "data": data,
            "node": node,
            "ancestors": [
                a for a in node.ancestor_list() if has_cap(request.user, AgreementCap.VIEW_AGREEMENT_STATS, a)
            ],
            "options": options,
            "scopes": stats.SCOPES,
            "units": stats.UNITS,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "lists": STATS_LISTS,
            "which": which,
            "search": request.GET.get("q", ""),
            "union_filter": request.GET.get("union", ""),
            "page": page,
            "enterprise_rows": _enterprise_rows(page) if which == "enterprises" else [],
            "table": [
                {"kind": k, "cells": [(f.code, data.total.rates[k.pk][f.code]) for f in stats.FORMULAS]}
                for k in data.kinds
            ],
            "children": [
                {
                    "row": row,
                    "cells": [(row.rates[k.pk]["signing"], row.rates[k.pk]["coverage"]) for k in data.kinds],
                }
                for row in data.children
            ],
            "months": months,
            "trend": [
                {
                    "month": m.month,
                    "cells": [(m.signed[k.pk], m.filed[k.pk], m.rate[k.pk]) for k in data.kinds],
                }
                for m in months
            ],
            "trend_chart": _trend_chart(data.kinds, months),
            "expiring_days": EXPIRING_WITHIN_DAYS,
            "can_set_targets": _can_set_targets(request.user, node),
        },
    )


def _trend_chart(kinds, months) -> dict:
    """The signing rate at each month's end, one line per kind."""
    return line_chart(
        [f"{m.month:%Y-%m}" for m in months],
        {kind.name: [_number(m.rate[kind.pk].percent) for m in months] for kind in kinds},
        percent=True,
    )


def _number(percent) -> float | None:
    return None if percent is None else float(percent)


def _enterprise_rows(page) -> list[tuple]:
    kinds = stats.kinds_in_force(page)
    return [(e, kinds[e.pk]) for e in page]


def _can_set_targets(user, node) -> bool:
    return node.kind == OrgKind.FEDERATION and has_cap(user, AgreementCap.SET_TARGETS, node)


def _dash(value):
    return "—" if value is None else value


@login_required
def agreement_stats_export(request):
    node = _stats_node(request)
    options = _stats_options(request)
    data = stats.node_stats(user=request.user, node=node, options=options)
    rate_headers = [
        _("单位"),
        _("种类"),
        _("指标"),
        _("分子"),
        _("分母"),
        _("比率（%）"),
        _("目标（%）"),
        _("是否达标"),
    ]

    def rate_rows(rows):
        for row in rows:
            for kind in data.kinds:
                for formula in stats.FORMULAS:
                    rate = row.rates[kind.pk][formula.code]
                    met = {True: _("达标"), False: _("未达标"), None: ""}[rate.met]
                    yield [row.label, kind.name, str(formula.name), rate.numerator, rate.denominator,
                           _dash(rate.percent), rate.target, met]  # fmt: skip

    agreement_headers = [_("名称"), _("种类"), _("工会"), _("状态"), _("签字日期"), _("报送期限"), _("报送日期"),
                         _("期限终止")]  # fmt: skip

    def agreement_rows(agreements):
        for a in agreements:
            yield [a.title, a.kind.name, a.node.name, a.get_status_display(), a.signed_on, a.filing_due,
                   a.filed_on, a.ends_on]  # fmt: skip

    enterprises = list(stats.enterprise_kinds(user=request.user, node=node, options=options))
    kinds_of = stats.kinds_in_force(enterprises)
    months = stats.trend(user=request.user, node=node, options=options)
    sheets = [
        (_("指标说明"), [_("指标"), _("分子"), _("分母"), _("范围")],
         [[f["name"], f["numerator"], f["denominator"], f["scope"]] for f in data.formulas]),
        (_("各类合同"), rate_headers, rate_rows([data.total])),
        (_("下级"), rate_headers, rate_rows(data.children)),
        (_("合同覆盖企业"), [_("企业"), _("工会"), _("职工人数"), _("生效合同种类")],
         [[e.name, e.union.name if e.union else "", e.worker_count, "、".join(k.name for k in kinds_of[e.pk])]
          for e in enterprises]),
        (_("即将期满"), agreement_headers, agreement_rows(stats.expiring_list(user=request.user, node=node))),
        (_("逾期报送"), agreement_headers, agreement_rows(stats.late_filing_list(user=request.user, node=node))),
        (_("未签合同企业"), [_("企业"), _("工会"), _("职工人数")],
         [[e.name, e.union.name if e.union else _("未建会"), e.worker_count]
          for e in stats.without_agreement_list(user=request.user, node=node)]),
        (_("月度趋势"), [_("月份"), _("种类"), _("签字份数"), _("报送份数"), _("月末签订率（%）")],
         [[f"{m.month:%Y-%m}", k.name, m.signed[k.pk], m.filed[k.pk], _dash(m.rate[k.pk].percent)]
          for m in months for k in data.kinds]),
    ]  # fmt: skip
    return xlsx_response(
        write_xlsx_sheets(sheets),
        download_name(node.name, _("%(year)s年集体合同统计") % {"year": options.year}, suffix=".xlsx"),
    )


@login_required
def agreement_target_list(request):
    node = _stats_node(request)
    year = stats.Options.parse(year=request.GET.get("year")).year
    can_set = _can_set_targets(request.user, node)
    form = TargetForm(request.POST if request.method == "POST" and can_set else None, initial={"year": year})
    if request.method == "POST":
        if not can_set:
            raise Http404
        if _target_post(request, node, form):
            return redirect(f"{reverse('agreement_target_list')}?node={node.pk}&year={year}")
    return render(
        request,
        "agreements/target_list.html",
        {
            "node": node,
            "year": year,
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
            "targets": stats.target_list(user=request.user, node=node, year=year),
            "form": form,
            "can_set": can_set,
        },
    )


def _target_post(request, node, form) -> bool:
    """Create, change or delete a target; a refusal shows the service's message and changes nothing."""
    action = request.POST.get("action", "create")
    try:
        if action in ("update", "delete"):
            wanted = request.POST.get("target", "")
            targets = stats.target_list(user=request.user, node=node).filter(node=node)
            target = targets.filter(pk=int(wanted)).first() if wanted.isdigit() else None
            if target is None:
                raise Http404
            if action == "update":
                services.target_update(actor=request.user, target=target, percent=request.POST.get("percent"))
            else:
                services.target_delete(actor=request.user, target=target)
        elif form.is_valid():
            services.target_create(actor=request.user, node=node, **form.cleaned_data)
        else:
            return False
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, _("工作目标已保存。"))
    return True
