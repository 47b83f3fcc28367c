"""The organisation tree below the current node and the enterprises it covers: lists, new and edit pages.

Model forms get a copy of the instance: they write cleaned values into it, and the services diff the original
against the new values for the audit log."""

from copy import copy
from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.pagination import paginate
from gonghui.core.roles import Cap
from gonghui.core.views import get_or_404, save_form

from .. import selectors, services
from ..forms import EnterpriseForm, OrgEditForm, OrgForm
from ..guards import node_for
from ..models import Org, OrgKind


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
    create = partial(services.org_create, actor=request.user, parent=parent)
    if save_form(request, form, create, lambda org: _("已新建“%(name)s”。") % {"name": org.name}):
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
    update = partial(services.org_update, actor=request.user, org=org)
    if save_form(request, form, update, lambda org: _("已保存“%(name)s”。") % {"name": org.name}):
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


@login_required
def enterprise_create(request):
    node = node_for(request, Cap.MANAGE_ORGS)

    def create(**fields):
        return services.enterprise_create(actor=request.user, area=_area(node), **fields)

    return _enterprise_form(request, node, create, title=_("新建企业"))


@login_required
def enterprise_edit(request, pk: int):
    node = node_for(request, Cap.MANAGE_ORGS)
    enterprise = get_or_404(selectors.enterprise_get, user=request.user, pk=pk, node=node)
    update = partial(services.enterprise_update, actor=request.user, enterprise=enterprise)
    return _enterprise_form(request, node, update, title=_("编辑企业"), instance=enterprise)


def _area(node: Org) -> Org:
    """The federation whose area a new enterprise is registered in: the node, or the nearest above it."""
    if node.kind == OrgKind.FEDERATION:
        return node
    return next(a for a in reversed(node.ancestor_list()) if a.kind == OrgKind.FEDERATION)


def _enterprise_form(request, node: Org, save, *, title: str, instance=None):
    unions = selectors.union_list(user=request.user, cap=Cap.MANAGE_ORGS, within=node)
    form = EnterpriseForm(request.POST or None, instance=copy(instance), unions=unions)
    if save_form(request, form, save, lambda enterprise: _("已保存“%(name)s”。") % {"name": enterprise.name}):
        return redirect("enterprise_list")
    return render(request, "orgs/form.html", {"form": form, "title": title})
