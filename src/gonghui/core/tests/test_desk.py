"""The work desk gathers every app's items and puts the late ones first, then the soonest due."""

from datetime import date
from types import SimpleNamespace

from gonghui.core import registry
from gonghui.core.registry import DeskItem, desk_for


def test_desk_puts_overdue_first_then_soonest_due_then_undated(monkeypatch):
    monkeypatch.setattr(
        registry,
        "DESK_PROVIDERS",
        [
            lambda user: [DeskItem("无期限", "/a/"), DeskItem("下月到期", "/b/", due=date(2026, 7, 1))],
            lambda user: [
                DeskItem("明天到期", "/c/", due=date(2026, 6, 16)),
                DeskItem("上月已逾期", "/d/", due=date(2026, 5, 1), overdue=True),
                DeskItem("昨天已逾期", "/e/", due=date(2026, 6, 14), overdue=True),
            ],
        ],
    )
    user = SimpleNamespace(is_authenticated=True)

    titles = [item.title for item in desk_for(user)]

    assert titles == ["上月已逾期", "昨天已逾期", "明天到期", "下月到期", "无期限"]


def test_an_anonymous_visitor_has_no_desk(monkeypatch):
    monkeypatch.setattr(registry, "DESK_PROVIDERS", [lambda user: [DeskItem("x", "/x/")]])

    assert desk_for(SimpleNamespace(is_authenticated=False)) == []
