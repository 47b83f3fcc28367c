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
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections

from gonghui.core.errors import Conflict
from gonghui.voting import selectors, services
from gonghui.voting.models import Ballot, EncryptedBallot, Receipt, VoterMark

from .factories import open_poll, shares_of, voters

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
def test_postgresql_xmin_and_ctid_link_marks_only_to_ciphertexts_before_the_seal_and_nothing_after(tree):
    poll, truth = _election(tree)
    chance = _chance(truth)

    # While open, each mark shares its transaction with an encrypted ballot: linked, but to noise.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM voting_votermark m JOIN voting_encryptedballot b ON b.xmin = m.xmin "
            "WHERE m.poll_id = %s",
            [poll.pk],
        )
        assert cursor.fetchone()[0] == VOTERS
    assert not Ballot.objects.filter(poll=poll).exists()
    boxes = EncryptedBallot.objects.filter(poll=poll).values_list("box", flat=True)
    assert len({len(bytes(box)) for box in boxes}) == 1  # padded: a length would tell "no" from "abstain"
    assert not any(b"abstain" in bytes(box) or b"yes" in bytes(box) for box in boxes)

    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))

    assert xmin_attack(poll, truth) <= chance + MARGIN
    assert order_attack(poll, truth, "ctid") <= chance + MARGIN
    assert key_order_attack(poll, truth, "ctid") <= chance + MARGIN
    # After VACUUM, every row version left in the plaintext tables was written by the seal's one transaction.
    assert len(_row_versions("voting_ballot")) == 1
    assert (
        _row_versions("voting_votermark") == _row_versions("voting_ballot") == _row_versions("voting_receipt")
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="rowid exists on SQLite")
def test_sqlite_rowid_and_key_order_link_nobody_after_the_seal(tree):
    poll, truth = _election(tree)
    chance = _chance(truth)
    # Before the seal the marks' rowids follow voting order; the ballots' random keys already do not.
    assert _ordered("SELECT member_id FROM voting_votermark WHERE poll_id = %s ORDER BY rowid", poll) == list(
        truth
    )

    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))

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
    old_keys = set(EncryptedBallot.objects.filter(poll=poll).values_list("id", flat=True))

    poll = services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))

    assert Ballot.objects.filter(poll=poll).count() == 30
    assert not EncryptedBallot.objects.filter(poll=poll).exists()
    assert not old_keys & set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))  # fresh keys
    assert VoterMark.objects.filter(poll=poll).count() == 30
    assert poll.tally["questions"]["1"] == {"yes": 20, "no": 10, "abstain": 0}
    assert sorted(Receipt.objects.filter(poll=poll).values_list("digest", flat=True)) == sorted(
        services.receipt_digest(code) for code in receipts
    )


# --- Issue 14: whoever holds every stored byte ------------------------------------------------------------
# Each attack below reads what an operator, a backup or a WAL archive holds and tries to pair voters with
# choices. "Chance" is guessing the most common choice for everyone, which the published tally allows anyway.

CHOICE_WORDS = (b'"yes"', b'"no"', b'"abstain"')  # as JSON text (a dump)
ABSTAIN = b"abstain"  # as a jsonb string holds it (WAL, pages): long enough not to occur in random bytes


def _guess_attack(truth: dict, found: dict) -> float:
    """Hits when the attacker uses what it found per voter and otherwise guesses the most common choice."""
    common = Counter(truth.values()).most_common(1)[0][0]
    return sum(truth[m] == found.get(m, common) for m in truth) / len(truth)


def _digests(codes: dict) -> dict[str, int]:
    return {services.receipt_digest(code): member for member, code in codes.items()}


def _election_with_receipts(tree, n: int = 300, *, before_voting=lambda: None):
    people = voters(tree, n)
    poll = open_poll(tree, people)
    before_voting()
    choices = (["yes"] * 45 + ["no"] * 35 + ["abstain"] * 20) * (n // 100)
    random.Random(14).shuffle(choices)
    truth, codes = {}, {}
    for user, choice in zip(people, choices, strict=True):
        codes[user.member.pk] = services.cast(voter=user, poll=poll, choices={1: choice})
        truth[user.member.pk] = choice
    return poll, truth, codes


def _wal_bytes(since_lsn: str) -> bytes:
    """The WAL written since `since_lsn`, read from the server's segment files as an archive would hold them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_walfile_name(%s::pg_lsn), pg_walfile_name(pg_current_wal_insert_lsn()), "
            "%s::pg_lsn - '0/0'::pg_lsn, pg_current_wal_insert_lsn() - '0/0'::pg_lsn, "
            "current_setting('wal_segment_size')",
            [since_lsn, since_lsn],
        )
        first, last, start, end, segment = cursor.fetchone()
        size = int(segment.removesuffix("MB")) * 1024 * 1024
        cursor.execute(
            "SELECT name FROM pg_ls_waldir() WHERE name BETWEEN %s AND %s ORDER BY name", [first, last]
        )
        data = b""
        for (name,) in cursor.fetchall():
            cursor.execute("SELECT pg_read_binary_file(%s)", [f"pg_wal/{name}"])
            data += bytes(cursor.fetchone()[0])
    base = int(start) - int(start) % size  # the first segment's own start
    return data[int(start) - base : int(end) - base]


def _lsn() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.serial  # the WAL is the whole cluster's: a parallel worker's polls would write their choices into it
def test_the_wal_written_while_voting_holds_no_choice_and_no_receipt(tree):
    """The issue's first attack linked 300 of 300: each mark beside its ballot in the WAL, the ballot's receipt
    digest kept by the seal. Now the WAL of the voting period holds marks beside ciphertexts, nothing else."""
    start = []
    poll, truth, codes = _election_with_receipts(tree, before_voting=lambda: start.append(_lsn()))
    wal = _wal_bytes(start[0])

    assert wal, "the WAL could not be read"
    assert ABSTAIN not in wal
    assert not any(digest.encode() in wal for digest in _digests(codes))
    assert not any(code.replace("-", "").encode() in wal for code in codes.values())
    assert _guess_attack(truth, {}) <= _chance(truth) + MARGIN

    closing = _lsn()
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    # The seal writes choices and receipts, each in an order of its own: pair the k-th receipt in the WAL with
    # the k-th ballot in the WAL and a coercer holding a voter's code learns nothing about the choice.
    after = _wal_bytes(closing)
    receipt_at = {after.find(d.encode()): member for d, member in _digests(codes).items()}
    assert -1 not in receipt_at
    assert after.count(ABSTAIN) >= 60  # the plaintext ballots are in the WAL now, written by the seal
    order = [member for _, member in sorted(receipt_at.items())]
    sealed = _ordered("SELECT choices->>'1' FROM voting_ballot WHERE poll_id = %s ORDER BY ctid", poll)
    hits = sum(truth[member] == choice for member, choice in zip(order, sealed, strict=True))
    assert hits / len(truth) <= _chance(truth) + MARGIN


@postgresql_only
def test_a_dump_or_base_backup_taken_while_the_poll_is_open_holds_no_choice(tree):
    """The issue's second attack: a nightly pg_dump during a week-long 民主评议 linked 150 of 150 voters."""
    poll, truth, codes = _election_with_receipts(tree)
    settings = connection.settings_dict
    command = [
        "pg_dump",
        "--data-only",
        "-h",
        settings["HOST"] or "127.0.0.1",
        "-p",
        str(settings["PORT"] or 5432),
    ]
    command += ["-U", settings["USER"], settings["NAME"]]
    dump = subprocess.run(command, capture_output=True, check=True).stdout
    tables = [
        section
        for section in dump.split(b"\n\\.\n")
        if b"COPY public.voting_encryptedballot" in section or b"COPY public.voting_votermark" in section
    ]

    assert len(tables) == 2
    assert not any(word in section for word in CHOICE_WORDS for section in tables)
    assert ABSTAIN not in dump.replace(b'"abstain"', b"")  # no ballot anywhere (the question's options aside)
    # A base backup copies the data files and the WAL: the data files of the voting tables, as a backup taken now
    # would copy them, hold no choice either (the WAL: test_the_wal_written_while_voting_holds_no_choice...).
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        for table in ("voting_encryptedballot", "voting_votermark", "voting_ballot", "voting_receipt"):
            cursor.execute("SELECT pg_read_binary_file(pg_relation_filepath(%s))", [table])
            assert ABSTAIN not in bytes(cursor.fetchone()[0])
    assert not any(digest.encode() in dump for digest in _digests(codes))
    assert _guess_attack(truth, {}) <= _chance(truth) + MARGIN


@postgresql_only
def test_raw_pages_after_the_seal_hold_nothing_in_voting_order(tree):
    """VACUUM frees old row versions without overwriting them: a superuser reading the relation files
    (pg_read_binary_file, no extension) found the pre-seal ballots in voting order. The only rows ever written
    in voting order are now ciphertexts."""
    poll, truth, codes = _election_with_receipts(tree)
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")  # the files as a backup or a stolen disk would hold them
        pages = {}
        for table in ("voting_encryptedballot", "voting_ballot", "voting_receipt", "voting_votermark"):
            cursor.execute("SELECT pg_read_binary_file(pg_relation_filepath(%s))", [table])
            pages[table] = bytes(cursor.fetchone()[0])

    assert ABSTAIN not in pages["voting_encryptedballot"]
    # No leftover row versions of plaintext ballots: each abstention is in the file once.
    assert pages["voting_ballot"].count(ABSTAIN) == Counter(truth.values())["abstain"]
    # Receipts in the file's byte order against ballots in theirs: two independent shuffles.
    receipts = sorted(
        (pages["voting_receipt"].find(d.encode()), member) for d, member in _digests(codes).items()
    )
    assert receipts[0][0] >= 0
    words = _ordered("SELECT choices->>'1' FROM voting_ballot WHERE poll_id = %s ORDER BY ctid", poll)
    hits = sum(truth[member] == word for (_, member), word in zip(receipts, words, strict=True))
    assert hits / len(truth) <= _chance(truth) + MARGIN


@postgresql_only
def test_pg_stat_activity_shows_a_vote_as_placeholders(tree):
    """Sampled while open, the vote statement's text carried member id and choices (values interpolated on the
    client): 91 of 93 captured votes linked. A vote waiting on a lock is caught in the act here."""
    people = voters(tree, 2)
    poll = open_poll(tree, people)
    member = people[0].member
    settings = connection.settings_dict
    blocker = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
    )
    blocker.execute(
        "INSERT INTO voting_votermark (poll_id, member_id, origin) VALUES (%s, %s, 'paper')",
        [poll.pk, member.pk],
    )  # uncommitted: the vote's insert waits for it
    outcome = {}

    def vote():
        try:
            outcome["receipt"] = services.cast(voter=people[0], poll=poll, choices={1: "abstain"})
        except Exception as exc:  # noqa: BLE001 - reported below
            outcome["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=vote)
    thread.start()
    seen = []
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%%votermark%%'"
            )
            seen = [row[0] for row in cursor.fetchall()]
        if seen:
            break
        time.sleep(0.01)
    blocker.rollback()
    blocker.close()
    thread.join()

    assert seen, "the vote was never seen waiting"
    [text] = seen
    assert "$1" in text and "$6" in text
    assert str(member.pk) not in text.replace(str(poll.pk), "") and "abstain" not in text
    assert "receipt" in outcome


@postgresql_only
def test_a_second_submit_writes_no_error_to_the_server_log(tree, tmp_path):
    """PostgreSQL's default log_min_error_statement = error logged the full statement of each refused second
    vote: 10 of 10 double-submitters linked. A second vote is now no error at all (ON CONFLICT DO NOTHING)."""
    people = voters(tree, 10)
    poll = open_poll(tree, people)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_logfile()")
        logfile = cursor.fetchone()[0]
    path = Path(logfile) if logfile else next(iter(sorted(Path("/var/log/postgresql").glob("*.log"))), None)
    if path is not None and not path.is_absolute():
        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            path = Path(cursor.fetchone()[0]) / path
    if path is None or not path.exists():
        pytest.skip("the server log is not readable here")
    size = path.stat().st_size
    for user in people:
        services.cast(voter=user, poll=poll, choices={1: "yes"})
        with pytest.raises(Conflict):
            services.cast(voter=user, poll=poll, choices={1: "no"})
    with path.open("rb") as log:
        log.seek(size)
        written = log.read()
    assert b"votermark" not in written.lower() and b"duplicate key" not in written


@postgresql_only
def test_a_receipt_proves_counted_and_nothing_about_the_choice(tree):
    """The receipt's digest was the sealed ballot's receipt_digest: a coercer who took the code read the
    choices (20 of 20). Receipts now live in their own table, in their own order."""
    poll, truth, codes = _election_with_receipts(tree)
    poll = services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    assert all(selectors.receipt_counted(poll=poll, code=code) for code in codes.values())
    receipts = _ordered("SELECT digest FROM voting_receipt WHERE poll_id = %s ORDER BY ctid", poll)
    ballots = _ordered("SELECT choices->>'1' FROM voting_ballot WHERE poll_id = %s ORDER BY ctid", poll)
    member_of = _digests(codes)
    hits = sum(truth[member_of[d]] == choice for d, choice in zip(receipts, ballots, strict=True))
    assert hits / len(truth) <= _chance(truth) + MARGIN


def test_distinct_weights_do_not_name_their_delegates(tree):
    """Ballot.weight = Elector.weight linked 60 of 60 delegates of a weighted poll. Weights now stay inside the
    encrypted ballots; the sealed ballots carry none, and the tally holds the weighted totals."""
    people = voters(tree, 60)
    weights = {user: i + 1 for i, user in enumerate(people)}
    poll = open_poll(tree, weights, min_group_size=5)
    choices = ["yes"] * 27 + ["no"] * 21 + ["abstain"] * 12
    random.Random(60).shuffle(choices)
    truth = {}
    for user, choice in zip(people, choices, strict=True):
        services.cast(voter=user, poll=poll, choices={1: choice})
        truth[user.member.pk] = choice
    poll = services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))

    weight_of = {user.member.pk: w for user, w in weights.items()}
    by_weight = {w: c["1"] for c, w in Ballot.objects.filter(poll=poll).values_list("choices", "weight")}
    found = {member: by_weight[w] for member, w in weight_of.items() if w in by_weight}
    assert found == {}
    assert _guess_attack(truth, found) <= _chance(truth) + MARGIN
    expected = Counter()
    for user, choice in zip(people, choices, strict=True):
        expected[choice] += weights[user]
    assert poll.tally["questions"]["1"] == {key: expected[key] for key in ("yes", "no", "abstain")}
