"""会员关系接转 as two union chairs do it: one sends the member, the other confirms, the roster follows."""

import pytest
from playwright.sync_api import expect

from gonghui.core.roles import Role
from gonghui.orgs.models import Member
from gonghui.orgs.tests.factories import MemberFactory, UserFactory, grant, org_child, org_root

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_moves_only_after_the_receiving_chair_confirms(browser, live_server):
    town = org_root("青山镇总工会", category="town")
    sender = org_child(town, "青山机械厂工会")
    receiver = org_child(town, "青山物流公司工会", code="U7001")
    member = MemberFactory(union=sender, name="陈晓东", initials="cxd")
    grant(UserFactory(username="sender"), sender, Role.UNION_CHAIR)
    grant(UserFactory(username="receiver"), receiver, Role.UNION_CHAIR)

    first = browser.new_context(base_url=live_server.url).new_page()
    login(first, "sender")
    first.goto("/members/")
    first.get_by_role("link", name="陈晓东").click()
    first.get_by_role("link", name="办理转出").click()
    first.get_by_label("转入工会代码").fill("U7001")
    first.get_by_label("原因").fill("工作调动")
    first.get_by_role("button", name="保存").click()
    expect(first.get_by_role("alert")).to_contain_text("等待“青山物流公司工会”确认")
    assert Member.objects.get(pk=member.pk).union == sender

    second = browser.new_context(base_url=live_server.url).new_page()
    login(second, "receiver")
    second.locator("#sidebar").get_by_role("link", name="会员接转").click()
    row = second.locator("tr", has_text="陈晓东")
    expect(row).to_contain_text("待接收方确认")
    row.get_by_role("button", name="确认接收").click()
    expect(second.locator("tr", has_text="陈晓东")).to_contain_text("已接转")
    second.get_by_role("link", name="会员名册").click()
    expect(second.locator("#roster")).to_contain_text("陈晓东")
    assert Member.objects.get(pk=member.pk).union == receiver
    for page in (first, second):
        page.wait_for_load_state("networkidle")
        page.context.close()
