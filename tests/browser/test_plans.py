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


def test_a_plan_imported_from_a_word_file_on_a_phone(phone, tmp_path):
    import docx

    from .test_phone import _problems

    union = org_child(org_root("青山镇总工会", category="town"), "青山机械厂工会")
    grant(UserFactory(username="chair"), union, Role.UNION_CHAIR)
    document = docx.Document()
    for line in (
        "青山机械厂工会2026年工作计划",
        "一、民主管理",
        "1. 3月底前召开职工代表大会，审议集体合同履行情况。",
        "2. 每季度召开一次职工代表团（组）长联席会议。",
        "二、职工素质",
        "1. 全年组织技能培训 6 期，培训职工 300 人次。",
    ):
        document.add_paragraph(line)
    path = tmp_path / "计划.docx"
    document.save(path)
    errors: list[str] = []
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    login(phone, "chair")
    assert _problems(phone, "/plans/import/", errors) == []
    phone.goto("/plans/")
    phone.get_by_role("link", name="导入计划").click()
    phone.get_by_label("年度").fill("2026")
    phone.get_by_label("计划文件（.docx 或 .txt）").set_input_files(str(path))
    phone.get_by_role("button", name="读取并预览").click()
    expect(phone.locator("#outline")).to_contain_text("召开职工代表大会")
    expect(phone.locator("#outline")).to_contain_text("2026-03-31")
    expect(phone.locator("#outline")).to_contain_text("每季度")
    expect(phone.locator("#outline")).to_contain_text("目标 300人次")
    assert _problems(phone, phone.url, errors) == []
    assert not Plan.objects.exists()

    phone.get_by_role("button", name="保存为草稿计划").click()
    expect(phone.get_by_role("alert")).to_contain_text("已保存为草稿计划")
    expect(phone.locator("#plan-items")).to_contain_text("一、民主管理")
    plan = Plan.objects.get()
    assert (plan.node, plan.year, plan.title, plan.items.count()) == (
        union,
        2026,
        "青山机械厂工会2026年工作计划",
        5,
    )
