"""System check: a PostgreSQL server that logs statements, plans or commit times can link voters to ballots.

A vote's statements carry the voter's member id beside an encrypted ballot, with their values bound as
parameters (voting.services.casting), so a statement's text holds placeholders only. What is left to leak is the
server writing those parameters down — or a plan or parse tree with them folded in — next to each other in one
transaction, or stamping each row with its commit time. Each setting below does one of these.

Run with `gonghui check --database default` (database checks only run when asked for a database), and at server
start (`refuse_unsafe_server`, called from gonghui.wsgi): a server that would log votes does not start.
"""

import logging

from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)

# setting → (acceptable values, why)
SAFE_SETTINGS = {
    "log_statement": ({"none", "ddl"}, "logs the INSERT of each vote with its values"),
    "log_min_duration_statement": ({"-1"}, "logs slow statements, votes included, with their values"),
    "log_min_duration_sample": ({"-1"}, "logs a sample of statements with their values"),
    "log_transaction_sample_rate": ({"0"}, "logs every statement of sampled transactions"),
    "track_commit_timestamp": ({"off"}, "records when each ballot was committed"),
    "debug_print_parse": ({"off"}, "logs every query's parse tree, values included"),
    "debug_print_rewritten": ({"off"}, "logs every rewritten query tree, values included"),
    "debug_print_plan": ({"off"}, "logs every plan, values included"),
}

# log_min_error_statement levels that log the statement of an ordinary error (a refused vote, a deadlock).
ERROR_LOGGING_LEVELS = {
    "debug5",
    "debug4",
    "debug3",
    "debug2",
    "debug1",
    "info",
    "notice",
    "warning",
    "error",
}


def _show(cursor, name: str) -> str | None:
    """A setting's value, or None when the server does not know it (an extension's setting, not loaded)."""
    cursor.execute("SELECT current_setting(%s, true)", [name])
    return cursor.fetchone()[0]


def unsafe_settings(connection) -> list[str]:
    """The server settings that would leak, as "name = value" strings; empty when the server is safe."""
    found = []
    with connection.cursor() as cursor:
        for name, (safe, _why) in SAFE_SETTINGS.items():
            value = _show(cursor, name)
            if value is not None and value not in safe:
                found.append(f"{name} = {value}")
        statements = _show(cursor, "log_statement")
        parameters = _show(cursor, "log_parameter_max_length")
        # Server-side bound parameters are logged beside DDL-level logging unless their length is capped at 0.
        if statements != "none" and parameters != "0":
            found.append(f"log_parameter_max_length = {parameters}")
        # PostgreSQL's default logs the statement of every error (log_min_error_statement = error). With values
        # bound, that text is placeholders; the parameters follow only if log_parameter_max_length_on_error
        # allows them (default 0).
        if _show(cursor, "log_min_error_statement") in ERROR_LOGGING_LEVELS:
            on_error = _show(cursor, "log_parameter_max_length_on_error")
            if on_error not in (None, "0"):
                found.append(f"log_parameter_max_length_on_error = {on_error}")
        # auto_explain logs the plan of every statement slower than its threshold, with the bound parameters.
        libraries = " ".join(
            _show(cursor, name) or ""
            for name in ("shared_preload_libraries", "session_preload_libraries", "local_preload_libraries")
        )
        explain = _show(cursor, "auto_explain.log_min_duration")
        if ("auto_explain" in libraries or explain is not None) and explain not in (None, "-1"):
            found.append(f"auto_explain.log_min_duration = {explain}")
    return found


def _errors(alias: str, settings: list[str]) -> list[Error]:
    return [
        Error(
            f"PostgreSQL setting {setting} can link voters to their secret ballots.",
            hint="Set log_statement to none or ddl, log_parameter_max_length and "
            "log_parameter_max_length_on_error to 0, statement sampling, log_min_duration_statement and "
            "auto_explain off, debug_print_* off, track_commit_timestamp off (docs/operations.md).",
            obj=alias,
            id="voting.E001",
        )
        for setting in settings
    ]


@register(Tags.database)
def postgresql_does_not_log_votes(app_configs, databases=None, **kwargs):
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor == "postgresql":
            errors += _errors(alias, unsafe_settings(connection))
    return errors


def refuse_unsafe_server(alias: str = "default") -> None:
    """At server start: refuse to serve votes from a database server that would log them. A database that is
    not reachable yet is left to the first request (and logged): the check then runs at the next start."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return
    try:
        problems = unsafe_settings(connection)
    except DatabaseError:
        log.warning("voting.E001 not checked at start: the database is not reachable")
        return
    finally:
        if not connection.in_atomic_block:
            connection.close()  # the workers open their own
    if problems:
        raise ImproperlyConfigured(
            "voting.E001: PostgreSQL would log what links voters to their ballots: "
            + "; ".join(problems)
            + " (docs/operations.md)"
        )
