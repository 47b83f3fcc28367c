"""Test-wide settings: the same settings module as production, with fast password hashing and tasks run
inline. Which database and cache are used comes from DATABASE_URL and REDIS_URL, exactly as in production.

GONGHUI_TEST_NOW=2028-02-29T10:00:00+08:00 runs the whole session from that instant, the clock ticking on, so
every test sees that "today" (.ci/run runs src/ so at instants that stress the calendar); a test pinned to its
own day (core/tests/clock.py) keeps it. Only Python's clock moves: the browser tests' Chromium keeps the
machine's, so leave them out of such a run, or move the machine's clock for both with `faketime`.
"""

import os
from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache

pytest_plugins = ["gonghui.orgs.tests.fixtures"]  # the shared org tree (`tree` fixture)

_session_travel: time_machine.travel | None = None


def pytest_configure(config):
    # Before collection, so module-level dates are taken in the travelled time too; in each xdist worker.
    global _session_travel
    if instant := os.environ.get("GONGHUI_TEST_NOW"):
        _session_travel = time_machine.travel(datetime.fromisoformat(instant), tick=True)
        _session_travel.start()


def pytest_unconfigure(config):
    if _session_travel is not None:
        _session_travel.stop()


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if settings.REDIS_URL:
        # One Redis database per xdist worker, counted from the URL's (so two runs given /0 and /4 stay apart),
        # so clearing the cache between tests never touches another worker's.
        worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
        base, _, first = settings.REDIS_URL.rpartition("/")
        index = int(first or 0) + 1 + int(worker.removeprefix("gw") or 0)
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": f"{base}/{index}"}}
    cache.clear()


@pytest.fixture(autouse=True)
def _teller_shares(monkeypatch):
    """Keep the key shares each poll hands its tellers at opening, so a test can close the poll as the tellers
    would (`gonghui.voting.tests.factories.shares_of`). The server itself keeps none."""
    from gonghui.voting.tests import factories

    factories.watch_shares(monkeypatch)
