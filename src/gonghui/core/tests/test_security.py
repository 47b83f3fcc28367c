"""Login throttling, headers, audit immutability, the database-down answer (docs/reliability.md S11–S13, P1, P2, R4)."""

import os
import secrets
import subprocess
import sys

import pytest
from django.db import DatabaseError, OperationalError, connection, transaction
from django.test import Client
from django.urls import reverse

from gonghui.core.models import AuditEvent
from gonghui.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_login_with_correct_password_rotates_the_session_and_is_audited():
    UserFactory(username="chair")
    client = Client()
    client.get(reverse("login"))
    before = client.cookies.get("sessionid")
    response = _login(client, "chair", "pass-word-123")
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != (before.value if before else None)
    assert AuditEvent.objects.filter(action="auth.login", actor_name="chair").count() == 1


def test_repeated_failures_lock_only_that_user_from_that_address(settings):
    UserFactory(username="victim")
    UserFactory(username="neighbour")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "victim", "wrong")
    locked = _login(client, "victim", "pass-word-123")
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    # A colleague behind the same NAT still gets in; so does the victim from another address.
    assert _login(Client(), "neighbour", "pass-word-123").status_code == 302
    assert _login(Client(), "victim", "pass-word-123", address="10.0.0.2").status_code == 302
    assert AuditEvent.objects.filter(action="auth.locked_out").count() == 1
    assert AuditEvent.objects.filter(action="auth.login_failed").count() >= settings.AXES_FAILURE_LIMIT


def test_many_successful_logins_from_one_address_are_not_blocked():
    users = [UserFactory(username=f"rep{i}") for i in range(30)]
    for user in users:
        assert _login(Client(), user.username, "pass-word-123").status_code == 302


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory(username="hashed")
    assert user.password.startswith("argon2$")


def test_pages_send_security_headers():
    response = Client().get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_audit_log_refuses_edits_and_deletes():
    event = AuditEvent.objects.create(action="test.event")
    event.action = "tampered"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger exists on PostgreSQL")
def test_audit_log_is_append_only_in_postgresql_itself():
    AuditEvent.objects.create(action="test.event")
    for statement in ("UPDATE core_auditevent SET action = 'x'", "DELETE FROM core_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.filter(action="test.event").count() == 1


def test_database_outage_answers_503_with_retry_after(monkeypatch):
    user = UserFactory(username="cadre")
    client = Client(raise_request_exception=False)
    client.force_login(user)

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("gonghui.orgs.selectors.own_member", down)
    response = client.get(reverse("me"))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "稍后" in response.content.decode()


def test_production_settings_pass_the_deploy_check(tmp_path):
    """S11: `check --deploy` with the production environment reports nothing."""
    env = {
        **os.environ,
        "HTTPS": "true",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "gonghui.example.org",
        "GONGHUI_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "gonghui.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_deactivated_user_loses_their_session():
    user = UserFactory(username="leaver")
    client = Client()
    client.force_login(user)
    assert client.get(reverse("me")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("me")).status_code == 302


def test_pages_with_personal_data_are_not_cached(tree):
    client = Client()
    client.force_login(tree.chair_a)
    response = client.get(reverse("member_detail", kwargs={"pk": tree.members_a[0].pk}))
    assert "no-store" in response["Cache-Control"]
