"""The user's own notifications: a list, and marking them read."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.pagination import paginate
from gonghui.core.views import get_or_404

from . import selectors, services


@never_cache
@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.notification_list(user=request.user, unread_only=unread_only)
    return render(
        request,
        "notices/notification_list.html",
        {"page": paginate(request, notifications), "unread_only": unread_only},
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one read; with `open`, go on to the page it points at."""
    notification = get_or_404(selectors.notification_get, user=request.user, pk=pk)
    services.mark_read(user=request.user, notification=notification)
    target = notification.url
    if request.POST.get("open") and target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request):
    services.mark_read(user=request.user)
    return redirect("notification_list")
