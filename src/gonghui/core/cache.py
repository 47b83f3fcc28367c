"""Django's Redis cache, with one client per connection pool instead of one per call.

Django builds a new `redis.Redis` for every cache operation (`RedisCacheClient.get_client`), and building one
fills a table of some 170 response callbacks: about 50 µs of CPU, more than the GET it then sends, paid on
every signed-in request because the session is read from the cache. A `redis.Redis` is safe to share between
threads (each command takes a connection from the pool), so each pool keeps the one client it was given.
docs/benchmarks.md, "Vote storm".
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
