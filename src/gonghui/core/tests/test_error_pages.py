"""Error pages are Chinese, in the site's layout, with a way back (never Django's bare English pages)."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from gonghui.core.views import server_error
from gonghui.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signed_in() -> Client:
    client = Client()
    client.force_login(UserFactory(username="someone"))
    return client


def test_missing_page_is_chinese_with_the_menu_and_a_way_home():
    response = _signed_in().get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "找不到这个页面" in text and "Not Found" not in text
    assert 'id="sidebar"' in text  # the layout, with the signed-in user's menu
    assert f'href="{reverse("home")}"' in text


def test_missing_page_offers_anonymous_visitors_the_login():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert f'href="{reverse("login")}"' in response.content.decode()


def test_forbidden_action_says_whom_to_ask():
    response = _signed_in().post(reverse("calendar"), {})
    assert response.status_code == 403
    assert "请联系本单位工会主席或系统管理员" in response.content.decode()


def test_expired_form_says_to_refresh_instead_of_csrf_jargon():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="someone"))
    response = client.post(reverse("token_list"), {"name": "x"})
    text = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in text and "verification failed" not in text


def test_bad_request_is_chinese():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="not-our-host.example")
    assert response.status_code == 400
    assert "请求无法处理" in response.content.decode()


def test_server_error_page_is_chinese_and_needs_no_database():
    request = RequestFactory().get("/members/")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()
