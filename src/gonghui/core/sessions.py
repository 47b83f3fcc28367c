"""Sessions read from the cache (Redis) and written through to the database, that keep working from the
database while the cache is down.

Django's `cached_db` store already ignores a failed cache read, but after reading the row from the database it
puts the session back into the cache without catching an error there, so with Redis down every signed-in
request would fail. Here that step is allowed to fail (logged): the request goes on from the database row, as
with the `db` store. docs/decisions.md, "Sessions cached in Redis".
"""

import logging

from django.contrib.sessions.backends import cached_db, db
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except RedisError:
            logger.warning("Session cache unavailable; reading the session from the database", exc_info=True)
            return db.SessionStore.load(self)
