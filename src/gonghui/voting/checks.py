"""System check: a PostgreSQL server that logs statements or commit times can link voters to ballots.

Django's psycopg backend binds parameters on the client, so a logged INSERT carries the member id or the choices
in its text; one transaction's two INSERTs logged side by side, with the same backend PID, link them whatever
the seal does later. `track_commit_timestamp` would stamp every ballot with its commit time. Run with
`gonghui check --database default` (database checks only run when asked for a database).
"""

from django.core.checks import Error, Tags, register
from django.db import connections

# setting → (acceptable values, why)
SAFE_SETTINGS = {
    "log_statement": ({"none", "ddl"}, "logs the INSERT of each vote with its values"),
    "log_min_duration_statement": ({"-1"}, "logs slow statements, votes included, with their values"),
    "log_min_duration_sample": ({"-1"}, "logs a sample of statements with their values"),
    "log_transaction_sample_rate": ({"0"}, "logs every statement of sampled transactions"),
    "track_commit_timestamp": ({"off"}, "records when each ballot was committed"),
}


def unsafe_settings(connection) -> list[str]:
    """The server settings that would leak, as "name = value" strings; empty when the server is safe."""
    found = []
    with connection.cursor() as cursor:
        for name, (safe, _why) in SAFE_SETTINGS.items():
            cursor.execute(f"SHOW {name}")
            value = cursor.fetchone()[0]
            if value not in safe:
                found.append(f"{name} = {value}")
        cursor.execute("SHOW log_statement")
        statements = cursor.fetchone()[0]
        cursor.execute("SHOW log_parameter_max_length")
        parameters = cursor.fetchone()[0]
    # Server-side bound parameters are logged beside DDL-level logging unless their length is capped at 0.
    if statements != "none" and parameters != "0":
        found.append(f"log_parameter_max_length = {parameters}")
    return found


@register(Tags.database)
def postgresql_does_not_log_votes(app_configs, databases=None, **kwargs):
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        for setting in unsafe_settings(connection):
            errors.append(
                Error(
                    f"PostgreSQL setting {setting} can link voters to their secret ballots.",
                    hint="Set log_statement to none or ddl, log_parameter_max_length to 0, statement sampling and "
                    "log_min_duration_statement off, track_commit_timestamp off (docs/operations.md).",
                    obj=alias,
                    id="voting.E001",
                )
            )
    return errors
