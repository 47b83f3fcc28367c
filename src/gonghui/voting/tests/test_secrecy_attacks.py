"""The attacks of docs/reliability.md §1.4 (V2, V3): link voters to ballots through the database itself.

800 simulated voters with known choices on a three-way question. An attacker who reads the tables (a database
administrator, a backup) tries to pair each VoterMark with its Ballot by transaction id (PostgreSQL `xmin`),
by physical row order (PostgreSQL `ctid`, SQLite `rowid`) and by primary-key order. Before the seal the xmin
and ctid attacks pair everyone on PostgreSQL; after it no attack does better than guessing blind.

"Chance" is what guessing blind achieves: the share of the most common choice. The choices are skewed
(45/35/20 %) like real votes, which also keeps random fluctuation far from the 5-point margin.

These tests commit for real (`transaction=True`): the seal's VACUUM runs only after a real commit.
"""

import bisect
import random
from collections import Counter

import pytest
from django.db import connection

from gonghui.voting import services
from gonghui.voting.models import Ballot, VoterMark

from .factories import open_poll, voters

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = 800
MARGIN = 0.05
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="xmin and ctid exist on PostgreSQL"
)


def _election(tree):
    """Everyone votes, one at a time, with a known choice; returns the poll and {member id: choice}."""
    people = voters(tree, VOTERS)
    poll = open_poll(tree, people)
    choices = ["yes"] * 360 + ["no"] * 280 + ["abstain"] * 160
    random.Random(5).shuffle(choices)
    truth = {}
    for user, choice in zip(people, choices, strict=True):
        services.cast(voter=user, poll=poll, choices={1: choice})
        truth[user.member.pk] = choice
    return poll, truth


def _chance(truth: dict) -> float:
    return max(Counter(truth.values()).values()) / len(truth)


def _ballot_choices(poll) -> dict[int, str]:
    return {pk: choices["1"] for pk, choices in Ballot.objects.filter(poll=poll).values_list("id", "choices")}


def _ordered(sql: str, poll) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [poll.pk])
        return [row[0] for row in cursor.fetchall()]


def order_attack(poll, truth: dict, order: str) -> float:
    """Pair the k-th mark with the k-th ballot in the given physical order ("ctid" or "rowid")."""
    marks = _ordered(f"SELECT member_id FROM voting_votermark WHERE poll_id = %s ORDER BY {order}", poll)  # noqa: S608
    ballot_ids = _ordered(f"SELECT id FROM voting_ballot WHERE poll_id = %s ORDER BY {order}", poll)  # noqa: S608
    choices = _ballot_choices(poll)
    hits = sum(truth[member] == choices[ballot] for member, ballot in zip(marks, ballot_ids, strict=True))
    return hits / len(truth)


def key_order_attack(poll, truth: dict, mark_order: str) -> float:
    """Pair marks in insertion order with ballots in primary-key order."""
    marks = _ordered(f"SELECT member_id FROM voting_votermark WHERE poll_id = %s ORDER BY {mark_order}", poll)  # noqa: S608
    choices = _ballot_choices(poll)
    hits = sum(truth[m] == choices[b] for m, b in zip(marks, sorted(choices), strict=True))
    return hits / len(truth)


def xmin_attack(poll, truth: dict) -> float:
    """Pair each mark with the ballots of the latest transaction id not after the mark's; guess the most common
    choice among them.

    Not an exact `m.xmin = b.xmin` join: cast inserts the mark inside a savepoint, so the mark carries a
    subtransaction id, which PostgreSQL allocates right after its parent's — the ballot's.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT member_id, xmin::text::bigint FROM voting_votermark WHERE poll_id = %s", [poll.pk]
        )
        marks = cursor.fetchall()
        cursor.execute("SELECT id, xmin::text::bigint FROM voting_ballot WHERE poll_id = %s", [poll.pk])
        ballots = sorted((xid, pk) for pk, xid in cursor.fetchall())
    choices = _ballot_choices(poll)
    xids = [xid for xid, _ in ballots]
    hits = 0
    for member, xid in marks:
        i = bisect.bisect_right(xids, xid)
        if i == 0:
            continue
        nearest = Counter(choices[pk] for x, pk in ballots if x == xids[i - 1])
        hits += truth[member] == nearest.most_common(1)[0][0]
    return hits / len(truth)


def _row_versions(table: str) -> set:
    """Transaction ids of every row version in the heap, dead ones included (pageinspect reads the pages)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute(
            "SELECT DISTINCT t_xmin::text FROM generate_series(0, pg_relation_size(%s) / 8192 - 1) AS block, "
            "LATERAL heap_page_items(get_raw_page(%s, block::int)) WHERE t_xmin IS NOT NULL",
            [table, table],
        )
        return {row[0] for row in cursor.fetchall()}


@postgresql_only
def test_postgresql_xmin_and_ctid_link_everyone_before_the_seal_and_nobody_after(tree):
    poll, truth = _election(tree)
    chance = _chance(truth)

    assert xmin_attack(poll, truth) == 1.0  # V3: the attack is real, the seal is what removes it
    assert order_attack(poll, truth, "ctid") == 1.0
    assert len(_row_versions("voting_ballot")) >= VOTERS

    services.poll_close(actor=tree.chair_a, poll=poll)

    assert xmin_attack(poll, truth) <= chance + MARGIN
    assert order_attack(poll, truth, "ctid") <= chance + MARGIN
    assert key_order_attack(poll, truth, "ctid") <= chance + MARGIN
    # After VACUUM, no old row version with a voter's transaction id is left in either table's pages.
    assert len(_row_versions("voting_ballot")) == 1
    assert _row_versions("voting_votermark") == _row_versions("voting_ballot")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="rowid exists on SQLite")
def test_sqlite_rowid_and_key_order_link_nobody_after_the_seal(tree):
    poll, truth = _election(tree)
    chance = _chance(truth)
    # Before the seal the marks' rowids follow voting order; the ballots' random keys already do not.
    assert _ordered("SELECT member_id FROM voting_votermark WHERE poll_id = %s ORDER BY rowid", poll) == list(
        truth
    )

    services.poll_close(actor=tree.chair_a, poll=poll)

    assert order_attack(poll, truth, "rowid") <= chance + MARGIN
    assert key_order_attack(poll, truth, "rowid") <= chance + MARGIN
    assert _ordered(
        "SELECT member_id FROM voting_votermark WHERE poll_id = %s ORDER BY rowid", poll
    ) == sorted(truth)


def test_the_seal_keeps_every_vote_and_every_receipt(tree):
    people = voters(tree, 30)
    poll = open_poll(tree, people)
    receipts = [
        services.cast(voter=u, poll=poll, choices={1: "yes" if i % 3 else "no"}) for i, u in enumerate(people)
    ]
    before = sorted(Ballot.objects.filter(poll=poll).values_list("receipt_digest", "weight"))
    old_keys = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))

    poll = services.poll_close(actor=tree.chair_a, poll=poll)

    assert sorted(Ballot.objects.filter(poll=poll).values_list("receipt_digest", "weight")) == before
    assert not old_keys & set(
        Ballot.objects.filter(poll=poll).values_list("id", flat=True)
    )  # fresh random keys
    assert VoterMark.objects.filter(poll=poll).count() == 30
    assert poll.tally["questions"]["1"] == {"yes": 20, "no": 10, "abstain": 0}
    assert all(services.receipt_digest(code) in dict(before) for code in receipts)
