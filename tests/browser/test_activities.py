"""Activities from a member's phone and an organiser's screen: sign up on a 390-px phone, check in by the QR
code's URL, and staff enrolling a pasted list of ID numbers and scanning a member's e-card."""

import pytest
from playwright.sync_api import expect

from gonghui.activities.models import Attendance, Enrolment
from gonghui.activities.tests.factories import activity
from gonghui.core.roles import Role
from gonghui.orgs.cards import card_token
from gonghui.orgs.tests.factories import MemberFactory, UserFactory, grant, org_child, org_root

from .conftest import login
from .test_phone import _problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server):
    page = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    page.set_default_timeout(10_000)
    return page


def test_sign_up_on_a_phone_and_check_in_by_the_qr_code(browser, live_server, phone):
    town = org_root("青山镇总工会", category="town")
    union = org_child(town, "青山机械厂工会")
    chair = UserFactory(username="chair")
    grant(chair, union, Role.UNION_CHAIR)
    worker = UserFactory(username="worker")
    grant(worker, union, Role.MEMBER)
    MemberFactory(union=union, user=worker)
    event = activity(chair, union, kind_name="技能培训", title="叉车司机复训", capacity=30)
    errors: list[str] = []
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    login(phone, "worker")
    phone.wait_for_url("**/")
    assert not _problems(phone, "/activities/", errors)
    phone.locator("#open-signups").get_by_role("link", name="叉车司机复训").click()
    phone.get_by_role("button", name="我要报名").click()
    expect(phone.get_by_role("alert")).to_contain_text("报名成功")
    assert not _problems(phone, f"/activities/{event.pk}/", errors)
    assert Enrolment.objects.filter(activity=event, member__user=worker).exists()

    screen = _page(browser, live_server)
    login(screen, "chair")
    screen.goto(f"/activities/{event.pk}/qr/")
    screen.get_by_role("button", name="开始签到").click()
    expect(screen.locator("#checkin-qr img")).to_be_visible()
    url = screen.locator("#checkin-url").text_content()

    phone.goto(url)
    phone.get_by_role("button", name="确认签到").click()
    expect(phone.get_by_role("alert")).to_contain_text("签到成功")
    expect(phone.locator("#my-signup")).to_contain_text("您已于")
    phone.goto(url)
    expect(phone.get_by_role("button", name="确认签到")).to_have_count(0)
    assert Attendance.objects.filter(activity=event).count() == 1
    assert not errors


def test_staff_enrol_a_pasted_list(page):
    union = org_child(org_root("青山镇总工会", category="town"), "青山机械厂工会")
    grant(UserFactory(username="staff"), union, Role.UNION_STAFF)
    people = [MemberFactory(union=union) for _ in range(3)]
    chair = UserFactory(username="chair")
    grant(chair, union, Role.UNION_CHAIR)
    event = activity(chair, union, kind_name="安全培训/消防演练", title="消防演练")

    login(page, "staff")
    page.goto(f"/activities/{event.pk}/")
    page.get_by_role("link", name="批量报名").click()
    page.get_by_label("身份证号（每行一个）").fill("\n".join(p.id_number for p in people))
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("alert")).to_contain_text("已报名 3 人")
    expect(page.locator("#enrolments")).to_contain_text(people[0].name)
    assert Enrolment.objects.filter(activity=event).count() == 3


def test_staff_scan_a_members_card_on_a_phone(phone):
    """A Bluetooth scanner types the card's QR text and Enter into the field on a 390-px phone."""
    union = org_child(org_root("青山镇总工会", category="town"), "青山机械厂工会")
    chair = UserFactory(username="chair")
    grant(chair, union, Role.UNION_CHAIR)
    grant(UserFactory(username="staff"), union, Role.UNION_STAFF)
    worker = MemberFactory(union=union)
    event = activity(chair, union, kind_name="技能培训", title="叉车司机复训")
    errors: list[str] = []
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    login(phone, "staff")
    phone.goto(f"/activities/{event.pk}/")
    phone.get_by_role("link", name="扫会员卡签到").click()
    assert not _problems(phone, f"/activities/{event.pk}/scan/", errors)
    field = phone.get_by_label("会员卡二维码")
    expect(field).to_be_focused()
    field.type(card_token(worker))
    field.press("Enter")
    expect(phone.get_by_role("alert")).to_contain_text(f"{worker.name}签到成功")
    expect(phone.locator("#card-checkins")).to_contain_text(worker.name)
    expect(phone.get_by_label("会员卡二维码")).to_be_focused()
    phone.get_by_label("会员卡二维码").fill(card_token(worker))
    phone.get_by_label("会员卡二维码").press("Enter")
    expect(phone.get_by_role("alert")).to_contain_text("无需重复签到")
    assert list(Attendance.objects.filter(activity=event).values_list("method", flat=True)) == ["card"]
    assert not errors
