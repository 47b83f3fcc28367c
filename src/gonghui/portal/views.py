"""Pages of the member's own union (我的): the member's home, the e-member card, joining online, and the
committee's list of applications. Thin: services write, scoped selectors read."""

from functools import partial

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.idnumber import mask_id_number, mask_phone
from gonghui.core.registry import desk_for, member_sections_for
from gonghui.core.views import attempt, get_or_404, save_form
from gonghui.orgs.cards import CARD_REFRESH, card_token, member_number
from gonghui.orgs.selectors import own_member, reach_paths

from . import selectors, services
from .forms import DeclineForm, JoinForm
from .models import ApplicationStatus
from .roles import PortalCap


@never_cache
@login_required
def portal_home(request):
    """我的: the member's card, what waits for them (the work desk's items) and each app's section."""
    member = own_member(request.user)
    return render(
        request,
        "portal/home.html",
        {
            "member": member,
            "number": member_number(member) if member else "",
            "desk": desk_for(request.user),
            "sections": member_sections_for(request.user, member) if member else [],
            "applications": selectors.own_applications(request.user)[:5],
        },
    )


@never_cache
@login_required
def portal_card(request):
    """电子会员卡: a fresh signed token in the QR each time the page (or its htmx refresh) is drawn."""
    member = own_member(request.user)
    if member is None:
        raise Http404
    token = card_token(member)
    return render(
        request,
        "portal/card.html",
        {
            "member": member,
            "number": member_number(member),
            "qr": segno.make(token, error="m").svg_data_uri(scale=6, border=2),
            "refresh": CARD_REFRESH,
            "made_at": timezone.localtime(),
        },
    )


def join_apply(request):
    """网上入会: open to anyone, signed in or not (工会法 第三条)."""
    form = JoinForm(request.POST or None)
    saved = save_form(
        request,
        form,
        partial(services.join_apply, actor=request.user),
        _("入会申请已提交，工会将在答复期限前审核。请收藏本页以查看进度。"),
    )
    if saved:
        return redirect("join_status", token=services.status_token(saved))
    return render(request, "portal/join_form.html", {"form": form})


@never_cache
def join_status(request, token: str):
    """The applicant's page of their application. The link is the key when it was sent without an account; one
    sent from an account is shown to that account only, so a forwarded link shows nothing."""
    application = services.application_from_token(token)
    if application is None or (application.user_id and application.user_id != request.user.pk):
        raise Http404
    return render(request, "portal/join_status.html", {"application": application})


@login_required
def join_list(request):
    if not reach_paths(request.user, PortalCap.VIEW_JOIN):
        raise Http404  # the committee's page, not everyone's
    status = request.GET.get("status", ApplicationStatus.PENDING)
    applications = selectors.application_list(user=request.user, status=status)
    return render(
        request,
        "portal/join_list.html",
        {
            "applications": applications[:200],
            "status": status,
            "statuses": ApplicationStatus.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
def join_detail(request, pk: int):
    application = get_or_404(selectors.application_get, user=request.user, pk=pk)
    return render(
        request,
        "portal/join_detail.html",
        {
            "application": application,
            # Masked: the committee checks the person by name, tail and employer; the full number reaches the
            # roster once accepted, where revealing it is logged.
            "masked_id": mask_id_number(application.id_number),
            "masked_phone": mask_phone(application.phone),
            "actions": selectors.actions(request.user, application),
            "decline_form": DeclineForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def join_accept(request, pk: int):
    application = get_or_404(selectors.application_get, user=request.user, pk=pk)
    attempt(
        request,
        lambda: services.join_accept(actor=request.user, application=application),
        _("已批准 %(name)s 的入会申请。") % {"name": application.name},
    )
    return redirect(reverse("join_detail", args=[application.pk]))


@login_required
@require_POST
def join_decline(request, pk: int):
    application = get_or_404(selectors.application_get, user=request.user, pk=pk)
    form = DeclineForm(request.POST)
    reason = form.data.get("reason", "")
    attempt(
        request,
        lambda: services.join_decline(actor=request.user, application=application, reason=reason),
        _("已答复 %(name)s：不批准入会。") % {"name": application.name},
    )
    return redirect(reverse("join_detail", args=[application.pk]))
