"""Pages for union committee meetings: the list in the user's reach and the form to record one. Thin."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from gonghui.core.pagination import paginate
from gonghui.core.views import save_form
from gonghui.orgs.models import OrgKind
from gonghui.orgs.selectors import org_list

from . import selectors, services
from .forms import MeetingForm
from .roles import MeetingCap


@login_required
def meeting_list(request):
    meetings = selectors.meeting_list(user=request.user)
    can_record = org_list(user=request.user, cap=MeetingCap.RECORD_MEETING).exists()
    return render(
        request, "meetings/meeting_list.html", {"page": paginate(request, meetings), "can_record": can_record}
    )


@login_required
def meeting_create(request):
    nodes = org_list(user=request.user, cap=MeetingCap.RECORD_MEETING).filter(
        kind__in=(OrgKind.UNION, OrgKind.FEDERATION)
    )
    if not nodes.exists():
        raise Http404
    initial = {}
    if request.node is not None and nodes.filter(pk=request.node.pk).exists():
        initial["node"] = request.node
    form = MeetingForm(request.POST or None, nodes=nodes, initial=initial)
    meeting = save_form(
        request, form, partial(services.meeting_record, actor=request.user), _("会议已记录。")
    )
    if meeting:
        back = request.GET.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return redirect(back)
        return redirect("meeting_list")
    return render(request, "meetings/meeting_form.html", {"form": form})
