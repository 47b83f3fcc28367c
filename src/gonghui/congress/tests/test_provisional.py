"""A session due day that falls in a year whose holiday schedule is not known yet is an estimate: the term
pages, the API and the desk say 预估 (issue 13)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.congress import selectors
from gonghui.congress.models import Session, Term
from gonghui.core.calendar import known_year
from gonghui.core.registry import desk_for

from .factories import build_congress

pytestmark = pytest.mark.django_db


def _last_met(tree, held_on):
    congress = build_congress(tree.union_a)
    Term.objects.filter(pk=congress.term.pk).update(starts_on=date(2025, 6, 1))
    Session.objects.filter(pk=congress.session.pk).update(held_on=held_on)
    return congress.term


def _said(tree, term):
    client = Client()
    client.force_login(tree.chair_a)
    pages = [
        client.get(reverse(name, kwargs=kwargs)).content.decode()
        for name, kwargs in (("congress_term_list", {}), ("congress_term_detail", {"pk": term.pk}))
    ]
    api = client.get(reverse("api:congress_term_detail", kwargs={"term_id": term.pk})).json()
    desk = next(i for i in desk_for(tree.chair_a) if i.due == selectors.session_overdue(term))
    return pages, api, desk


@pytest.mark.time_machine("2027-01-20 10:00 +08:00")
def test_a_session_due_in_an_unknown_year_says_预估(tree):
    assert not known_year(2027)
    term = _last_met(tree, date(2026, 1, 5))
    assert selectors.session_overdue(term) == date(2027, 1, 5)
    pages, api, desk = _said(tree, term)
    assert all("预估" in page for page in pages)
    assert api["session_overdue_since"] == "2027-01-05" and api["session_overdue_provisional"] is True
    assert desk.due_label == "应于此日前召开（预估）"


@pytest.mark.time_machine("2026-06-15 10:00 +08:00")
def test_a_session_due_in_a_known_year_is_not_an_estimate(tree):
    term = _last_met(tree, date(2025, 6, 2))
    assert selectors.session_overdue(term) == date(2026, 6, 2)
    pages, api, desk = _said(tree, term)
    assert not any("预估" in page for page in pages)
    assert api["session_overdue_provisional"] is False
    assert desk.due_label == "应于此日前召开"
