"""Journeys a union cadre takes: sign in, find a member, see only masked ID numbers, switch node."""

import re

import pytest
from playwright.sync_api import expect

from gonghui.core.roles import Role
from gonghui.orgs.models import OrgKind
from gonghui.orgs.tests.factories import (
    EnterpriseFactory,
    MemberFactory,
    UserFactory,
    grant,
    org_child,
    org_root,
)

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def union_with_roster():
    town = org_root("青山镇总工会", category="town")
    union = org_child(town, "青山机械厂工会")
    enterprise = EnterpriseFactory(name="青山机械厂", area=town, union=union)
    members = [
        MemberFactory(union=union, enterprise=enterprise, name=name, initials=initials)
        for name, initials in [("王建国", "wjg"), ("李秀英", "lxy"), ("张伟", "zw")]
    ]
    members += [MemberFactory(union=union, enterprise=enterprise) for _ in range(60)]
    chair = UserFactory(username="chair")
    grant(chair, union, Role.UNION_CHAIR)
    cadre = UserFactory(username="cadre")
    grant(cadre, town, Role.FEDERATION_CADRE)
    grant(cadre, org_child(town, "青山镇第二工会", kind=OrgKind.UNION), Role.UNION_CHAIR)
    return {"town": town, "union": union, "members": members}


def test_wrong_password_shows_a_chinese_message(page, union_with_roster):
    login(page, "chair", "wrong-password")
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")


def test_chair_signs_in_and_searches_the_roster_by_name_and_initials(page, union_with_roster):
    login(page, "chair")
    page.get_by_role("link", name="会员名册").click()
    expect(page.get_by_role("heading", name=re.compile("会员名册"))).to_be_visible()
    expect(page.get_by_text("共 63 条")).to_be_visible()
    page.get_by_role("searchbox", name="搜索").fill("李秀")
    expect(page.locator("#roster tbody tr")).to_have_count(1)
    expect(page.locator("#roster")).to_contain_text("李秀英")
    page.get_by_role("searchbox", name="搜索").fill("WJG")
    expect(page.locator("#roster tbody tr")).to_have_count(1)
    expect(page.locator("#roster")).to_contain_text("王建国")


def test_roster_masks_id_numbers_until_the_chair_reveals_one(page, union_with_roster):
    member = union_with_roster["members"][0]
    login(page, "chair")
    page.goto("/members/")
    expect(page.locator("#roster")).not_to_contain_text(member.id_number)
    expect(page.locator("#roster")).to_contain_text(member.id_number[:4] + "*" * 10)
    page.get_by_role("link", name="王建国").click()
    page.get_by_role("button", name="显示完整").first.click()
    expect(page.locator("#id-number")).to_have_text(member.id_number)


def test_roster_paginates(page, union_with_roster):
    login(page, "chair")
    page.goto("/members/")
    expect(page.locator("#roster tbody tr")).to_have_count(50)
    page.get_by_role("link", name="下一页").click()
    expect(page.locator("#roster tbody tr")).to_have_count(13)


def test_cadre_switches_to_a_union_they_also_chair(page, union_with_roster):
    login(page, "cadre")
    expect(page.get_by_role("heading", name=re.compile("青山镇总工会"))).to_be_visible()
    expect(page.locator("[data-stat=unions]")).to_have_text("2")
    page.get_by_label("切换组织").select_option(label="青山镇第二工会")
    expect(page.get_by_role("heading", name=re.compile("青山镇第二工会"))).to_be_visible()


def test_roster_works_on_a_phone(phone, union_with_roster):
    login(phone, "chair")
    phone.goto("/members/")
    expect(phone.locator("#roster")).to_contain_text("王建国")
    phone.get_by_role("button", name="菜单").click()
    expect(phone.get_by_role("link", name="名册导入")).to_be_visible()
