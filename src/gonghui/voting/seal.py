"""The seal: at close, rewrite who-voted and what-was-voted so that nothing in the database links them.

While a poll is open, a voter's VoterMark and Ballot are written in one transaction. On PostgreSQL both rows
then carry the same transaction id (`xmin`), and both tables grow in voting order (`ctid`); on SQLite the
marks' rowids follow voting order. docs/reliability.md §1.4 measured an xmin join re-linking 800 of 800 voters.
Rewriting both sets in one transaction — ballots in random order under fresh random keys, marks sorted by
member — gives every row the same xmin and an order that says nothing; VACUUM then removes the old row
versions (PostgreSQL) or old pages and the WAL copy (SQLite), which still hold the original layout.
"""

import secrets

from django.db import connection, transaction

from .models import Ballot, Poll, VoterMark, random_id


def seal(poll: Poll) -> list[tuple[dict, int]]:
    """Rewrite the poll's ballots and marks; returns the ballots as (choices, weight) for the tally.

    Runs inside the caller's transaction, after the poll row is locked FOR UPDATE, so no vote is in flight.
    """
    ballots = list(Ballot.objects.filter(poll=poll).values_list("choices", "weight", "receipt_digest"))
    marks = sorted(VoterMark.objects.filter(poll=poll).values_list("member_id", "origin"))
    secrets.SystemRandom().shuffle(ballots)
    Ballot.objects.filter(poll=poll).delete()
    VoterMark.objects.filter(poll=poll).delete()
    Ballot.objects.bulk_create(
        Ballot(id=random_id(), poll=poll, choices=choices, weight=weight, receipt_digest=digest)
        for choices, weight, digest in ballots
    )
    VoterMark.objects.bulk_create(
        VoterMark(poll=poll, member_id=member_id, origin=origin) for member_id, origin in marks
    )
    return [(choices, weight) for choices, weight, _ in ballots]


def vacuum_after_commit() -> None:
    """Schedule the VACUUM for when the seal's transaction has committed.

    VACUUM cannot run inside a transaction. When poll_close runs inside an outer atomic block that never commits
    (Django's TestCase), the callback never runs and the vacuum is skipped: tests of the vacuumed state use
    `django_db(transaction=True)`. `robust`: the poll is already closed; a failed VACUUM is logged, not raised,
    and the next one (or autovacuum) removes the old row versions.
    """
    transaction.on_commit(vacuum, robust=True)


def vacuum() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (Ballot, VoterMark):
                cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        elif connection.vendor == "sqlite":
            # Freed pages keep the deleted rows, and the WAL keeps the pages as they were before the seal.
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
