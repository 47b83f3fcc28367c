"""The overview (of the current node, or of another in reach), switching the node one works at, and one's own
record."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.errors import NotFound
from gonghui.core.registry import desk_for
from gonghui.core.roles import Cap
from gonghui.core.views import get_or_404

from .. import selectors
from ..middleware import SESSION_KEY
from ..models import Org, OrgKind


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
