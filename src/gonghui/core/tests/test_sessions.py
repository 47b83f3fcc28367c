"""Sessions cached in Redis keep working from the database while Redis is down (docs/decisions.md)."""

import pytest
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from gonghui.core.sessions import SessionStore

pytestmark = pytest.mark.django_db

NO_REDIS = "redis://127.0.0.1:9/0"  # the discard port: nothing listens, the connection is refused at once


def test_a_session_is_read_from_the_database_while_the_cache_is_down(settings):
    saved = DatabaseSessionStore()
    saved["who"] = "代表"
    saved.create()
    settings.CACHES = {"default": {"BACKEND": "gonghui.core.cache.RedisCache", "LOCATION": NO_REDIS}}
    assert SessionStore(saved.session_key).load() == {"who": "代表"}


def test_a_session_is_read_from_the_cache_when_it_is_there(settings, django_assert_num_queries):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    saved = SessionStore()
    saved["who"] = "代表"
    saved.create()
    with django_assert_num_queries(0):
        assert SessionStore(saved.session_key).load() == {"who": "代表"}


def test_the_redis_cache_builds_one_client_for_all_its_calls(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the cache is in memory")
    from django.core.cache import cache

    cache.set("greeting", "你好")
    assert cache.get("greeting") == "你好"
    backend = cache._cache
    assert backend.get_client() is backend.get_client(write=True)
