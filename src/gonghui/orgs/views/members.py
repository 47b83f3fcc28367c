"""The roster below the current node: the list, one member (masked, with a logged reveal of the full ID number
or phone), adding and editing, the spreadsheet export and the blank template.

Model forms get a copy of the instance: they write cleaned values into it, and the services diff the original
against the new values for the audit log."""

from copy import copy
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.idnumber import mask_id_number, mask_phone
from gonghui.core.pagination import paginate
from gonghui.core.roles import Cap
from gonghui.core.views import download_name, get_or_404, save_form, xlsx_response

from .. import selectors, services
from ..export import roster_template_xlsx, roster_xlsx
from ..forms import MemberForm
from ..guards import node_for
from ..models import MemberStatus, Org, OrgKind, Sex
from ..rules import YOUTH_MAX_AGE


def _masked(member, full: bool) -> dict:
    return {
        "id_number": member.id_number if full else mask_id_number(member.id_number),
        "phone": member.phone if full or not member.phone else mask_phone(member.phone),
    }


def _youth_cutoff():
    today = timezone.localdate()
    return today.replace(year=today.year - int(YOUTH_MAX_AGE) - 1)


def _can_reveal(user, member) -> bool:
    return selectors.has_cap(user, Cap.VIEW_FULL_PII, member.union) or member.user_id == user.pk


@never_cache
@login_required
def member_list(request):
    node = node_for(request, Cap.VIEW_ROSTER)
    params = {key: request.GET.get(key, "").strip() for key in ("q", "status", "sex", "sort")}
    members = selectors.member_list(
        user=request.user,
        node=node,
        search=params["q"],
        status=params["status"],
        sex=params["sex"],
        sort=params["sort"] or "name",
    )
    page = paginate(request, members)
    cutoff = _youth_cutoff()
    rows = [{"m": m, "youth": m.birth_date > cutoff, **_masked(m, False)} for m in page]
    template = (
        "orgs/member_list.html#rows"
        if request.htmx and request.htmx.target == "roster"
        else "orgs/member_list.html"
    )
    return render(
        request,
        template,
        {
            "page": page,
            "rows": rows,
            "params": params,
            "statuses": MemberStatus.choices,
            "sexes": Sex.choices,
            "can_edit": selectors.has_cap(request.user, Cap.EDIT_ROSTER, node) and node.kind == OrgKind.UNION,
            "can_export": selectors.has_cap(request.user, Cap.EXPORT_ROSTER, node),
            "youth_rule": YOUTH_MAX_AGE,
        },
    )


@never_cache
@login_required
def member_detail(request, pk: int):
    member = get_or_404(selectors.member_get, user=request.user, pk=pk)
    return render(
        request,
        "orgs/member_detail.html",
        {
            "member": member,
            **_masked(member, False),
            "can_reveal": _can_reveal(request.user, member),
            "can_edit": selectors.has_cap(request.user, Cap.EDIT_ROSTER, member.union),
            "can_transfer": selectors.has_cap(request.user, Cap.MANAGE_TRANSFERS, member.union),
            "youth": member.birth_date > _youth_cutoff(),
            "youth_rule": YOUTH_MAX_AGE,
            "transfers": member.transfers.select_related("from_union", "to_union"),
        },
    )


@never_cache
@login_required
@require_POST
def member_reveal(request, pk: int, field: str):
    """Full value of one field, as an htmx fragment; logged by the service. Whoever has no reveal button gets a
    404, as for a member they cannot see."""
    member = get_or_404(selectors.member_get, user=request.user, pk=pk)
    if field not in services.REVEALABLE_FIELDS or not _can_reveal(request.user, member):
        raise Http404
    value = services.member_reveal(actor=request.user, member=member, field=field)
    response = render(request, "orgs/member_detail.html#revealed", {"value": value})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def member_create(request):
    union = node_for(request, Cap.EDIT_ROSTER)
    if union.kind != OrgKind.UNION:
        raise Http404  # a member is registered in a grassroots union's roster: switch to one first
    create = partial(services.member_create, actor=request.user, union=union)
    return _member_form(request, union, create)


@login_required
def member_edit(request, pk: int):
    member = get_or_404(selectors.member_get, user=request.user, pk=pk)
    if not selectors.has_cap(request.user, Cap.EDIT_ROSTER, member.union):
        raise Http404
    if request.method == "POST" and "*" in request.POST.get("id_number", ""):
        request.POST = request.POST.copy()
        request.POST["id_number"] = member.id_number  # the masked value came back unchanged
    update = partial(services.member_update, actor=request.user, member=member)
    return _member_form(request, member.union, update, member)


def _member_form(request, union: Org, save, member=None):
    form = MemberForm(request.POST or None, instance=copy(member), union=union)
    saved = save_form(request, form, save, lambda saved: _("已保存会员“%(name)s”。") % {"name": saved.name})
    if saved:
        return redirect("member_detail", pk=saved.pk)
    if member is not None and request.method == "GET":
        form.initial["id_number"] = mask_id_number(member.id_number)
    return render(
        request, "orgs/form.html", {"form": form, "title": _("新增会员") if member is None else _("编辑会员")}
    )


@never_cache
@login_required
def member_export(request):
    node = node_for(request, Cap.EXPORT_ROSTER)
    full = selectors.has_cap(request.user, Cap.VIEW_FULL_PII, node)
    members = selectors.member_list(
        user=request.user,
        node=node,
        search=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
        sex=request.GET.get("sex", ""),
    )
    content, count = roster_xlsx(members, full=full)
    services.roster_exported(actor=request.user, node=node, count=count, full=full)
    response = xlsx_response(content, download_name(node.name, _("会员名册"), suffix=".xlsx"))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def member_template(request):
    node = node_for(request, Cap.EDIT_ROSTER)
    return xlsx_response(
        roster_template_xlsx(), download_name(node.name, _("会员名册导入模板"), suffix=".xlsx")
    )
