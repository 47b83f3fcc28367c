"""Roles granted in the current node's subtree (granting and revoking them) and the audit log."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.audit import action_label, readable_changes
from gonghui.core.pagination import paginate
from gonghui.core.registry import AUDIT_ACTIONS
from gonghui.core.roles import Cap
from gonghui.core.views import attempt, get_or_404, save_form

from .. import selectors, services
from ..forms import RoleGrantForm
from ..guards import node_for


@login_required
def role_list(request):
    node = node_for(request, Cap.MANAGE_ROLES)
    nodes = selectors.org_list(user=request.user, cap=Cap.MANAGE_ROLES, within=node)
    form = RoleGrantForm(request.POST or None, nodes=nodes)

    def grant(*, username, **fields):  # the form has found the user the name belongs to
        return services.role_grant(actor=request.user, user=username, **fields)

    if save_form(request, form, grant, _("已授予角色。")):
        return redirect("role_list")
    assignments = selectors.role_assignment_list(user=request.user, node=node)
    return render(request, "orgs/role_list.html", {"page": paginate(request, assignments), "form": form})


@login_required
@require_POST
def role_revoke(request, pk: int):
    node = node_for(request, Cap.MANAGE_ROLES)
    assignment = get_or_404(selectors.role_assignment_get, user=request.user, node=node, pk=pk)
    attempt(
        request, partial(services.role_revoke, actor=request.user, assignment=assignment), _("已撤销角色。")
    )
    return redirect("role_list")


@login_required
def audit_list(request):
    node = node_for(request, Cap.VIEW_AUDIT)
    action = request.GET.get("action", "").strip()
    events = selectors.audit_list(user=request.user, node=node, action=action).select_related("actor")
    page = paginate(request, events)
    rows = [
        {
            "event": e,
            "action": action_label(e.action),
            "who": (e.actor.get_full_name() if e.actor else "") or e.actor_name,
            "changes": readable_changes(e),
        }
        for e in page
    ]
    actions = sorted(((code, str(label)) for code, label in AUDIT_ACTIONS.items()), key=lambda pair: pair[0])
    return render(
        request, "orgs/audit_list.html", {"page": page, "rows": rows, "action": action, "actions": actions}
    )
