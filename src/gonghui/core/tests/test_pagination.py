"""Pagination: a million-row list shows its first pages without counting every row."""

import pytest

from gonghui.core import pagination
from gonghui.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_long_lists_stop_counting_at_the_cap(rf, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    users = [UserFactory(username=f"p{i}") for i in range(12)]
    page = pagination.paginate(rf.get("/", {"page": "2"}), type(users[0]).objects.order_by("pk"), per_page=3)
    assert page.paginator.capped and page.paginator.count == 6
    assert [u.username for u in page] == ["p3", "p4", "p5"]
