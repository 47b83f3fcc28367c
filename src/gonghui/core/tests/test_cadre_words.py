"""No developer words on a cadre's pages: rule ids, the "to be checked" flags and the calendar's software source
are for the administrators who maintain them."""

import pytest
from django.urls import reverse

from gonghui.core.rules import SECONDARY, all_rules

pytestmark = pytest.mark.django_db


def _page(client, user, name: str) -> str:
    client.force_login(user)
    return client.get(reverse(name)).content.decode()


def test_a_cadre_reads_the_rules_without_ids_or_checking_flags(client, tree):
    rule = all_rules()[0]
    page = _page(client, tree.cadre_a, "rule_list")
    assert rule.title in page
    assert f"<code>{rule.id}</code>" not in page
    assert "待核对原文" not in page


def test_an_administrator_sees_the_ids_and_the_flags(client, tree):
    page = _page(client, tree.superuser, "rule_list")
    assert f"<code>{all_rules()[0].id}</code>" in page
    if any(rule.verified == SECONDARY for rule in all_rules()):
        assert "待核对原文" in page


def test_the_calendar_names_the_state_council_not_a_software_package(client, tree):
    cadre = _page(client, tree.cadre_a, "calendar")
    assert "chinesecalendar" not in cadre and "国务院办公厅公布的放假安排" in cadre
    assert "chinesecalendar" in _page(client, tree.superuser, "calendar")
