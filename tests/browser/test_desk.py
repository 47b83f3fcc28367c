"""Each demo role signs in and finds on the home page, first, what it must do (工作台), each line a link."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from gonghui.core.tests.clock import demo_pinned
from gonghui.orgs.demo import DEMO_PASSWORD

from .conftest import login, seed_what_migrations_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), demo_pinned]


# What each of the twelve demo roles must see on its desk (`gonghui logins`).
EXPECTED = {
    "admin": ["1 个单位职代会逾期未召开", "3 份集体合同进入续订期，待续订"],
    "qu": ["1 个单位职代会逾期未召开", "1 份协商要约逾期未获答复", "1 件提案逾期未答复"],
    "zhen": ["3 份集体合同进入续订期，待续订", "今年有 1 份集体合同逾期报送审查", "件会员接转待您确认"],
    "zhuxi": ["等待行政方答复协商要约", "续订集体合同", "1 件提案待审查立案", "件会员接转待您确认"],
    "ganshi": ["等待行政方答复协商要约", "续订集体合同", "1 件提案已立案，待交办"],
    # Members of the showcase union: the open sign-ups of its activities.
    "caiwu": ["活动报名：冬季趣味运动会", "活动报名：叉车司机复训"],
    "jingshen": ["活动报名：冬季趣味运动会"],
    "nvgong": ["活动报名：叉车司机复训"],
    "daibiao": [
        "投票：2027年职工疗休养安排",
        "对合同草案逐条提出意见",
        "出席三届三次职工代表大会",
        "我的提案",
    ],
    "huiyuan": ["活动报名：叉车司机复训"],
    "xingzheng": ["书面答复工会的协商要约", "答复提案"],
    "xuexiao": ["召开教职工代表大会：柳溪镇中心小学工会"],
}


def test_each_demo_role_finds_what_it_must_do_on_its_home_page(page):
    seed_what_migrations_seed()
    call_command("demo", verbosity=0)
    for username, expected in EXPECTED.items():
        page.context.clear_cookies()
        login(page, username, DEMO_PASSWORD)
        desk = page.locator("#desk")
        expect(desk).to_be_visible()
        for text in expected:
            expect(desk, f"{username}: {text}").to_contain_text(text)
        # Late things come first, and say what their date means.
        first = desk.locator(".desk-item").first
        if desk.locator(".desk-overdue").count():
            expect(first).to_have_class("list-group-item desk-item desk-overdue")
            expect(first.locator(".desk-due")).not_to_be_empty()
        expect(page.get_by_text("尚未关联会员档案")).to_have_count(0)

    # The school's chair learns the date the session was due, and opens the term from the line.
    page.context.clear_cookies()
    login(page, "xuexiao", DEMO_PASSWORD)
    line = page.locator(".desk-item", has_text="召开教职工代表大会")
    expect(line.locator(".desk-due")).to_have_text("应于此日前召开 2026-09-01")
    line.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/congress/terms/\d+/$"))

    # A representative finds the open vote on his home page and reaches the ballot from it.
    page.context.clear_cookies()
    login(page, "daibiao", DEMO_PASSWORD)
    page.locator("#desk").get_by_role("link", name="投票：2027年职工疗休养安排（代表征求意见）").click()
    expect(page.get_by_role("button", name="提交选票")).to_be_visible()
