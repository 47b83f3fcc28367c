"""Test-wide settings: the same settings module as production, with fast password hashing and tasks run
inline. Which database and cache are used comes from DATABASE_URL and REDIS_URL, exactly as in production."""

import os

import pytest
from django.core.cache import cache

pytest_plugins = ["gonghui.orgs.tests.fixtures"]  # the shared org tree (`tree` fixture)


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
