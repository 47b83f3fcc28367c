"""System checks for configurations that work in a demo and fail in production."""

from django.conf import settings
from django.core.checks import Warning, register


@register("database")
def sqlite_is_configured_for_concurrency(app_configs, **kwargs):
    """SQLite serves one writer at a time: without IMMEDIATE transactions and a busy timeout, concurrent writes
    fail with "database is locked" in the middle of a transaction (docs/reliability.md R10)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return []
    options = database.get("OPTIONS", {})
    if options.get("transaction_mode") != "IMMEDIATE" or not options.get("timeout"):
        return [
            Warning(
                "SQLite without IMMEDIATE transactions and a busy timeout loses concurrent writes.",
                hint="Use the settings module's SQLite OPTIONS, or set DATABASE_URL to PostgreSQL.",
                id="gonghui.W001",
            )
        ]
    return []
