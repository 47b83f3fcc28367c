"""A vote as it happens at a congress: the chair prepares and opens it and hands a key share to each of three
tellers, a representative votes on a phone, the chair closes it with two of the shares, the voter checks the
receipt, two tellers confirm, the result shows with its chart."""

import re

import pytest
from playwright.sync_api import expect

from gonghui.voting.models import Ballot, EncryptedBallot, Poll, PollStatus

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_poll_from_preparation_to_certified_result(tree, page, phone, browser, live_server):
    login(page, "chair_a")
    page.goto("/polls/new/")
    page.get_by_label("表决名称").fill("审议《职工福利方案》")
    page.get_by_label("通过规则").select_option(label="投票人数过半数同意")
    page.get_by_label("最少公布人数").fill("1")
    page.get_by_label("表决事项").fill("同意《职工福利方案》")
    page.get_by_role("button", name="添加事项").click()
    expect(page.locator(".question-row")).to_have_count(2)
    page.locator(".question-row").nth(1).get_by_role("button", name="删除此事项").click()
    expect(page.locator(".question-row")).to_have_count(1)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存")
    poll = Poll.objects.get()

    page.get_by_role("link", name="选举人名单").click()
    page.get_by_label("组织", exact=True).select_option(label="甲机械厂工会")
    page.get_by_role("button", name="确定名单").click()
    expect(page.get_by_role("alert")).to_contain_text("共 4 人")
    page.get_by_role("link", name="返回表决").click()
    page.get_by_role("link", name="计票人").click()
    page.get_by_label("计票人/监票人的用户名").fill("chair_a\nstaff_a\nauditor_a")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="开始投票").click()
    expect(page.get_by_role("alert")).to_contain_text("投票已开始")
    # Each of the three tellers gets a key share, shown this once; any two of them will open the ballots.
    sheets = page.locator(".share-sheet")
    expect(sheets).to_have_count(3)
    expect(page.locator("#shares-warning")).to_contain_text("最多可以丢失 1 份")
    shares = {
        sheets.nth(i).get_attribute("data-teller"): sheets.nth(i).locator(".share-text").inner_text()
        for i in range(3)
    }
    assert set(shares) == {"chair_a", "staff_a", "auditor_a"}
    expect(sheets.first.locator("img")).to_be_visible()  # the QR code of the share
    page.get_by_role("link", name="已交给各计票人").click()
    assert shares["chair_a"] not in page.content()

    login(phone, "member_a")
    phone.goto("/my-polls/")
    phone.get_by_role("link", name="审议《职工福利方案》").click()
    twin = phone.context.new_page()  # the same ballot open twice: a double submit
    twin.goto(phone.url)
    phone.get_by_text("赞成", exact=True).click()
    phone.get_by_role("button", name="提交选票").click()
    expect(phone.get_by_role("heading", name="投票成功")).to_be_visible()
    expect(phone.locator("#receipt")).to_have_text(re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$"))
    expect(phone.get_by_text("请现在抄下或拍下这个回执码")).to_be_visible()
    twin.get_by_text("反对", exact=True).click()
    twin.get_by_role("button", name="提交选票").click()
    expect(twin.get_by_role("heading", name="您已投票")).to_be_visible()
    assert (
        EncryptedBallot.objects.filter(poll=poll).count() == 1
        and not Ballot.objects.filter(poll=poll).exists()
    )
    receipt = phone.locator("#receipt").inner_text()
    twin.close()

    expect(page.locator("#turnout-voted")).to_have_text("1", timeout=10_000)  # live, without a reload
    page.get_by_label("计票人密钥份额").fill(
        shares["staff_a"][:-1] + "\n" + shares["auditor_a"]
    )  # one mistyped
    page.get_by_role("button", name="结束投票并计票").click()
    expect(page.get_by_role("alert")).to_contain_text("第 1 份密钥份额格式不对或有抄错")
    assert Poll.objects.get().status == PollStatus.OPEN
    page.get_by_label("计票人密钥份额").fill(shares["staff_a"] + "\n" + shares["auditor_a"])  # two of three
    page.get_by_role("button", name="结束投票并计票").click()
    expect(page.get_by_role("alert")).to_contain_text("投票已结束")

    phone.goto(f"/polls/{poll.pk}/receipt/")
    phone.get_by_label("回执码").fill(receipt)
    phone.get_by_role("button", name="查询").click()
    expect(phone.locator("#receipt-result")).to_contain_text("已被计入")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="计票", exact=True).click()
    page.get_by_role("button", name="我已核对，确认计票结果").click()
    expect(page.get_by_role("alert")).to_contain_text("等待其他计票人确认")

    second = browser.new_context(base_url=live_server.url).new_page()
    login(second, "staff_a")
    second.goto(f"/polls/{poll.pk}/tally/")
    second.get_by_role("button", name="我已核对，确认计票结果").click()
    expect(second.get_by_role("alert")).to_contain_text("计票结果已确认")
    assert Poll.objects.get().status == PollStatus.CERTIFIED
    second.get_by_role("link", name="表决结果").click()
    result = second.locator(".question-result")
    expect(result).to_contain_text("通过")
    expect(result).to_contain_text("赞成 1 票")
    expect(result.locator("svg rect")).to_have_count(3)
    second.wait_for_load_state("networkidle")
    second.context.close()
