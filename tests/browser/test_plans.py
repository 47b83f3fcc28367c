"""A union chair drafts this year's plan from a template on a phone, links an item to the congress sessions
held, and sees its progress move when a session is held."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.congress.models import SessionStatus
from gonghui.congress.tests.factories import SessionFactory, TermFactory
from gonghui.core.roles import Role
from gonghui.orgs.tests.factories import UserFactory, grant, org_child, org_root
from gonghui.plans.models import Plan

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_plan_from_a_template_counts_its_linked_item(phone):
    year = timezone.localdate().year
    town = org_root("青山镇总工会", category="town")
    union = org_child(town, "青山机械厂工会")
    grant(UserFactory(username="chair"), union, Role.UNION_CHAIR)

    login(phone, "chair")
    phone.goto("/plans/")
    phone.get_by_role("link", name="新建计划").click()
    phone.get_by_label("年度").fill(str(year))
    phone.get_by_label("标题").fill(f"{year}年工会工作计划")
    phone.get_by_label("起草方式").select_option(label="模板：企业工会")
    phone.get_by_role("button", name="建立").click()
    expect(phone.get_by_role("alert")).to_contain_text("计划已建立")
    expect(phone.locator("#plan-items")).to_contain_text("一、加强职工思想引领和工会自身建设")

    phone.get_by_role("link", name="召开职工代表大会，审议企业重大事项和涉及职工切身利益的规章制度").click()
    phone.get_by_label("进度来源").select_option(label="职代会会议（已召开）（次）")
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_role("alert")).to_contain_text("条目已保存")
    expect(phone.locator("#item-progress")).to_contain_text("0 / 1 次")

    term = TermFactory(node=union, starts_on=timezone.localdate().replace(month=1, day=1))
    SessionFactory(term=term, held_on=term.starts_on, status=SessionStatus.CLOSED)
    phone.reload()
    expect(phone.locator("#item-progress")).to_contain_text("1 / 1 次")
    phone.goto(f"/plans/{Plan.objects.get().pk}/")
    expect(phone.locator("#plan-items")).to_contain_text("1 / 1 次 · 职代会会议（已召开）")
