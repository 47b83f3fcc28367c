"""The member's own union on a phone: a member opens 我的 and the e-member card (360 and 390 px wide); a
courier joins online without an account and the union's staff accept the application."""

from datetime import date

import pytest
from playwright.sync_api import expect

from gonghui.core.roles import Role
from gonghui.orgs.cards import card_token, member_from_card, member_number
from gonghui.orgs.models import Member, OrgCategory
from gonghui.orgs.tests.factories import (
    MemberFactory,
    UserFactory,
    grant,
    make_id_number,
    org_child,
    org_root,
)
from gonghui.portal.models import ApplicationStatus, JoinApplication
from gonghui.proposals.tests.factories import congress, submitted

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(browser, live_server, width: int):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": width, "height": 800},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def _fits(page) -> None:
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"


@pytest.mark.parametrize("width", [360, 390])
def test_a_member_opens_mine_and_the_card_on_a_phone(browser, live_server, width):
    town = org_root("青山镇总工会", category="town")
    union = org_child(town, "青山机械厂工会")
    c = congress(union, proposer_user=UserFactory(username="huiyuan"))
    submitted(c, title="增设夜班通勤班车")
    member = Member.objects.get(user__username="huiyuan")
    errors = []
    phone = _phone(browser, live_server, width)
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    login(phone, "huiyuan")
    phone.wait_for_url("**/mine/")
    expect(phone.locator("#section-proposals")).to_contain_text("增设夜班通勤班车")
    expect(phone.locator("#section-seat")).to_be_visible()
    _fits(phone)
    phone.get_by_role("link", name="电子会员卡").first.click()
    expect(phone.locator("#card-name")).to_have_text(member.name)
    expect(phone.locator("#card-number")).to_have_text(member_number(member))
    qr = phone.get_by_role("img", name="会员卡二维码")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] <= width
    assert member.id_number not in phone.content()
    _fits(phone)
    assert errors == []  # the QR and the refresh run within the CSP


def test_a_courier_joins_online_and_is_accepted_by_the_union(browser, live_server, page):
    town = org_root("青山镇总工会", category="town")
    joint = org_child(town, "青山镇快递行业联合工会", category=OrgCategory.JOINT)
    org_child(town, "青山机械厂工会")
    grant(UserFactory(username="ganshi"), joint, Role.UNION_STAFF)
    MemberFactory(union=joint)
    id_number = make_id_number(date(1998, 4, 5), 77)

    phone = _phone(browser, live_server, 360)
    phone.goto("/join/")
    phone.get_by_label("新就业形态劳动者").check()
    phone.get_by_label("申请加入的工会").select_option(label="青山机械厂工会")
    phone.get_by_label("姓名").fill("邓志刚")
    phone.get_by_label("身份证号").fill(id_number)
    phone.get_by_label("手机号").fill("13912345678")
    phone.get_by_label("工作单位或平台").fill("顺捷快递青山站点")
    _fits(phone)
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.get_by_role("alert")).to_contain_text("联合工会")  # a courier joins the area's joint union
    phone.get_by_label("申请加入的工会").select_option(label="青山镇快递行业联合工会")
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.locator("#join-state")).to_have_text("待审核")
    status_url = phone.url

    login(page, "ganshi")
    page.goto("/")
    page.get_by_role("link", name="1 份入会申请待审核").click()
    page.get_by_role("link", name="邓志刚").click()
    expect(page.locator("#application")).not_to_contain_text(id_number)
    page.get_by_role("button", name="批准入会").click()
    expect(page.get_by_role("alert")).to_contain_text("已批准")
    expect(page.locator("#application-state")).to_have_text("已批准入会")

    phone.goto(status_url)
    expect(phone.locator("#join-state")).to_have_text("已批准入会")
    member = Member.objects.get(id_number=id_number)
    assert member.union == joint and member.employment_form == "new_form"
    assert JoinApplication.objects.get().status == ApplicationStatus.ACCEPTED
    assert member_from_card(card_token(member)) == member
