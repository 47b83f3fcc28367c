"""Issue 14: a base backup taken mid-poll (PostgreSQL), attacked like the dump (test_secrecy_attacks.py).

The machine's PostgreSQL refuses replication connections and is not ours to reconfigure, so the backup is taken
of the fault tests' throwaway cluster (test_faults.py: its own pg_hba allows `host replication` from 127.0.0.1,
wal_level=replica), serving the app as production does. Voters cast with known choices over HTTP, `pg_basebackup
-X stream` copies the cluster mid-poll, the poll is closed with the tellers' shares, and then the backup's files
are read as raw bytes — every data file and every WAL segment — as a thief of the backup, or the IT staff who
keep it for years, would read them. "Chance" is what guessing the most common choice for everyone achieves,
which the published tally allows anyway (docs/reliability.md V2, V3).

Run with the fault tests: DATABASE_URL=postgres://… .venv/bin/python -m pytest -m fault -n 0 \
    src/gonghui/voting/tests/test_secrecy_backups.py
"""

import json
import random
import re
import shutil
import struct
import subprocess
import time
from collections import Counter

import psycopg
import pytest

from gonghui.core.codes import code_digest, normalize_code
from gonghui.voting.crypto import parse_share

from .test_faults import (  # noqa: F401  (the cluster and served fixtures, and the fault tests' marks)
    PG_BIN,
    RUN_AS,
    cluster,
    django_step,
    pytestmark,
    run_concurrently,
    served,
)

PG_BASEBACKUP = shutil.which("pg_basebackup") or (str(PG_BIN / "pg_basebackup") if PG_BIN else None)
CONCURRENCY = 8
BACKUP_RATE = "4M"  # bytes a second: the copy lasts some seconds, long enough for half the votes
MARGIN = 0.05
VOTING_TABLES = ("voting_encryptedballot", "voting_votermark", "voting_ballot", "voting_receipt")
ABSTAIN = b"abstain"  # as a jsonb string holds it: long enough not to occur in random bytes
HEX64 = re.compile(rb"(?=([0-9a-f]{64}))")  # every 64-hex-digit run, overlapping: receipt digests
CODE = re.compile(
    rb"(?=([A-Z2-7]{4}-?[A-Z2-7]{4}-?[A-Z2-7]{4}-?[A-Z2-7]{4}))"
)  # receipt codes, dashed or not


def known_choices(n: int) -> list[str]:
    """Skewed like real votes (45/35/20 %), which keeps random fluctuation far from the 5-point margin."""
    choices = (["yes"] * 45 + ["no"] * 35 + ["abstain"] * 20) * (n // 100)
    random.Random(14).shuffle(choices)
    return choices


def chance(truth: dict) -> float:
    return max(Counter(truth.values()).values()) / len(truth)


def pair_in_order(truth: dict, members: list[int], choices: list[str]) -> float:
    """The attack on order: the k-th voter (in the order the attacker found them) chose the k-th choice."""
    return sum(truth[m] == c for m, c in zip(members, choices, strict=False)) / len(members)


def found_secrets(data: bytes, digests: set[bytes], codes: set[bytes], needles: list[bytes]) -> set[bytes]:
    """Receipt digests and codes (with or without dashes) and any of the needles (the tellers' shares) in data."""
    found = {m for m in HEX64.findall(data) if m in digests}
    found |= {m for m in CODE.findall(data) if m.replace(b"-", b"") in codes}
    return found | {needle for needle in needles if needle in data}


def share_needles(shares: list[str]) -> list[bytes]:
    """A share as it was handed out, its letters without dashes, and its raw bytes."""
    needles = []
    for text in shares:
        share = parse_share(text)
        letters = text.split("-", 2)[2].rsplit("-", 1)[0]
        needles += [text.encode(), letters.replace("-", "").encode(), share.value]
    return needles


def _wait_for_backup_phase(url: str, phase: str, backup: subprocess.Popen) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        deadline = time.monotonic() + 120
        while (
            conn.execute(
                "SELECT count(*) FROM pg_stat_progress_basebackup WHERE phase = %s", [phase]
            ).fetchone()[0]
            == 0
        ):
            assert backup.poll() is None, backup.communicate()[1]
            assert time.monotonic() < deadline, f"the backup never reached {phase!r}"
            time.sleep(0.05)


def test_a_base_backup_taken_mid_poll_links_nobody_after_the_close(served, cluster):  # noqa: F811
    """Half the voters cast before the backup and half while it copies the files (throttled, so that the votes
    land in its WAL too). The backup holds each voter's mark beside a ciphertext and nothing else about the vote:
    no choice, no receipt code or digest, no teller's share. After the close, the voting order it shows pairs
    with the sealed ballots no better than chance."""
    client, poll, voters, url = served["client"], served["poll"], served["voters"], served["url"]
    truth_by_user = dict(zip((v.user_id for v in voters), known_choices(len(voters)), strict=True))
    with psycopg.connect(url, autocommit=True) as conn:
        member_of = dict(
            conn.execute("SELECT user_id, id FROM orgs_member WHERE user_id = ANY(%s)", [list(truth_by_user)])
        )
    truth = {member_of[user]: choice for user, choice in truth_by_user.items()}

    def cast(voter):
        choice = truth_by_user[voter.user_id]
        payload = {"choices": {str(q["position"]): choice for q in poll["questions"]}}
        response = client.post_json(poll["api"], voter, payload)
        assert response.status == 201, response.body[:300]
        return json.loads(response.body)["receipt"]

    half = len(voters) // 2
    receipts, _seconds = run_concurrently(cast, voters[:half], CONCURRENCY)
    with psycopg.connect(url, autocommit=True) as conn:
        files = {
            table: conn.execute("SELECT pg_relation_filepath(%s)", [table]).fetchone()[0]
            for table in VOTING_TABLES
        }
    backup = cluster.dir / "backup"
    taking = subprocess.Popen(
        [
            *RUN_AS,
            PG_BASEBACKUP,
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-D",
            str(backup),
        ]
        + ["-X", "stream", "--checkpoint=fast", "--no-sync", f"--max-rate={BACKUP_RATE}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_backup_phase(url, "streaming database files", taking)
    more, _seconds = run_concurrently(cast, voters[half:], CONCURRENCY)
    receipts += more
    _out, errors = taking.communicate(timeout=300)
    assert taking.returncode == 0, errors
    closed = django_step(served["env"], "close", "--poll", str(poll["id"]), "--shares", *poll["shares"])
    assert closed["status"] == "closed"

    # --- the attacker's side: the backup's raw bytes ---------------------------------------------------------
    digests = {code_digest(code).encode() for code in receipts}
    codes = {normalize_code(code).encode() for code in receipts}
    needles = share_needles(poll["shares"])
    found = set()
    for path in sorted(p for p in backup.rglob("*") if p.is_file()):
        found |= found_secrets(path.read_bytes(), digests, codes, needles)
    assert found == set(), "the backup holds a receipt code or digest, or a teller's share"

    wal = b"".join(p.read_bytes() for p in sorted((backup / "pg_wal").glob("0*")))
    pages = {table: (backup / files[table]).read_bytes() for table in VOTING_TABLES}
    assert ABSTAIN not in wal  # marks beside ciphertexts: no choice in the WAL written while the backup ran
    assert not any(ABSTAIN in data for data in pages.values())

    # Voting order, as the backup holds it: each mark's poll id and member id side by side, in the mark file in
    # insertion order, then in the WAL for the votes cast while the backup ran.
    def place(member: int) -> int | None:
        mark = struct.pack("<qq", poll["id"], member)
        if (at := pages["voting_votermark"].find(mark)) >= 0:
            return at
        return len(pages["voting_votermark"]) + at if (at := wal.find(mark)) >= 0 else None

    places = {m: at for m in truth if (at := place(m)) is not None}
    in_wal = [m for m in places if places[m] >= len(pages["voting_votermark"])]
    assert len(places) >= half and len(in_wal) >= 10, (len(places), len(in_wal))  # the backup holds the votes
    order = sorted(places, key=places.get)
    with psycopg.connect(url, autocommit=True) as conn:
        ballots = "SELECT choices->>'1' FROM voting_ballot WHERE poll_id = %s ORDER BY "
        sealed = [row[0] for row in conn.execute(ballots + "ctid", [poll["id"]])]
        by_key = [row[0] for row in conn.execute(ballots + "id", [poll["id"]])]
    assert Counter(sealed) == Counter(truth.values())  # every vote counted
    assert pair_in_order(truth, order, sealed) <= chance(truth) + MARGIN
    assert pair_in_order(truth, order, by_key) <= chance(truth) + MARGIN


def test_double_submits_leave_nothing_in_a_server_log_with_default_settings(served, cluster):  # noqa: F811
    """PostgreSQL's default log_min_error_statement = error logged the full statement of each refused second vote
    (10 of 10 double-submitters linked). Here the server is a fresh cluster with every logging setting at its
    default and its log in a known file: ten voters each vote twice over HTTP, and the log gains nothing."""
    client, poll, voters, url = served["client"], served["poll"], served["voters"][:10], served["url"]
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SHOW log_min_error_statement").fetchone()[0] == "error"
        assert conn.execute("SHOW log_statement").fetchone()[0] == "none"
    log = cluster.dir / "log"
    size = log.stat().st_size
    payload = {"choices": {str(q["position"]): "abstain" for q in poll["questions"]}}
    statuses = [client.post_json(poll["api"], voter, payload).status for voter in voters for _ in range(2)]
    assert statuses == [201, 409] * len(voters)
    with log.open("rb") as file:
        file.seek(size)
        written = file.read()
    assert b"votermark" not in written.lower()
    assert b"duplicate key" not in written and b"STATEMENT" not in written
    # The log is the server's and records refused statements: a second mark inserted by hand lands in it.
    with psycopg.connect(url, autocommit=True) as conn, pytest.raises(psycopg.errors.UniqueViolation):
        conn.execute(
            "INSERT INTO voting_votermark (poll_id, member_id, origin) "
            "SELECT %s, id, 'web' FROM orgs_member WHERE user_id = %s",
            [poll["id"], voters[0].user_id],
        )
    with log.open("rb") as file:
        file.seek(size)
        assert b"STATEMENT:  INSERT INTO voting_votermark" in file.read()
