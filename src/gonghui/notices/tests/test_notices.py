import pytest
from django.core import mail
from django.urls import reverse

from gonghui.notices import selectors, services
from gonghui.notices.models import Notification

pytestmark = pytest.mark.django_db


def test_notify_with_a_key_sends_once_per_user(tree):
    first = services.notify(
        user=tree.chair_a, text="提案逾期未答复", url="/proposals/1/", key="overdue:1:2026-11-25"
    )
    again = services.notify(user=tree.chair_a, text="提案逾期未答复", key="overdue:1:2026-11-25")
    other_user = services.notify(user=tree.chair_b, text="提案逾期未答复", key="overdue:1:2026-11-25")
    assert first is not None and again is None and other_user is not None
    assert Notification.objects.filter(user=tree.chair_a).count() == 1


def test_notify_without_a_key_always_sends(tree):
    services.notify(user=tree.chair_a, text="一")
    services.notify(user=tree.chair_a, text="一")
    assert Notification.objects.filter(user=tree.chair_a).count() == 2


def test_mail_goes_out_only_with_a_mail_server_and_an_address(
    tree, settings, django_capture_on_commit_callbacks
):
    tree.chair_a.email = "chair@example.com"
    tree.chair_a.save()
    settings.MAILERS = {}
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=tree.chair_a, text="无邮件服务器")
    assert mail.outbox == []

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=tree.chair_a, text="提案已立案", url="/proposals/7/")
        services.notify(user=tree.chair_b, text="没有邮箱的人")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["chair@example.com"]
    assert "提案已立案" in mail.outbox[0].subject
    assert mail.outbox[0].body.endswith("/proposals/7/")


def test_unread_filter_and_mark_read(tree):
    one = services.notify(user=tree.chair_a, text="一")
    services.notify(user=tree.chair_a, text="二")
    services.notify(user=tree.chair_b, text="别人的")
    assert services.mark_read(user=tree.chair_a, notification=one) == 1
    assert services.mark_read(user=tree.chair_a, notification=one) == 0
    assert [n.text for n in selectors.notification_list(user=tree.chair_a, unread_only=True)] == ["二"]
    assert services.mark_read(user=tree.chair_a) == 1
    assert selectors.unread_count(tree.chair_a) == 0
    assert selectors.unread_count(tree.chair_b) == 1


def test_page_shows_own_notifications_and_the_unread_badge(client, tree):
    services.notify(user=tree.chair_a, text="请答复提案 2026-001")
    services.notify(user=tree.chair_b, text="乙会的通知")
    client.force_login(tree.chair_a)
    page = client.get(reverse("notification_list")).content.decode()
    assert "请答复提案 2026-001" in page
    assert "乙会的通知" not in page
    assert 'id="notification-bell"' in page and "text-bg-danger" in page


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, tree):
    notice = services.notify(user=tree.chair_a, text="去看看", url="/me/")
    client.force_login(tree.chair_a)
    response = client.post(reverse("notification_read", args=[notice.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/me/"
    notice.refresh_from_db()
    assert notice.is_read
    page = client.get(reverse("notification_list")).content.decode()
    assert "text-bg-danger" not in page


def test_a_link_to_another_site_is_not_followed(client, tree):
    notice = services.notify(user=tree.chair_a, text="外链", url="https://evil.example/")
    client.force_login(tree.chair_a)
    response = client.post(reverse("notification_read", args=[notice.pk]), {"open": "1"})
    assert response["Location"] == reverse("notification_list")


def test_someone_elses_notification_is_not_found(client, tree):
    notice = services.notify(user=tree.chair_b, text="乙会的")
    client.force_login(tree.chair_a)
    assert client.post(reverse("notification_read", args=[notice.pk])).status_code == 404
    assert client.post(reverse("api:notification_read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert not notice.is_read


def test_api_lists_and_marks(client, tree):
    services.notify(user=tree.chair_a, text="一")
    services.notify(user=tree.chair_a, text="二")
    client.force_login(tree.chair_a)
    body = client.get(reverse("api:notification_list") + "?unread_only=true").json()
    assert body["count"] == 2
    assert client.post(reverse("api:notification_read_all")).json() == {"marked": 2}
    assert client.get(reverse("api:notification_list") + "?unread_only=true").json()["count"] == 0
