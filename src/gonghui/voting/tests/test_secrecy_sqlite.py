"""Issue 14 on SQLite: the database file and its write-ahead log (-wal), read as raw bytes while a poll is open
and after the seal (docs/reliability.md V2, V3).

The app runs SQLite in WAL mode (settings.py: journal_mode=WAL). The test database of the suite lives in memory
and has no WAL, so this test makes its own database file, served by `gonghui serve` as `make run` does (the
fault tests' harness, bench/_storm.py). A reader holding a snapshot from before the first vote keeps every vote
in the -wal file, un-checkpointed: the file an attacker copies mid-poll holds the whole voting period.

Run with the fault tests: .venv/bin/python -m pytest -m fault -n 0 src/gonghui/voting/tests/test_secrecy_sqlite.py
"""

import json
import re
import sqlite3
from collections import Counter
from contextlib import closing

import pytest

from gonghui.core.codes import code_digest, normalize_code

from .test_faults import Client, Server, Voter, django_env, django_step, migrate
from .test_secrecy_backups import MARGIN, chance, found_secrets, known_choices, pair_in_order, share_needles

pytestmark = pytest.mark.fault

VOTERS = 200
# A sealed ballot as SQLite stores a JSONField: JSON text. The questions' options ("yes", "no", "abstain" in a
# list) and the tally ("abstain": 12) do not match it.
BALLOT_CHOICE = re.compile(rb'"1": "(yes|no|abstain)"')


def test_the_sqlite_wal_and_database_file_link_nobody_while_open_or_after_the_seal(tmp_path):
    path = tmp_path / "gonghui.sqlite3"
    env = django_env(f"sqlite:///{path}", tmp_path / "var")
    migrate(env, static=False)
    built = django_step(env, "build", "--voters", str(VOTERS), "--polls", "1", "--auth", "session")
    poll = built["polls"][0]
    reader = sqlite3.connect(path, isolation_level=None)
    assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    member_of = dict(reader.execute("SELECT user_id, id FROM orgs_member"))
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM voting_votermark").fetchone()  # a snapshot: no checkpoint passes it

    choices = known_choices(VOTERS)
    truth, receipts = {}, []
    with Server(env, workers=1, log_path=tmp_path / "serve.log") as server:
        client = Client(server.port)
        for voter, choice in zip(built["voters"], choices, strict=True):
            response = client.post_json(
                poll["api"],
                _voter(voter),
                {"choices": {str(q["position"]): choice for q in poll["questions"]}},
            )
            assert response.status == 201, response.body[:300]
            receipts.append(json.loads(response.body)["receipt"])
            truth[member_of[voter["user_id"]]] = choice
        client.close()

    digests = {code_digest(code).encode() for code in receipts}
    codes = {normalize_code(code).encode() for code in receipts}
    needles = share_needles(poll["shares"])
    wal_path = path.with_name(path.name + "-wal")

    # Mid-poll: the -wal file holds every vote (each ciphertext), the main file none yet; neither holds a choice,
    # a receipt code or digest, or a teller's share.
    wal, main = wal_path.read_bytes(), path.read_bytes()
    with closing(sqlite3.connect(path)) as other:
        boxes = [bytes(box) for (box,) in other.execute("SELECT box FROM voting_encryptedballot")]
    assert len(boxes) == VOTERS
    assert all(box in wal for box in boxes) and not any(box in main for box in boxes)
    for data in (wal, main):
        assert not BALLOT_CHOICE.search(data) and b"abstain" not in data.replace(b'"abstain"', b"")
        assert found_secrets(data, digests, codes, needles) == set()

    reader.execute("ROLLBACK")
    closed = django_step(env, "close", "--poll", str(poll["id"]), "--shares", *poll["shares"])
    assert closed["status"] == "closed"

    # After the seal: its VACUUM rewrote the database file and its checkpoint emptied the -wal file (seal.py), so
    # the ciphertexts and marks in voting order are gone from both. The file holds each sealed ballot once, in the
    # seal's shuffled order, and the receipts in an order of their own: neither the voting order nor a coerced
    # voter's receipt pairs with a ballot better than chance.
    assert not wal_path.exists() or wal_path.stat().st_size == 0
    main = path.read_bytes()
    assert not any(box in main for box in boxes)
    sealed = [c for (c,) in reader.execute("SELECT json_extract(choices, '$.\"1\"') FROM voting_ballot")]
    assert Counter(sealed) == Counter(truth.values())  # every vote counted
    member_of_digest = {
        code_digest(code).encode(): member for code, member in zip(receipts, truth, strict=True)
    }
    voting_order = list(truth)
    in_file = [match[1].decode() for match in BALLOT_CHOICE.finditer(main)]
    assert len(in_file) == VOTERS, "leftover copies of ballots in the file"
    receipt_order = sorted(member_of_digest, key=lambda digest: main.find(digest))
    assert main.find(receipt_order[0]) >= 0
    receipt_members = [member_of_digest[digest] for digest in receipt_order]
    assert pair_in_order(truth, voting_order, in_file) <= chance(truth) + MARGIN
    assert pair_in_order(truth, receipt_members, in_file) <= chance(truth) + MARGIN
    assert (
        found_secrets(main, set(), codes, needles) == set()
    )  # digests are there now; codes and shares never
    reader.close()


def _voter(built: dict) -> Voter:
    return Voter(user_id=built["user_id"], cookies={"csrftoken": "c" * 32, "sessionid": built["session"]})
