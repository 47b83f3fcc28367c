"""Pages of a congress term: the list of terms, a new term, one term with its representatives, and adding,
importing, retiring and exporting representatives."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.calendar import estimated
from gonghui.core.errors import DomainError
from gonghui.core.pagination import paginate
from gonghui.core.spreadsheets import SpreadsheetError, read_rows, write_xlsx
from gonghui.core.views import attempt, download_name, get_or_404, save_form, xlsx_response
from gonghui.orgs.guards import node_for
from gonghui.orgs.models import OrgKind

from .. import selectors, services
from ..forms import RepresentativeForm, RepresentativeImportForm, TermForm
from ..models import RepresentativeStatus
from ..roles import CongressCap
from ._common import _can_manage, _form_page


@login_required
def term_list(request):
    node = node_for(request, CongressCap.VIEW_CONGRESS)
    query = request.GET.get("q", "").strip()
    page = paginate(request, selectors.term_list(user=request.user, node=node, search=query))
    rows = []
    for term in page:
        overdue = selectors.session_overdue(term)
        rows.append({"term": term, "overdue": overdue, "provisional": bool(overdue and estimated(overdue))})
    return render(
        request,
        "congress/term_list.html",
        {
            "page": page,
            "rows": rows,
            "q": query,
            "can_create": node.kind == OrgKind.UNION and _can_manage(request.user, node),
        },
    )


@login_required
def term_create(request):
    node = node_for(request, CongressCap.MANAGE_CONGRESS)
    if node.kind != OrgKind.UNION:
        raise Http404  # a congress belongs to a grassroots union: switch to one first
    form = TermForm(request.POST or None)
    create = partial(services.term_create, actor=request.user, node=node)
    term = save_form(request, form, create, lambda term: _("已登记%(term)s。") % {"term": term})
    if term:
        return redirect("congress_term_detail", pk=term.pk)
    return _form_page(request, form, _("登记新一届职代会"), reverse("congress_term_list"))


@never_cache
@login_required
def term_detail(request, pk: int):
    term = get_or_404(selectors.term_get, user=request.user, pk=pk)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    overdue = selectors.session_overdue(term)
    return render(
        request,
        "congress/term_detail.html",
        {
            "term": term,
            "composition": selectors.composition(term),
            "overdue": overdue,
            "overdue_provisional": bool(overdue and estimated(overdue)),
            "page": paginate(request, selectors.representative_list(term=term, search=query, status=status)),
            "q": query,
            "status": status,
            "statuses": RepresentativeStatus.choices,
            "sessions": selectors.session_list(term=term),
            "committees": term.committees.all(),
            "can_manage": _can_manage(request.user, term.node),
        },
    )


@login_required
def representative_add(request, pk: int):
    term = get_or_404(selectors.term_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    form = RepresentativeForm(request.POST or None, term=term)
    add = partial(services.representative_add, actor=request.user, term=term)
    if save_form(request, form, add, lambda added: _("已登记代表%(name)s。") % {"name": added.member.name}):
        return redirect("congress_term_detail", pk=term.pk)
    return _form_page(request, form, _("登记代表"), reverse("congress_term_detail", args=[term.pk]))


@login_required
def representative_import(request, pk: int):
    term = get_or_404(selectors.term_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    form = RepresentativeImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload.read(), upload.name)
            count = services.representatives_import(actor=request.user, term=term, rows=rows)
        except SpreadsheetError as exc:
            form.add_error("file", exc.message)
        except DomainError as exc:
            for line in exc.message.splitlines():
                form.add_error(None, line)
        else:
            messages.success(request, _("已导入 %(n)s 名代表。") % {"n": count})
            return redirect("congress_term_detail", pk=term.pk)
    return render(request, "congress/representative_import.html", {"form": form, "term": term})


@login_required
@require_POST
def representative_leave(request, pk: int):
    representative = get_or_404(selectors.representative_get, user=request.user, pk=pk)
    leave = partial(
        services.representative_leave,
        actor=request.user,
        representative=representative,
        left_on=timezone.localdate(),
    )
    attempt(request, leave, _("%(name)s 已离任，其签到码已作废。") % {"name": representative.member.name})
    return redirect("congress_term_detail", pk=representative.term_id)


@login_required
def representative_export(request, pk: int):
    term = get_or_404(selectors.term_get, user=request.user, pk=pk)
    rows = [
        [
            r.constituency,
            r.member.name,
            r.member.get_sex_display(),
            r.member.department,
            _("是") if r.is_manager else "",
            _("是") if r.is_frontline else "",
            _("是") if r.is_teacher else "",
            r.elected_on,
            r.get_status_display(),
        ]
        for r in selectors.representative_list(term=term)
    ]
    headers = [
        _("代表团/选区"),
        _("姓名"),
        _("性别"),
        _("部门"),
        _("中层以上"),
        _("一线"),
        _("教师"),
        _("当选日期"),
        _("状态"),
    ]
    return xlsx_response(
        write_xlsx(headers, rows), download_name(term.node.name, str(term), _("代表名单"), suffix=".xlsx")
    )
