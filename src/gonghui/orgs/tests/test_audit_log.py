"""The audit log reads in Chinese: the action's name, labelled fields with their values in words, and the
person's name rather than a login."""

import re

import pytest
from django.urls import reverse

from gonghui.core.audit import audit

pytestmark = pytest.mark.django_db


def _rows(client) -> list[list[str]]:
    html = client.get(reverse("audit_list")).content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_log_names_the_action_fields_values_and_person_in_chinese(client, tree):
    tree.chair_a.first_name = "王建国"  # as the demo and the roster write a Chinese name
    tree.chair_a.save()
    path = tree.union_a.path
    audit(
        actor=tree.chair_a,
        action="member.import",
        obj=tree.union_a,
        scope_path=path,
        changes={"filename": "名册.xlsx", "rows": 3, "new": 2, "updated": 1, "unchanged": 0, "errors": 0},
    )
    audit(actor=tree.chair_a, action="agreement.answer", scope_path=path, changes={"decision": "approve"})
    audit(
        actor=tree.chair_a,
        action="agreement.file",
        scope_path=path,
        changes={"on": "2026-02-24", "late": False},
    )
    audit(actor=tree.chair_a, action="poll.tellers_set", scope_path=path, changes={"tellers": ["chair_a"]})
    audit(actor=tree.chair_a, action="role.grant", scope_path=path, changes={"role": "union_staff"})
    client.force_login(tree.chair_a)

    rows = [row[1:5] for row in _rows(client)]

    assert rows == [
        ["王建国", "授予角色", "", "角色：工会委员/干事"],
        ["王建国", "指定计票人", "", "计票人：王建国"],
        ["王建国", "报送审查", "", "日期：2026-02-24；逾期报送：否"],
        ["王建国", "答复协商要约", "", "决定：同意"],
        [
            "王建国",
            "导入会员名册",
            "甲机械厂工会",
            "文件名：名册.xlsx；行数：3；新增：2；更新：1；未变：0；错误：0",
        ],
    ]


def test_an_edit_shows_old_and_new_values_by_the_fields_names(client, tree):
    audit(
        actor=tree.chair_a,
        action="member.update",
        obj=tree.members_a[0],
        scope_path=tree.union_a.path,
        changes={"status": ["active", "retired"], "phone": [None, "13800000000"]},
    )
    client.force_login(tree.chair_a)

    [row] = _rows(client)

    assert row[2] == "修改会员信息"
    assert row[4] == "手机号：— → 13800000000；会籍状态：在会 → 退休"  # the model's field order


def test_the_action_filter_lists_actions_by_name(client, tree):
    client.force_login(tree.chair_a)
    html = client.get(reverse("audit_list")).content.decode()
    assert '<option value="member.import">导入会员名册</option>' in html
    assert "member." not in re.sub(r'value="[^"]*"', "", html)
