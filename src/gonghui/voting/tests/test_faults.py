"""Voting under faults, over HTTP against the served app (docs/reliability.md V4, V5, R4; issue 5 "Load and faults").

Each test gets a fresh database in a throwaway PostgreSQL cluster (initdb into a temp dir, a free port, fsync on)
and serves the app on it with `gonghui serve` (granian, 2 workers, persistent connections), as production does.
Voters hold prepared sessions (signing in is measured by bench/vote_storm.py) and cast through the API, each on
its own cookie jar. The harness is shared with the benchmark: bench/_storm.py.

Run: DATABASE_URL=postgres://… .venv/bin/python -m pytest -m fault -n 0 src/gonghui/voting/tests/test_faults.py
"""

import itertools
import os
import pwd
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "bench"))
from _storm import (  # noqa: E402  (bench/ is not a package)
    BENCH,
    PYTHON,
    Client,
    Server,
    Voter,
    django_env,
    django_step,
    free_port,
    migrate,
    poll_counts,
    run_concurrently,
    sample_choices,
)

VOTERS = 300
CONCURRENCY = 16
BURST_DEADLINE_SECONDS = 90  # a burst that has not settled by then fails the test instead of hanging
RETRY_PAUSE_SECONDS = 0.2  # the app asks for Retry-After: 5; the test retries sooner to stay short

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
INITDB = shutil.which("initdb") or (str(PG_BIN / "initdb") if PG_BIN else None)
PG_CTL = shutil.which("pg_ctl") or (str(PG_BIN / "pg_ctl") if PG_BIN else None)


def _has_postgres_account() -> bool:
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return True


# PostgreSQL refuses to run as root: as root (CI) the cluster runs as the postgres account via runuser.
AS_ROOT = os.geteuid() == 0
RUN_AS = ["runuser", "-u", "postgres", "--"] if AS_ROOT else []

pytestmark = [
    pytest.mark.fault,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="fault tests belong to the PostgreSQL run (they start their own cluster)",
    ),
    pytest.mark.skipif(
        not (INITDB and PG_CTL), reason="PostgreSQL server binaries (initdb, pg_ctl) not found"
    ),
    pytest.mark.skipif(
        AS_ROOT and not (_has_postgres_account() and shutil.which("runuser")),
        reason="running as root without a postgres account and runuser to start a cluster as",
    ),
]


class Cluster:
    """A throwaway PostgreSQL cluster in a temp dir, listening on 127.0.0.1 and a free port."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="gh_fault_pg_"))
        if AS_ROOT:
            shutil.chown(self.dir, user="postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}"

    def _pg(self, *args: str) -> None:
        # Output to a file, not a pipe: a server that pg_ctl starts keeps its stdout open, and reading a pipe
        # to its end would wait for the server to exit.
        with (self.dir / "pg_ctl.out").open("ab") as out:
            subprocess.run([*RUN_AS, *args], check=True, stdout=out, stderr=out, timeout=60)

    def start(self) -> None:
        self._pg(INITDB, "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        # Replication connections from this machine, for the base backup taken mid-poll
        # (test_secrecy_backups.py); the machine's own cluster refuses them and is not ours to reconfigure.
        with (self.data / "pg_hba.conf").open("a") as hba:
            hba.write("\nhost replication all 127.0.0.1/32 trust\n")
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir}"
            " -c wal_level=replica -c max_wal_senders=4"
        )
        self._pg(PG_CTL, "-D", str(self.data), "-l", str(self.dir / "log"), "-o", options, "-w", "start")

    def restart(self, mode: str) -> None:
        self._pg(PG_CTL, "-D", str(self.data), "-l", str(self.dir / "log"), "-m", mode, "-w", "restart")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg(PG_CTL, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def new_database(self, name: str, template: str = "") -> str:
        with psycopg.connect(f"{self.url}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return f"{self.url}/{name}"


@pytest.fixture(scope="module")
def cluster():
    """The cluster with one migrated database that each test copies (CREATE DATABASE … TEMPLATE)."""
    cluster = Cluster()
    try:
        cluster.start()
        template_url = cluster.new_database("gh_template")
        migrate(django_env(template_url, cluster.dir / "var"), static=False)
        yield cluster
    finally:
        cluster.stop()


_databases = itertools.count(1)


@pytest.fixture
def served(cluster):
    """A fresh copy of the migrated database, an electorate with signed-in voters, and the app serving it."""
    name = f"gh_test_{next(_databases)}"
    url = cluster.new_database(name, template="gh_template")
    env = django_env(url, cluster.dir / "var")
    built = django_step(env, "build", "--voters", str(VOTERS), "--polls", "1", "--auth", "session")
    voters = [
        Voter(user_id=v["user_id"], cookies={"csrftoken": "c" * 32, "sessionid": v["session"]})
        for v in built["voters"]
    ]
    with Server(env, workers=2, log_path=cluster.dir / f"{name}.log") as server:
        client = Client(server.port)
        yield {"url": url, "env": env, "poll": built["polls"][0], "voters": voters, "client": client}
        client.close()


class Burst:
    """Every voter casts once, retrying after a 503 until the answer is 201 or 409 (409: an earlier attempt
    was counted but its answer was lost). Records every answer; `progress` counts voters who are done."""

    def __init__(self, served, *, retry: bool = True):
        self.client, self.poll, self.voters = served["client"], served["poll"], served["voters"]
        self.retry = retry
        self.answers: list = []
        self.progress = 0
        self._lock = threading.Lock()
        rng = random.Random(5)
        self.choices = [sample_choices(self.poll["questions"], rng) for _ in self.voters]
        self.deadline = time.monotonic() + BURST_DEADLINE_SECONDS

    def _vote(self, i: int) -> int:
        while True:
            response = self.client.post_json(self.poll["api"], self.voters[i], {"choices": self.choices[i]})
            with self._lock:
                self.answers.append(response)
            if response.status != 503 or not self.retry or time.monotonic() > self.deadline:
                with self._lock:
                    self.progress += 1
                return response.status
            time.sleep(RETRY_PAUSE_SECONDS)

    def run(self) -> list[int]:
        finals, _seconds = run_concurrently(self._vote, range(len(self.voters)), CONCURRENCY)
        return finals

    def wait_for(self, share: float) -> None:
        while self.progress < share * len(self.voters):
            assert time.monotonic() < self.deadline, "the burst made no progress"
            time.sleep(0.01)

    def statuses(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for response in self.answers:
            counts[response.status] = counts.get(response.status, 0) + 1
        return counts


def _in_background(fn) -> threading.Thread:
    thread = threading.Thread(target=fn, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("mode", ["immediate", "fast"])
def test_database_restart_mid_burst_answers_503_and_counts_everyone_once(served, cluster, mode):
    burst = Burst(served)
    results = {}
    thread = _in_background(lambda: results.setdefault("finals", burst.run()))
    burst.wait_for(0.3)
    cluster.restart(mode)
    thread.join(BURST_DEADLINE_SECONDS + 10)

    statuses = burst.statuses()
    assert set(statuses) <= {201, 409, 503}, statuses  # never a 500, never a dropped connection
    assert statuses.get(503, 0) > 0, "the restart did not hit the burst"
    assert all(r.headers.get("retry-after") for r in burst.answers if r.status == 503)
    assert set(results["finals"]) <= {201, 409}  # every voter got through after retrying
    assert poll_counts(served["url"], served["poll"]["id"]) == (VOTERS, VOTERS)


def test_closing_mid_burst_counts_exactly_the_accepted_votes(served):
    burst = Burst(served, retry=False)
    # The closing process loads Django first and closes on a word from the test, in the middle of the burst.
    closer = subprocess.Popen(
        [
            PYTHON,
            str(BENCH / "_storm.py"),
            "close",
            "--poll",
            str(served["poll"]["id"]),
            "--wait",
            "--shares",
            *served["poll"]["shares"],
        ],
        env=served["env"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert closer.stdout.readline().strip() == "ready"
    results = {}
    thread = _in_background(lambda: results.setdefault("finals", burst.run()))
    burst.wait_for(0.3)
    closer.stdin.write("close\n")
    closer.stdin.flush()
    assert closer.wait(60) == 0
    at_close = poll_counts(served["url"], served["poll"]["id"])
    thread.join(BURST_DEADLINE_SECONDS + 10)
    after = poll_counts(served["url"], served["poll"]["id"])

    statuses = burst.statuses()
    accepted = statuses.get(201, 0)
    assert set(statuses) <= {201, 400}, statuses  # 400: "voting has closed", with nothing written
    assert 0 < accepted < VOTERS, "the close did not fall in the middle of the burst"
    assert at_close == after == (accepted, accepted)


def test_concurrent_double_submits_count_once(served):
    client, poll = served["client"], served["poll"]
    voters = served["voters"][:200]
    rng = random.Random(7)
    choices = [sample_choices(poll["questions"], rng) for _ in voters]
    barriers = [threading.Barrier(2, timeout=30) for _ in voters]

    def cast(i: int) -> int:
        barriers[i].wait()  # both copies leave together
        return client.post_json(poll["api"], voters[i], {"choices": choices[i]}).status

    statuses, _seconds = run_concurrently(cast, [i for i in range(len(voters)) for _ in range(2)], 32)

    assert sorted(statuses) == [201] * 200 + [409] * 200
    assert poll_counts(served["url"], poll["id"]) == (200, 200)
