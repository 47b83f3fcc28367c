"""One wage agreement from draft to effect, as the union chair does it in the browser. The representatives'
vote runs through the ballot engine's services (their phones are another test's business), and the day the
objection period ends is the daily sweep's."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.agreements.models import Agreement, AgreementKind, AgreementStatus
from gonghui.agreements.services import plus_years
from gonghui.agreements.tasks import run_daily
from gonghui.agreements.tests.factories import run_review_vote
from gonghui.core.roles import Role
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


def _act(page, button: str):
    """The form of one next step on the agreement page, found by its button."""
    return page.locator("form", has=page.get_by_role("button", name=button))


def test_chair_takes_a_wage_agreement_from_draft_to_effective(page):
    # A transactional test starts from an emptied database: the kinds seeded by migration are gone.
    AgreementKind.objects.get_or_create(code="wage", defaults={"name": "工资专项集体协议", "builtin": True})
    town = org_root("青山镇总工会", category="town")
    union = org_child(town, "青山机械厂工会")
    enterprise = EnterpriseFactory(name="青山机械厂", area=town, union=union, worker_count=120)
    for _ in range(6):
        MemberFactory(union=union, enterprise=enterprise)
    grant(UserFactory(username="chair"), union, Role.UNION_CHAIR)
    today = timezone.localdate()

    login(page, "chair")
    page.get_by_role("link", name="集体合同").first.click()
    page.get_by_role("link", name="新建合同").click()
    page.get_by_label("种类").select_option(label="工资专项集体协议")
    page.get_by_label("合同名称").fill("青山机械厂工资专项集体协议")
    page.get_by_label("覆盖企业").select_option(label="青山机械厂")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#status")).to_have_text("起草中")

    page.get_by_role("link", name="新一稿").click()
    page.get_by_label("劳动报酬").fill("职工月平均工资增长不低于百分之六。")
    page.get_by_role("button", name="保存本稿").click()
    expect(page.get_by_text("第1稿").first).to_be_visible()
    page.get_by_role("link", name="青山机械厂工资专项集体协议").click()

    # A step out of order is refused before anything else: there is no offer button while drafting.
    expect(page.get_by_role("button", name="发出协商要约")).to_have_count(0)

    committee = _act(page, "登记工会委员会讨论")
    committee.get_by_label("决定").select_option(label="同意")
    committee.get_by_role("button", name="登记工会委员会讨论").click()
    expect(page.locator("#status")).to_have_text("工会委员会已讨论")

    _act(page, "发出协商要约").get_by_role("button", name="发出协商要约").click()
    expect(page.locator("#status")).to_have_text("已发出协商要约")
    expect(page.get_by_text("要约答复期限")).to_be_visible()

    answer = _act(page, "登记书面答复")
    answer.get_by_label("决定").select_option(label="同意")
    answer.get_by_role("button", name="登记书面答复").click()
    expect(page.locator("#status")).to_have_text("协商中")

    team = [("workers", "王委员", False), ("workers", "李代表", False), ("employer", "赵总经理", True)]
    team += [("employer", "钱经理", False), ("employer", "孙经理", False)]
    for side, name, chief in team:
        page.get_by_role("link", name="添加").click()
        page.get_by_label("所在方").select_option(side)
        page.get_by_label("姓名").fill(name)
        if chief:
            page.get_by_label("首席代表").check()
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_role("cell", name=name)).to_be_visible()
    expect(page.get_by_text("协商代表尚不符合规定")).to_have_count(0)

    page.get_by_role("link", name="登记会议").click()
    page.get_by_label("记录员").fill("周记录")
    page.get_by_label("会议纪要").fill("双方同意工资增长百分之六。")
    page.get_by_role("button", name="保存").click()
    _act(page, "草案协商一致").get_by_role("button", name="草案协商一致").click()
    expect(page.locator("#status")).to_have_text("草案协商一致")

    _act(page, "提交职代会审议（建立表决）").get_by_role("button", name="提交职代会审议（建立表决）").click()
    expect(page.locator("#status")).to_have_text("职代会审议中")
    agreement = Agreement.objects.get(title="青山机械厂工资专项集体协议")
    run_review_vote(agreement, agreement.created_by)
    page.reload()
    _act(page, "登记审议结果").get_by_role("button", name="登记审议结果").click()
    expect(page.locator("#status")).to_have_text("审议通过，待签字")

    sign = _act(page, "双方首席代表签字")
    sign.get_by_label("期限起始").fill(today.isoformat())
    sign.get_by_label("期限终止").fill((plus_years(today, 1) - timedelta(days=1)).isoformat())
    sign.get_by_role("button", name="双方首席代表签字").click()
    expect(page.locator("#status")).to_have_text("已签字，待报送")
    expect(page.get_by_text("报送审查期限")).to_be_visible()

    filing = _act(page, "登记报送审查")
    filing.get_by_label("审查机关", exact=True).fill("区人力社保局")
    filing.get_by_role("button", name="登记报送审查").click()
    expect(page.locator("#status")).to_have_text("已报送审查")

    agreement.refresh_from_db()
    run_daily(today=agreement.objection_due + timedelta(days=1))
    page.reload()
    expect(page.locator("#status")).to_have_text("已生效，待公布")
    expect(page.locator("#steps")).to_contain_text("生效")
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.EFFECTIVE


def test_federation_cadre_reads_the_rates_and_drills_into_a_union(page):
    """The town cadre opens the statistics, sees the signing rate beside the plan's target, and follows a
    union down to its enterprises."""
    from gonghui.agreements.models import AgreementTarget, Coverage

    kinds = {
        code: AgreementKind.objects.get_or_create(code=code, defaults={"name": name, "builtin": True})[0]
        for code, name in (("comprehensive", "综合集体合同"), ("wage", "工资专项集体协议"))
    }
    town = org_root("青山镇总工会", category="town")
    union = org_child(town, "青山机械厂工会")
    org_child(town, "青山纺织厂工会")
    enterprise = EnterpriseFactory(name="青山机械厂", area=town, union=union, worker_count=120)
    cadre = UserFactory(username="cadre")
    grant(cadre, town, Role.FEDERATION_CADRE)
    today = timezone.localdate()
    agreement = Agreement.objects.create(
        node=union,
        kind=kinds["wage"],
        title="青山机械厂工资专项集体协议",
        status=AgreementStatus.IN_FORCE,
        signed_on=today - timedelta(days=40),
        filing_due=today - timedelta(days=30),
        filed_on=today - timedelta(days=35),
        effective_on=today - timedelta(days=19),
        starts_on=today - timedelta(days=20),
        ends_on=plus_years(today - timedelta(days=20), 1),
        created_by=cadre,
    )
    Coverage.objects.create(agreement=agreement, enterprise=enterprise, worker_count=120)
    AgreementTarget.objects.create(
        node=town, year=today.year, kind=kinds["wage"], indicator="signing", percent=90, set_by=cadre
    )

    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    login(page, "cadre")
    page.get_by_role("link", name="合同统计").click()
    # The monthly trend is drawn by the vendored ECharts, within the Content-Security-Policy.
    expect(page.locator("#trend-chart canvas")).to_have_count(1)
    assert errors == []
    rates = page.locator("#rates")
    signing = rates.locator('td[data-kind="wage"][data-indicator="signing"]')
    expect(signing).to_contain_text("100.0%")
    expect(signing).to_contain_text("目标 ≥90.0%")
    expect(rates.locator('td[data-kind="comprehensive"][data-indicator="signing"]')).to_contain_text("0.0%")
    expect(page.locator("#formulas")).to_contain_text("分母")

    page.locator("#children").get_by_role("link", name="青山机械厂工会").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("青山机械厂工会")
    expect(page.locator("#list")).to_contain_text("青山机械厂")
    expect(page.locator("#list")).to_contain_text("工资专项集体协议")
