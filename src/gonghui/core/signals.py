"""Audit events for logins and lockouts (RELIABILITY.md P1, S12)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .audit import audit


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit(actor=user, action="auth.login")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit(actor=None, action="auth.login_failed", changes={"username": credentials.get("username", "")[:150]})


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit(actor=None, action="auth.locked_out", changes={"username": (username or "")[:150]})
