"""The seal: at close, decrypt the ballots with the key k tellers rebuilt, and write them where nothing links them.

While a poll is open, a vote writes its VoterMark and an EncryptedBallot in one transaction. Everything about
that transaction — the WAL records side by side, the shared `xmin`, the row order, a dump taken mid-poll, old
row versions left in the pages — links the mark to a ciphertext that nobody can read without k shares
(voting/crypto.py). The seal, in one transaction:
- decrypts every ballot in memory, checks it, and deletes the encrypted rows;
- writes the plaintext Ballots (choices and weight) in random order under fresh random keys, and the receipt
  digests in a Receipt set of their own, shuffled separately: a receipt proves "counted", never what;
- rewrites the marks sorted by member, so their order says nothing either.
No plaintext row is ever written in voting order or in a voter's transaction, so raw pages, the WAL and backups
taken after the seal hold nothing more than the tables do. The key is a local of `poll_close` and is dropped
when it returns.

The VACUUM afterwards only tidies: the dead row versions it frees are ciphertexts and marks.
"""

import secrets

from django.db import connection, transaction

from .crypto import decrypt_ballot
from .models import Ballot, EncryptedBallot, Poll, Receipt, VoterMark, random_id


class UnreadableBallot(Exception):
    """A stored ballot that the poll's key does not open: altered or foreign. The close stops, nothing changes."""


def open_ballots(poll: Poll, key) -> list[tuple[dict, int, str]]:
    """Decrypt the poll's encrypted ballots: [(choices, weight, receipt digest)]."""
    opened = []
    for box in (
        EncryptedBallot.objects.filter(poll=poll).values_list("box", flat=True).iterator(chunk_size=2000)
    ):
        ballot = decrypt_ballot(key, box)
        if ballot is None:
            raise UnreadableBallot()
        opened.append(ballot)
    return opened


def seal(
    poll: Poll, opened: list[tuple[dict, int, str]]
) -> tuple[list[tuple[dict, int]], list[tuple[dict, int]]]:
    """Write the decrypted ballots and their receipts apart, each in its own random order; returns the ballots as
    (choices, weight) for the tally, and as written (weight None in a weighted poll) for the fingerprint.

    Runs inside the caller's transaction, after the poll row is locked FOR UPDATE, so no vote is in flight.
    """
    rng = secrets.SystemRandom()
    ballots = [(choices, weight) for choices, weight, _digest in opened]
    digests = [digest for _choices, _weight, digest in opened]
    rng.shuffle(ballots)
    rng.shuffle(digests)
    marks = sorted(VoterMark.objects.filter(poll=poll).values_list("member_id", "origin"))
    EncryptedBallot.objects.filter(poll=poll).delete()
    VoterMark.objects.filter(poll=poll).delete()
    weighted = poll.electorate_weight != poll.electorate_size
    stored = [(choices, None if weighted else weight) for choices, weight in ballots]
    Ballot.objects.bulk_create(
        Ballot(id=random_id(), poll=poll, choices=choices, weight=weight) for choices, weight in stored
    )
    Receipt.objects.bulk_create(Receipt(poll=poll, digest=digest) for digest in digests)
    VoterMark.objects.bulk_create(
        VoterMark(poll=poll, member_id=member_id, origin=origin) for member_id, origin in marks
    )
    return ballots, stored


def vacuum_after_commit() -> None:
    """Schedule the VACUUM for when the seal's transaction has committed.

    VACUUM cannot run inside a transaction. When poll_close runs inside an outer atomic block that never commits
    (Django's TestCase), the callback never runs and the vacuum is skipped. `robust`: the poll is already
    closed; a failed VACUUM is logged, not raised, and the next one (or autovacuum) tidies up.
    """
    transaction.on_commit(vacuum, robust=True)


def vacuum() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (EncryptedBallot, Ballot, Receipt, VoterMark):
                cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        elif connection.vendor == "sqlite":
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
