"""A whole congress session as it happens in the hall: the staff open check-in and print the cards,
representatives sign in with their codes on their phones, the quorum on the desk follows, the chair opens the
vote, they vote, the chair closes it, two tellers confirm, and the result page says it passed, with the numbers."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.congress.tests.factories import RepresentativeFactory, SessionFactory, TermFactory
from gonghui.core.roles import Role
from gonghui.orgs.tests.factories import UserFactory, grant, org_child, org_root

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["赵一鸣", "钱二妹", "孙三强", "李四海", "周五洲", "吴六合"]


def _congress():
    union = org_child(org_root("青山镇总工会", category="town"), "青山机械厂工会")
    grant(UserFactory(username="chair"), union, Role.UNION_CHAIR)
    today = timezone.localdate()
    term = TermFactory(
        node=union,
        number=2,
        starts_on=today - timedelta(days=100),
        ends_on=today + timedelta(days=1000),
        worker_count=60,
        women_worker_count=20,
        seats_planned=6,
    )
    for name in NAMES:
        RepresentativeFactory(term=term, member__name=name, constituency="一团")
    return SessionFactory(term=term, title="二届一次职代会", held_on=today)


def _new_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_a_session_from_check_in_to_certified_result(page, phone, browser, live_server):
    session = _congress()
    login(page, "chair")
    page.goto(f"/congress/sessions/{session.pk}/")
    page.get_by_role("button", name="开始签到").click()
    expect(page.locator("#session-status")).to_have_text("签到进行中")

    page.get_by_role("link", name="发放签到码").click()
    page.get_by_role("button", name="生成并打印签到卡").click()
    cards = page.locator(".code-card")
    expect(cards).to_have_count(len(NAMES))
    codes = {
        cards.nth(i).locator(".fw-bold.fs-5").inner_text(): cards.nth(i).locator(".voting-code").inner_text()
        for i in range(len(NAMES))
    }

    page.goto(f"/congress/sessions/{session.pk}/checkin/")
    expect(page.locator("#quorum-present")).to_have_text("0")
    expect(page.locator("#quorum-expected")).to_have_text("6")

    # Five of six come: the first types the code, the others open the QR link and confirm.
    phones = [phone] + [_new_phone(browser, live_server) for _ in range(4)]
    for index, (name, booth) in enumerate(zip(NAMES[:5], phones, strict=True)):
        if index == 0:
            booth.goto("/c/")
            booth.get_by_label("签到码").fill(codes[name].lower())
            booth.get_by_role("button", name="签到").click()
        else:
            booth.goto(f"/c/{codes[name]}/")
            booth.get_by_role("button", name="确认签到").click()
        expect(booth.get_by_role("heading", name="我的投票")).to_be_visible()
    # The desk polls the count: 5 of 6 present, above two thirds.
    expect(page.locator("#quorum-present")).to_have_text("5")
    expect(page.locator("#quorum")).to_contain_text("已达到三分之二")

    page.goto(f"/congress/sessions/{session.pk}/")
    page.locator("input[name=title]").fill("年度工资集体协商方案")
    page.get_by_role("button", name="增加议程").click()
    row = page.locator("#agenda tr", has_text="年度工资集体协商方案")
    row.locator("summary").click()
    row.locator("select[name=teller]").select_option(label=[f"{NAMES[0]}（一团）", f"{NAMES[1]}（一团）"])
    row.get_by_role("button", name="确定").click()
    row = page.locator("#agenda tr", has_text="年度工资集体协商方案")
    row.get_by_role("button", name="开始表决").click()
    # The two tellers' key shares, shown this once; both are needed to count (two of two).
    expect(page.locator(".share-sheet")).to_have_count(2)
    shares = page.locator(".share-text").all_inner_texts()
    page.get_by_role("link", name="已交给各计票人").click()
    expect(page.locator("#agenda")).to_contain_text("投票中")

    for index, booth in enumerate(phones):
        booth.reload()
        booth.get_by_role("link", name="年度工资集体协商方案").click()
        booth.get_by_text("反对" if index == 4 else "赞成", exact=True).click()
        booth.get_by_role("button", name="提交选票").click()
        expect(booth.locator("body")).to_contain_text("回执")

    page.reload()
    row = page.locator("#agenda tr", has_text="年度工资集体协商方案")
    row.get_by_label("计票人密钥份额").fill("\n".join(shares))
    row.get_by_role("button", name="结束表决").click()
    expect(page.locator("#agenda")).to_contain_text("待计票确认")
    poll_pk = session.agenda.get().poll_id

    for teller in phones[:2]:
        teller.goto(f"/polls/{poll_pk}/tally/")
        teller.get_by_role("button", name="我已核对，确认计票结果").click()
        expect(teller.locator("body")).to_contain_text("已确认")

    page.goto(f"/polls/{poll_pk}/result/")
    expect(page.locator("body")).to_contain_text("通过")
    expect(page.locator("body")).to_contain_text("到会 5 人")
    expect(page.locator("body")).to_contain_text("赞成 4 票")
    for booth in phones[1:]:
        booth.wait_for_load_state("networkidle")
        booth.context.close()
