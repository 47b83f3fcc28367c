"""Pages for organisations, enterprises, members, transfers and roles. Thin: parse, select or serve, render.

Model forms get a copy of the instance: they write cleaned values into it, and the services diff the
original against the new values for the audit log."""

from copy import copy

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError, NotFound
from gonghui.core.idnumber import mask_id_number, mask_phone
from gonghui.core.pagination import paginate
from gonghui.core.roles import Cap
from gonghui.core.views import get_or_404, xlsx_response

from . import selectors, services
from .export import roster_template_xlsx, roster_xlsx
from .forms import EnterpriseForm, MemberForm, OrgEditForm, OrgForm, RoleGrantForm, TransferForm
from .guards import node_for
from .middleware import SESSION_KEY
from .models import MemberStatus, Org, OrgKind, Sex, TransferStatus
from .rules import YOUTH_MAX_AGE

# --- Home, switching, own record -----------------------------------------------------------------------


@login_required
def home(request):
    node = request.node
    if node is None or not selectors.has_cap(request.user, Cap.VIEW_OVERVIEW, node):
        return redirect("me")
    return _overview(request, node)


@login_required
def org_overview(request, pk: int):
    org = get_or_404(selectors.org_get, user=request.user, pk=pk)
    return _overview(request, org)


def _overview(request, node: Org):
    return render(
        request,
        "orgs/overview.html",
        {
            "data": selectors.overview(user=request.user, node=node),
            "covered": node.enterprises.order_by("name") if node.kind == OrgKind.UNION else None,
            "can_manage": selectors.has_cap(request.user, Cap.MANAGE_ORGS, node),
        },
    )


@login_required
@require_POST
def switch_node(request):
    try:
        node = selectors.org_get(
            user=request.user, pk=int(request.POST.get("node", 0)), cap=Cap.VIEW_OVERVIEW
        )
    except (NotFound, ValueError):
        node = next(
            (n for n in selectors.home_nodes(request.user) if str(n.pk) == request.POST.get("node")), None
        )
        if node is None:
            raise Http404 from None
    request.session[SESSION_KEY] = node.pk
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect(request.POST.get("next") or "home")


@never_cache
@login_required
def me(request):
    member = selectors.own_member(request.user)
    roles = selectors.role_assignments(request.user)
    return render(request, "orgs/me.html", {"member": member, "roles": roles})


# --- Organisations ------------------------------------------------------------------------------------


@login_required
def org_list(request):
    node = node_for(request, Cap.VIEW_OVERVIEW)
    orgs = selectors.org_list(user=request.user, within=node)
    query = request.GET.get("q", "").strip()
    if query:
        orgs = orgs.filter(name__contains=query)
    kind = request.GET.get("kind", "")
    if kind:
        orgs = orgs.filter(kind=kind)
    return render(
        request,
        "orgs/org_list.html",
        {
            "page": paginate(request, orgs),
            "q": query,
            "kind": kind,
            "kinds": OrgKind.choices,
            "node": node,
            "can_manage": selectors.has_cap(request.user, Cap.MANAGE_ORGS, node),
            "base_depth": node.depth,
        },
    )


@login_required
def org_create(request, parent_pk: int):
    parent = get_or_404(selectors.org_get, user=request.user, pk=parent_pk, cap=Cap.MANAGE_ORGS)
    form = OrgForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.org_create(actor=request.user, parent=parent, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已新建“%(name)s”。") % {"name": org.name})
            return redirect("org_list")
    return render(
        request,
        "orgs/form.html",
        {"form": form, "title": _("在“%(name)s”下新建组织") % {"name": parent.name}},
    )


@login_required
def org_edit(request, pk: int):
    org = get_or_404(selectors.org_get, user=request.user, pk=pk, cap=Cap.MANAGE_ORGS)
    form = OrgEditForm(request.POST or None, instance=copy(org))  # the service diffs against `org`
    if request.method == "POST" and form.is_valid():
        try:
            services.org_update(actor=request.user, org=org, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存“%(name)s”。") % {"name": org.name})
            return redirect("org_overview", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("编辑组织")})


# --- Enterprises --------------------------------------------------------------------------------------


@login_required
def enterprise_list(request):
    node = node_for(request, Cap.VIEW_OVERVIEW)
    query = request.GET.get("q", "").strip()
    enterprises = selectors.enterprise_list(user=request.user, node=node, search=query)
    without_union = request.GET.get("without_union") == "1"
    if without_union:
        enterprises = enterprises.filter(union__isnull=True)
    return render(
        request,
        "orgs/enterprise_list.html",
        {
            "page": paginate(request, enterprises),
            "q": query,
            "without_union": without_union,
            "can_manage": selectors.has_cap(request.user, Cap.MANAGE_ORGS, node),
        },
    )


def _enterprise_form(request, instance=None):
    node = node_for(request, Cap.MANAGE_ORGS)
    unions = selectors.union_list(user=request.user, cap=Cap.MANAGE_ORGS, within=node)
    form = EnterpriseForm(request.POST or None, instance=copy(instance), unions=unions)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if instance is None:
                area = (
                    node
                    if node.kind == OrgKind.FEDERATION
                    else next(a for a in reversed(node.ancestor_list()) if a.kind == OrgKind.FEDERATION)
                )
                saved = services.enterprise_create(actor=request.user, area=area, **fields)
            else:
                saved = services.enterprise_update(actor=request.user, enterprise=instance, **fields)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存“%(name)s”。") % {"name": saved.name})
            return redirect("enterprise_list")
    title = _("新建企业") if instance is None else _("编辑企业")
    return render(request, "orgs/form.html", {"form": form, "title": title})


@login_required
def enterprise_create(request):
    return _enterprise_form(request)


@login_required
def enterprise_edit(request, pk: int):
    node = node_for(request, Cap.MANAGE_ORGS)
    return _enterprise_form(
        request, get_or_404(selectors.enterprise_get, user=request.user, pk=pk, node=node)
    )


# --- Members ------------------------------------------------------------------------------------------


def _masked(member, full: bool) -> dict:
    return {
        "id_number": member.id_number if full else mask_id_number(member.id_number),
        "phone": member.phone if full or not member.phone else mask_phone(member.phone),
    }


def _youth_cutoff():
    today = timezone.localdate()
    return today.replace(year=today.year - int(YOUTH_MAX_AGE) - 1)


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
    can_reveal = (
        selectors.has_cap(request.user, Cap.VIEW_FULL_PII, member.union) or member.user_id == request.user.pk
    )
    return render(
        request,
        "orgs/member_detail.html",
        {
            "member": member,
            **_masked(member, False),
            "can_reveal": can_reveal,
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
    """Full value of one field, as an htmx fragment; logged by the service."""
    member = get_or_404(selectors.member_get, user=request.user, pk=pk)
    try:
        value = services.member_reveal(actor=request.user, member=member, field=field)
    except DomainError as exc:
        raise Http404 from exc
    response = render(request, "orgs/member_detail.html#revealed", {"value": value})
    response["Cache-Control"] = "no-store"
    return response


def _member_form(request, member=None):
    node = node_for(request)
    union = member.union if member else node
    if member is None and (
        node.kind != OrgKind.UNION or not selectors.has_cap(request.user, Cap.EDIT_ROSTER, node)
    ):
        raise Http404
    form = MemberForm(request.POST or None, instance=copy(member), union=union)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if member is None:
                saved = services.member_create(actor=request.user, union=union, **fields)
            else:
                saved = services.member_update(actor=request.user, member=member, **fields)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存会员“%(name)s”。") % {"name": saved.name})
            return redirect("member_detail", pk=saved.pk)
    if member is not None and request.method == "GET":
        form.initial["id_number"] = mask_id_number(member.id_number)
    return render(
        request, "orgs/form.html", {"form": form, "title": _("新增会员") if member is None else _("编辑会员")}
    )


@login_required
def member_create(request):
    return _member_form(request)


@login_required
def member_edit(request, pk: int):
    member = get_or_404(selectors.member_get, user=request.user, pk=pk)
    if not selectors.has_cap(request.user, Cap.EDIT_ROSTER, member.union):
        raise Http404
    if request.method == "POST" and "*" in request.POST.get("id_number", ""):
        request.POST = request.POST.copy()
        request.POST["id_number"] = member.id_number  # the masked value came back unchanged
    return _member_form(request, member)


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
    response = xlsx_response(content, f"roster-{node.code}-{timezone.localdate():%Y%m%d}.xlsx")
    response["Cache-Control"] = "no-store"
    return response


@login_required
def member_template(request):
    node_for(request, Cap.EDIT_ROSTER)
    return xlsx_response(roster_template_xlsx(), "roster-template.xlsx")


# --- Transfers ----------------------------------------------------------------------------------------


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
    if request.method == "POST" and form.is_valid():
        to_union = Org.objects.filter(
            code=form.cleaned_data["to_union_code"].strip(), kind=OrgKind.UNION
        ).first()
        if to_union is None:
            form.add_error("to_union_code", _("没有这个代码的基层工会，请向对方核实。"))
        else:
            try:
                services.transfer_request(
                    actor=request.user, member=member, to_union=to_union, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("已提交接转申请，等待“%(union)s”确认。") % {"union": to_union.name}
                )
                return redirect("member_detail", pk=member.pk)
    return render(
        request,
        "orgs/form.html",
        {"form": form, "title": _("办理“%(name)s”的会员关系转出") % {"name": member.name}},
    )


@login_required
@require_POST
def transfer_decide(request, pk: int, decision: str):
    transfer = get_or_404(selectors.transfer_get, user=request.user, pk=pk)
    note = request.POST.get("note", "")
    actions = {
        "accept": services.transfer_accept,
        "reject": services.transfer_reject,
        "cancel": services.transfer_cancel,
    }
    if decision not in actions:
        raise Http404
    try:
        kwargs = {"actor": request.user, "transfer": transfer}
        if decision != "cancel":
            kwargs["note"] = note
        actions[decision](**kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已处理接转申请。"))
    return redirect("transfer_list")


# --- Roles and audit ----------------------------------------------------------------------------------


@login_required
def role_list(request):
    node = node_for(request, Cap.MANAGE_ROLES)
    nodes = selectors.org_list(user=request.user, cap=Cap.MANAGE_ROLES, within=node)
    form = RoleGrantForm(request.POST or None, nodes=nodes)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            form.add_error("username", _("没有这个用户名。"))
        else:
            try:
                services.role_grant(
                    actor=request.user,
                    user=user,
                    node=form.cleaned_data["node"],
                    role=form.cleaned_data["role"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已授予角色。"))
                return redirect("role_list")
    assignments = selectors.role_assignment_list(user=request.user, node=node)
    return render(request, "orgs/role_list.html", {"page": paginate(request, assignments), "form": form})


@login_required
@require_POST
def role_revoke(request, pk: int):
    node = node_for(request, Cap.MANAGE_ROLES)
    assignment = get_or_404(selectors.role_assignment_get, user=request.user, node=node, pk=pk)
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤销角色。"))
    return redirect("role_list")


@login_required
def audit_list(request):
    node = node_for(request, Cap.VIEW_AUDIT)
    events = selectors.audit_list(user=request.user, node=node, action=request.GET.get("action", "").strip())
    return render(
        request,
        "orgs/audit_list.html",
        {"page": paginate(request, events), "action": request.GET.get("action", "")},
    )
