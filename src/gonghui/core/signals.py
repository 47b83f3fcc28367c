"""Audit events for logins and lockouts (docs/reliability.md P1, S12)."""

from datetime import timedelta

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from .audit import audit
from .models import AuditEvent


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit(actor=user, action="auth.login")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit(actor=None, action="auth.login_failed", changes={"username": credentials.get("username", "")[:150]})


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    """One event per lockout: axes signals again on every attempt made while the lock holds."""
    username = (username or "")[:150]
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    if not AuditEvent.objects.filter(
        action="auth.locked_out", changes__username=username, at__gte=since, ip=ip_address
    ).exists():
        audit(actor=None, action="auth.locked_out", changes={"username": username})
