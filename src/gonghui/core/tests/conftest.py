import pytest

from gonghui.core import calendar


@pytest.fixture(autouse=True)
def _calendar_table_from_this_tests_database(monkeypatch):
    """The holiday table is cached per process, but a year one test adds is rolled back with its database:
    each test starts without the cached table, and the cache from before it is put back afterwards."""
    monkeypatch.setattr(calendar, "_table", None)
