"""The overview (of the current node, or of another in reach), switching the node one works at, and one's own
record."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.errors import NotFound
from gonghui.core.registry import MEMBER_HOME, desk_for
from gonghui.core.roles import Cap, Role
from gonghui.core.views import get_or_404

from .. import selectors
from ..middleware import SESSION_KEY
from ..models import Org, OrgKind

# Roles a rank-and-file member holds on their own union: they work for no one, so they land on their own page.
_MEMBER_ROLES = {Role.MEMBER, Role.WORKER_REP}


@login_required
def landing(request):
    """Where signing in leads: a member holding no staff role to their own union's page (我的, when an app
    draws one: core.registry.member_home), everyone else to the work desk."""
    user = request.user
    staff = user.is_superuser or any(a.role not in _MEMBER_ROLES for a in selectors.role_assignments(user))
    if MEMBER_HOME and not staff and selectors.own_member(user) is not None:
        return redirect(MEMBER_HOME[0])
    return redirect("home")


@never_cache
@login_required
def home(request):
    """The work desk first (what needs the user, from every app), then the node's overview for those who may see
    it, or one's own record for the others."""
    desk = desk_for(request.user)
    node = request.node
    if node is not None and selectors.has_cap(request.user, Cap.VIEW_OVERVIEW, node):
        return _overview(request, node, desk=desk)
    return render(
        request,
        "orgs/home.html",
        {
            "desk": desk,
            "member": selectors.own_member(request.user),
            "roles": selectors.role_assignments(request.user),
        },
    )


@login_required
def org_overview(request, pk: int):
    org = get_or_404(selectors.org_get, user=request.user, pk=pk)
    return _overview(request, org)


def _overview(request, node: Org, desk: list | None = None):
    return render(
        request,
        "orgs/overview.html",
        {
            "data": selectors.overview(user=request.user, node=node),
            # The breadcrumb stops where the user's reach does: a union's chair is not shown the federations above.
            "ancestors": [
                a for a in node.ancestor_list() if selectors.has_cap(request.user, Cap.VIEW_OVERVIEW, a)
            ],
            "covered": node.enterprises.order_by("name") if node.kind == OrgKind.UNION else None,
            "can_manage": selectors.has_cap(request.user, Cap.MANAGE_ORGS, node),
            "desk": desk,
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
