"""A proposal (提案) from a representative's phone to a second, better answer: the committee accepts and
assigns it, the handler answers, the proposer is not satisfied, it goes back once, and the second answer is
rated 基本满意."""

import pytest
from playwright.sync_api import expect

from gonghui.core.roles import Role
from gonghui.orgs.tests.factories import UserFactory, grant, org_child, org_root
from gonghui.proposals.models import Proposal, ProposalStatus, Rating
from gonghui.proposals.tests.factories import congress

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server):
    page = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    page.set_default_timeout(10_000)
    return page


def _answer(page, proposal_pk: int, text: str) -> None:
    page.goto(f"/proposals/{proposal_pk}/")
    page.get_by_label("答复意见").fill(text)
    page.get_by_label("落实措施").fill("下月起执行")
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_role("alert")).to_contain_text("已答复")


def test_a_proposal_goes_back_once_and_is_rated_on_the_second_answer(browser, live_server, phone):
    town = org_root("青山镇总工会", category="town")
    union = org_child(town, "青山机械厂工会")
    grant(UserFactory(username="chair"), union, Role.UNION_CHAIR)
    c = congress(union, proposer_user=UserFactory(username="daibiao"))
    first, second = (r.member.name for r in c.reps[:2])

    login(phone, "daibiao")
    phone.goto("/proposals/")
    phone.get_by_role("link", name="提交提案").click()
    phone.get_by_label("案由").fill("增设夜班通勤班车")
    phone.get_by_label("类别").select_option(label="生活后勤")
    phone.get_by_label("理由和建议").fill("夜班下班后没有公交车。")
    phone.get_by_label(first).check()
    phone.get_by_label(second).check()
    phone.get_by_role("button", name="提交").click()
    expect(phone.get_by_role("alert")).to_contain_text("2026-001")
    expect(phone.locator("#cosigners")).to_contain_text(first)
    proposal = Proposal.objects.get()

    committee = _page(browser, live_server)
    login(committee, "chair")
    committee.goto(f"/proposals/{proposal.pk}/")
    committee.get_by_role("button", name="立案").click()
    expect(committee.locator("#proposal-status")).to_have_text("已立案待交办")
    committee.get_by_label("承办部门").fill("行政后勤部")
    committee.get_by_label("承办人").select_option(label="handler")
    committee.get_by_role("button", name="交办").click()
    expect(committee.locator("#proposal-status")).to_have_text("办理中")

    handler = _page(browser, live_server)
    login(handler, "handler")
    _answer(handler, proposal.pk, "正在与公交公司协调。")

    phone.reload()
    expect(phone.locator("#answer")).to_contain_text("正在与公交公司协调")
    phone.get_by_role("button", name="不满意", exact=True).click()
    expect(phone.locator("#proposal-status")).to_have_text("办理中")
    expect(phone.get_by_text("曾退回重办")).to_be_visible()

    _answer(handler, proposal.pk, "已开通夜班班车两条线路。")

    phone.reload()
    phone.get_by_role("button", name="基本满意", exact=True).click()
    expect(phone.locator("#proposal-status")).to_have_text("已办结")
    expect(phone.locator("#proposal-rating")).to_have_text("基本满意")
    expect(phone.locator("#timeline li")).to_have_count(9)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.rating, proposal.returned) == (
        ProposalStatus.CLOSED,
        Rating.BASICALLY,
        True,
    )
    for page in (committee, handler):
        page.wait_for_load_state("networkidle")
        page.context.close()
