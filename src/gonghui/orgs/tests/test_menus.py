"""Each demo role's menu offers what the role can do, and nothing it cannot, and each line of its work desk
opens (`gonghui logins` lists the roles).
The demo dates itself from the clock: built on the pinned day, the same menus every time."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from gonghui.core.registry import desk_for
from gonghui.core.tests.clock import demo_pinned

pytestmark = [pytest.mark.django_db, demo_pinned]

EVERYONE = {"首页", "我的通知", "规则库", "工作日历", "活动与培训"}
ON_A_ROSTER = EVERYONE | {"我的", "我的会员信息", "我的投票"}
UNION_READER = ON_A_ROSTER | {"组织", "企业"}
CHAIR = UNION_READER | {
    "会员名册",
    "名册导入",
    "会员接转",
    "表决与选举",
    "职代会",
    "提案",
    "集体合同",
    "行政方代表",
    "合同统计",
    "角色授权",
    "操作日志",
    "API 令牌",
    "入会申请",
    "年度工作计划",
    "工会委员会会议",
    "参与统计",
}
CADRE = EVERYONE | {
    "组织",
    "企业",
    "会员名册",
    "会员接转",
    "职代会",
    "提案",
    "集体合同",
    "合同统计",
    "角色授权",
    "操作日志",
    "API 令牌",
    "入会申请",
    "年度工作计划",
    "工会委员会会议",
    "参与统计",
}
MENUS = {
    "admin": CADRE | {"名册导入", "表决与选举", "行政方代表"},
    "qu": CADRE,
    "zhen": CADRE,
    "zhuxi": CHAIR,
    "ganshi": CHAIR - {"角色授权", "操作日志"},
    "caiwu": UNION_READER | {"会员名册"},
    "jingshen": UNION_READER | {"职代会", "提案", "操作日志", "年度工作计划", "工会委员会会议", "参与统计"},
    "nvgong": UNION_READER | {"会员名册", "集体合同", "年度工作计划", "参与统计"},
    # A worker representative comments on the draft agreement and submits proposals.
    "daibiao": ON_A_ROSTER | {"提案", "集体合同"},
    "huiyuan": ON_A_ROSTER,
    # The employer's representative answers the offer and the proposals he handles; he is on no roster.
    "xingzheng": EVERYONE | {"提案", "集体合同"},
    "xuexiao": CHAIR,
    # The Jiangsu town's cadre and its largest union's chair: the same roles, another province's rules.
    "jszhen": CADRE,
    "jszhuxi": CHAIR,
}


def _aside(client: Client) -> str:
    return re.search(r"<aside.*?</aside>", client.get("/rules/").content.decode(), re.S).group(0)


def _menu(client: Client) -> set[str]:
    return {label.strip() for label in re.findall(r"</i>([^<]+)</a>", _aside(client))}


def _menu_urls(client: Client) -> list[str]:
    return re.findall(r'href="([^"]+)"', _aside(client))


def test_each_demo_role_sees_the_menu_of_what_it_can_do_and_every_entry_opens():
    call_command("demo", verbosity=0)
    users = get_user_model().objects
    seen = {}
    for username in MENUS:
        client = Client()
        client.force_login(users.get(username=username))
        seen[username] = _menu(client)
        if username in ("daibiao", "xingzheng", "huiyuan", "caiwu"):
            for url in _menu_urls(client):
                assert client.get(url).status_code == 200, (username, url)
        # Every line of the role's work desk opens.
        for item in desk_for(users.get(username=username)):
            assert client.get(item.url).status_code == 200, (username, item.title, item.url)
    assert seen == MENUS

    # The employer's representative's home shows his work, not that he lacks a member record.
    client = Client()
    client.force_login(users.get(username="xingzheng"))
    page = client.get("/").content.decode()
    assert "书面答复工会的协商要约" in page and "尚未关联会员档案" not in page
