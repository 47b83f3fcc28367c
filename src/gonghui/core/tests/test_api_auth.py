"""Signing in to /api/v1 with a token or the browser session, and the error body every failure shares."""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import ApiToken
from gonghui.core.roles import Role
from gonghui.core.services import token_create, token_delete
from gonghui.orgs.models import Member, OrgKind
from gonghui.orgs.tests.factories import UserFactory, grant, make_id_number, org_child, org_root

pytestmark = pytest.mark.django_db

CSRF_SECRET = "a" * 32  # any 32 alphanumerics are a valid CSRF secret, used as cookie and header alike
UNAUTHORIZED = {
    "code": "unauthorized",
    "message": "请先登录，或在 Authorization 头中提供有效的 API 令牌（Bearer）。",
}


@pytest.fixture
def union():
    return org_child(org_root(), "甲公司工会", kind=OrgKind.UNION)


@pytest.fixture
def chair(union):
    user = UserFactory()
    grant(user, union, Role.UNION_CHAIR)
    return user


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def new_member(union) -> dict:
    return {"union_id": union.pk, "name": "陈晓", "id_number": make_id_number(date(1990, 6, 1), 5)}


def test_token_signs_the_caller_in(client, chair):
    _, raw = token_create(actor=chair, name="人事系统同步")
    response = client.get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 200
    assert response.json()["username"] == chair.username


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Basic dXNlcjpwYXNz", ""])
def test_unknown_or_missing_credentials_are_401_in_chinese(client, header):
    response = client.get("/api/v1/me", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_tokens_page_shows_a_new_token_once_and_refuses_a_nameless_one(client, chair):
    client.force_login(chair)
    page = client.post(reverse("token_list"), {"name": "人事系统同步"}).content.decode()
    token = ApiToken.objects.get(user=chair)
    raw = re.search(r'<code id="new-token"[^>]*>([^<]+)</code>', page).group(1)
    assert token.prefix == raw[:8]
    assert "已创建令牌“人事系统同步”" in page
    assert raw not in client.get(reverse("token_list")).content.decode()
    page = client.post(reverse("token_list"), {"name": "  "}).content.decode()
    assert "请为令牌起一个名称" in page
    assert ApiToken.objects.filter(user=chair).count() == 1


def test_revoked_token_is_401(client, chair):
    token, raw = token_create(actor=chair, name="旧令牌")
    token_delete(actor=chair, token=token)
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_token_of_a_deactivated_user_is_401(client, chair):
    _, raw = token_create(actor=chair, name="离职人员的令牌")
    chair.is_active = False
    chair.save()
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_a_wrong_token_is_refused_even_beside_a_valid_session(client, chair):
    client.force_login(chair)
    assert client.get("/api/v1/me", headers=bearer("wrong")).status_code == 401


def test_token_records_last_use_at_most_once_a_minute(client, chair):
    token, raw = token_create(actor=chair, name="同步")
    client.get("/api/v1/me", headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None

    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    client.get("/api/v1/me", headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == recent

    stale = timezone.now() - timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    client.get("/api/v1/me", headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at > stale


def test_session_signs_the_caller_in_for_reading(client, chair):
    client.force_login(chair)
    assert client.get("/api/v1/me").json()["username"] == chair.username


def test_session_write_without_csrf_token_is_403_and_changes_nothing(chair, union):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(chair)
    response = browser.post("/api/v1/members", new_member(union), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert "X-CSRFToken" in response.json()["message"]
    assert not Member.objects.exists()


def test_session_write_with_csrf_token_succeeds(chair, union):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(chair)
    browser.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    response = browser.post(
        "/api/v1/members",
        new_member(union),
        content_type="application/json",
        headers={"X-CSRFToken": CSRF_SECRET},
    )
    assert response.status_code == 201


def test_token_write_needs_no_csrf_token(chair, union):
    _, raw = token_create(actor=chair, name="同步")
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/members", new_member(union), content_type="application/json", headers=bearer(raw)
    )
    assert response.status_code == 201
    assert Member.objects.get().name == "陈晓"


def test_anonymous_write_is_401_not_a_csrf_complaint(union):
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/members", new_member(union), content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_unparseable_body_is_400_in_chinese(client, chair):
    _, raw = token_create(actor=chair, name="同步")
    response = client.post(
        "/api/v1/members", "{not json", content_type="application/json", headers=bearer(raw)
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    assert "JSON" in response.json()["message"]


def test_huge_id_is_422_not_a_database_error(client, chair):
    _, raw = token_create(actor=chair, name="同步")
    response = client.get(f"/api/v1/members/{10**30}", headers=bearer(raw))
    assert response.status_code == 422
    assert response.json()["message"] == "member_id：不能大于 9223372036854775807。"


def test_openapi_document_lists_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert {
        "/api/v1/orgs",
        "/api/v1/orgs/{org_id}",
        "/api/v1/orgs/{org_id}/overview",
        "/api/v1/enterprises",
        "/api/v1/enterprises/{enterprise_id}",
        "/api/v1/members",
        "/api/v1/members/{member_id}",
        "/api/v1/members/export",
        "/api/v1/imports",
        "/api/v1/me",
    } <= set(schema["paths"])
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SignedInSession"}


def test_api_docs_load_without_internet(client):
    """Offices run on intranets, and the CSP allows scripts from this server only."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content
    assert b"cdn." not in response.content


def test_token_create_command_prints_a_token_that_signs_in(client, chair, capsys):
    call_command("token_create", user=chair.username, name="CI")
    raw = capsys.readouterr().out.strip()
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 200
    assert ApiToken.objects.get(user=chair).name == "CI"


def test_token_create_command_refuses_an_unknown_user_and_creates_nothing():
    with pytest.raises(CommandError, match="没有用户名为“nobody”的有效用户"):
        call_command("token_create", user="nobody", name="CI")
    assert not ApiToken.objects.exists()
