"""The vote-storm harness, shared by bench/vote_storm.py and the voting fault tests.

Three parts, none of which imports Django in the calling process:
- database helpers over psycopg (create a database, count marks and ballots);
- Django-side steps run as subprocesses under bench/storm_settings.py: `python bench/_storm.py build …` makes a
  union, its representatives, open polls and their sign-in material and prints it as JSON; `… close` closes a
  poll through the service;
- the served app (`gonghui serve`, i.e. granian as `make run` starts it) and a client that keeps one keep-alive
  connection per thread and sends each voter's own cookies.
"""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
GONGHUI = str(Path(sys.executable).parent / "gonghui")
# The same key for the build step (which writes sessions) and the server (which checks their auth hash).
SECRET_KEY = "vote-storm-bench-only-" + "x" * 40
PASSWORD = "storm-Pass-2026!"
WARM_UP_PATH = "/bench/bare/"  # resolves the whole urlconf (405 to a GET), needs no static files


# --- Database -------------------------------------------------------------------------------------------


def database_url(server_url: str, name: str) -> str:
    return f"{server_url.rstrip('/')}/{name}"


def create_database(server_url: str, name: str) -> str:
    """A new, empty database `name` (dropped first if it exists); returns its URL."""
    if not name.replace("_", "").isalnum():
        raise ValueError(name)
    with psycopg.connect(database_url(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_url(server_url, name)


def poll_counts(url: str, poll_id: int) -> tuple[int, int]:
    """(voter marks, ballots) of one poll."""
    with psycopg.connect(url, autocommit=True) as conn:
        marks = conn.execute("SELECT count(*) FROM voting_votermark WHERE poll_id = %s", [poll_id]).fetchone()
        # Encrypted while the poll is open, plaintext after the seal: the ballots are in one table or the other.
        ballots = conn.execute(
            "SELECT (SELECT count(*) FROM voting_ballot WHERE poll_id = %s) "
            "+ (SELECT count(*) FROM voting_encryptedballot WHERE poll_id = %s)",
            [poll_id, poll_id],
        ).fetchone()
    return marks[0], ballots[0]


def django_env(url: str, var_dir: Path, redis_url: str = "") -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="storm_settings",
        PYTHONPATH=os.pathsep.join([str(BENCH), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        DATABASE_URL=url,
        REDIS_URL=redis_url,
        SECRET_KEY=SECRET_KEY,
        GONGHUI_VAR_DIR=str(var_dir),
        CONN_MAX_AGE="600",  # persistent connections, as in production
        DEBUG="false",
    )
    return env


def migrate(env: dict, *, static: bool = True) -> None:
    subprocess.run([GONGHUI, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    if static:  # pages link the static manifest, as in production
        subprocess.run([GONGHUI, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)


def django_step(env: dict, *args: str) -> dict:
    """Run one of this module's Django-side commands in a subprocess and return its JSON answer."""
    done = subprocess.run([PYTHON, str(BENCH / "_storm.py"), *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"_storm.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Server ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`gonghui serve` (granian, WSGI) in its own process group, stopped on exit."""

    def __init__(self, env: dict, *, workers: int, log_path: Path):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        command = [GONGHUI, "serve", "--port", str(self.port), "--workers", str(self.workers)]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited, see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
            except OSError:
                time.sleep(0.2)
                continue
            # Fresh connections, so that every worker likely gets one and loads the urlconf before timing starts.
            for _ in range(4 * self.workers):
                client = Client(self.port)
                client.request("GET", WARM_UP_PATH, Voter())
                client.close()
            return self
        raise RuntimeError("server did not start within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _stat(pid: int | str) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state, ppid, pgrp, …), None once it has ended."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _cpu_seconds(fields: list[str]) -> float:
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def process_group_cpu_seconds(pgid: int) -> float:
    """User + system CPU time of the processes in a process group, e.g. the server and its workers."""
    groups = (_stat(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit())
    return sum(_cpu_seconds(fields) for fields in groups if fields and int(fields[2]) == pgid)


def backend_cpu_seconds(url: str) -> dict[int, float]:
    """CPU time so far of each PostgreSQL backend connected to this database (same machine), by pid."""
    with psycopg.connect(url, autocommit=True) as conn:
        pids = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return {pid: _cpu_seconds(fields) for (pid,) in pids if (fields := _stat(pid))}


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


# --- Client ---------------------------------------------------------------------------------------------


@dataclass
class Voter:
    """One person's cookie jar. The CSRF cookie is chosen by the client, as Django allows (double submit)."""

    user_id: int = 0
    code: str = ""
    cookies: dict = field(default_factory=lambda: {"csrftoken": secrets.token_hex(16)})

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())


@dataclass
class Response:
    status: int  # 0: no response (connection refused or reset)
    seconds: float
    body: bytes = b""
    headers: dict = field(default_factory=dict)


class Client:
    """One keep-alive connection per thread; every request carries its voter's cookies and CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self._local = threading.local()
        self._opened: list[http.client.HTTPConnection] = []

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self._opened.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection, so that the server need not wait for idle keep-alive clients to stop."""
        for conn in self._opened:
            conn.close()
        self._opened.clear()

    def _send(self, method: str, path: str, body: bytes, headers: dict) -> None:
        """Send the request; if the kept-alive connection turns out to be closed by the server (a broken pipe
        while writing: the server has not read the request), send it again on a new connection, as browsers
        and urllib3 do (RFC 9112 §9.3.1). A failure after the request was sent is not retried: it counts as
        no answer."""
        reused = getattr(self._local, "conn", None) is not None
        try:
            self._connection().request(method, path, body=body or None, headers=headers)
        except (BrokenPipeError, ConnectionResetError):
            if not reused:
                raise
            self._local.conn = None
            self._connection().request(method, path, body=body or None, headers=headers)

    def request(
        self, method: str, path: str, voter: Voter, body: bytes = b"", content_type: str = ""
    ) -> Response:
        headers = {"Cookie": voter.cookie_header(), "X-CSRFToken": voter.cookies["csrftoken"]}
        if content_type:
            headers["Content-Type"] = content_type
        start = time.perf_counter()
        try:
            self._send(method, path, body, headers)
            raw = self._local.conn.getresponse()
            data = raw.read()
        except (OSError, http.client.HTTPException):
            self._local.conn = None  # reconnect next time
            return Response(0, time.perf_counter() - start)
        seconds = time.perf_counter() - start
        for value in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                voter.cookies[name] = morsel.value
        if raw.getheader("Connection", "").lower() == "close":
            self._local.conn = None
        return Response(raw.status, seconds, data, {k.lower(): v for k, v in raw.getheaders()})

    def post_json(self, path: str, voter: Voter, payload: dict) -> Response:
        return self.request("POST", path, voter, json.dumps(payload).encode(), "application/json")

    def post_form(self, path: str, voter: Voter, fields: dict | list) -> Response:
        data = [*(fields.items() if isinstance(fields, dict) else fields)]
        data.append(("csrfmiddlewaretoken", voter.cookies["csrftoken"]))
        return self.request(
            "POST", path, voter, urlencode(data).encode(), "application/x-www-form-urlencoded"
        )


def run_concurrently(fn, items: list, concurrency: int) -> tuple[list, float]:
    """fn(item) for every item on `concurrency` threads; returns the results in order and the wall time."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        start = time.perf_counter()
        results = list(pool.map(fn, items))
        return results, time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def sample_choices(questions: list[dict], rng) -> dict:
    """A valid random choice for each question, keyed by position (JSON keys are strings)."""
    choices = {}
    for q in questions:
        if q["form"] == "yes_no":
            choices[str(q["position"])] = rng.choice(["yes", "no", "abstain"])
        elif q["form"] == "choose":
            choices[str(q["position"])] = rng.sample(q["options"], rng.randint(1, q["seats"]))
        else:
            choices[str(q["position"])] = rng.choice(q["options"])
    return choices


# The voting page names its fields by the question's form and position (yn-1, pick-2, rate-3).
FIELD_PREFIXES = {"yes_no": "yn", "choose": "pick", "rating": "rate"}


def form_fields(questions: list[dict], choices: dict) -> list[tuple[str, str]]:
    """The voting page's form fields for these choices, one value per chosen candidate."""
    fields = []
    for q in questions:
        value = choices[str(q["position"])]
        name = f"{FIELD_PREFIXES[q['form']]}-{q['position']}"
        fields.extend((name, item) for item in (value if isinstance(value, list) else [value]))
    return fields


# --- Django side (run as `python bench/_storm.py <command>` with django_env) ---------------------------

# A congress agenda vote: three for/against/abstain items (a poll's policy fixes one question form).
QUESTIONS = [
    {"text": "关于《集体合同（草案）》的表决", "form": "yes_no"},
    {"text": "关于《职工福利费使用方案》的表决", "form": "yes_no"},
    {"text": "关于《工资专项集体合同》的表决", "form": "yes_no"},
]


def storm_union():
    """The storms' superuser, a district federation and one enterprise union under it (Django set up)."""
    from django.contrib.auth import get_user_model

    from gonghui.orgs.models import Org, OrgCategory, OrgKind

    admin = get_user_model().objects.create_superuser("storm_admin", password=None)
    root = Org.objects.add_root(
        {
            "name": "压测区总工会",
            "code": "STORM-F",
            "kind": OrgKind.FEDERATION,
            "category": OrgCategory.DISTRICT,
        }
    )
    union = Org.objects.add_child(
        root,
        {
            "name": "压测机械厂工会",
            "code": "STORM-U",
            "kind": OrgKind.UNION,
            "category": OrgCategory.ENTERPRISE,
        },
    )
    return admin, root, union


def _build(voters: int, polls: int, double: int, passwords: int, auth: str) -> dict:
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.urls import NoReverseMatch, reverse

    from gonghui.core.idnumber import id_check_char
    from gonghui.orgs.models import Member
    from gonghui.voting import services
    from gonghui.voting.models import Policy, Question

    user_model = get_user_model()
    admin, root, union = storm_union()
    # An unusable password costs no hashing: these people sign in with a voting code or a prepared session.
    users = user_model.objects.bulk_create(
        [user_model(username=f"rep{i:04d}", password=make_password(None)) for i in range(voters)]
    )
    members = []
    for i, user in enumerate(users):
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=11 * i)
        body = f"320102{birth:%Y%m%d}{i % 999:03d}"
        id_number = body + id_check_char(body)
        members.append(
            Member(
                union=union,
                user=user,
                name=f"代表{i:04d}",
                initials=f"db{i:04d}",
                sex="M",
                birth_date=birth,
                id_number=id_number,
                id_tail=id_number[-4:],
            )
        )
    members = Member.objects.bulk_create(members)
    tellers = [user_model.objects.create_user(f"storm_teller{n}", password=None) for n in (1, 2)]

    def open_poll(title: str, electorate: list) -> dict:
        poll = services.poll_create(
            actor=admin, node=union, title=title, questions=QUESTIONS, policy=Policy.CONGRESS
        )
        services.electorate_set(actor=admin, poll=poll, members=electorate)
        services.tellers_set(actor=admin, poll=poll, users=tellers)
        opened = services.poll_open(actor=admin, poll=poll)
        questions = [
            {"position": q.position, "form": q.form, "options": q.options, "seats": q.seats}
            for q in Question.objects.filter(poll=poll).order_by("position")
        ]
        try:
            page = reverse("poll_vote", args=[poll.pk])
        except NoReverseMatch:
            page = ""
        return {
            "id": poll.pk,
            "questions": questions,
            "page": page,
            "api": f"/api/v1/polls/{poll.pk}/ballots",
            # The tellers' key shares, for `… close --shares` (a bench has no tellers to hand them to).
            "shares": [share.text for share in opened.handed_shares],
        }

    result = {
        "polls": [open_poll(f"压测表决 {n + 1}", members) for n in range(polls)],
        "double_poll": open_poll("重复提交测试", members[:double]) if double else None,
        "voters": [{"user_id": u.pk} for u in users],
        "password_users": [],
        "urls": {"login": reverse("login")},
    }
    for name in ("checkin_code", "my_polls"):
        try:
            result["urls"][name] = reverse(name)
        except NoReverseMatch:
            result["urls"][name] = ""
    if auth == "session":
        _prepare_sessions(users, result["voters"])
    else:
        _issue_codes(admin, union, members, result["voters"])
    for i in range(passwords):
        user = user_model(username=f"pw{i:02d}")
        user.set_password(PASSWORD)  # the production hasher (Argon2)
        user.save()
        result["password_users"].append(user.username)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_bare (id bigserial PRIMARY KEY, user_id int, body text)"
        )
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_pg (id bigserial PRIMARY KEY, body text)")
    return result


def _prepare_sessions(users, voters: list[dict]) -> None:
    """Signed-in sessions written directly, for runs that test voting, not signing in."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    # The server's store: with Redis, the session goes into the cache as well as the database.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for user, voter in zip(users, voters, strict=True):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "gonghui.core.auth.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        voter["session"] = session.session_key


def _issue_codes(admin, union, members, voters: list[dict]) -> None:
    """A congress term and an open session with these members as representatives, each with a voting code."""
    import datetime

    from gonghui.congress import services as congress
    from gonghui.congress.models import Representative, Session, Term

    today = datetime.date.today()
    term = Term.objects.create(
        node=union,
        number=1,
        starts_on=today,
        ends_on=today.replace(year=today.year + 5),
        worker_count=len(members) * 10,
        seats_planned=len(members),
    )
    Representative.objects.bulk_create(
        [Representative(term=term, member=m, constituency="第一代表团", elected_on=today) for m in members]
    )
    session = Session.objects.create(term=term, number=1, title="第一届第一次职工代表大会", held_on=today)
    congress.session_open(actor=admin, session=session)
    by_member = {
        issued.representative.member_id: issued.code
        for issued in congress.voting_codes_issue(actor=admin, session=session)
    }
    for member, voter in zip(members, voters, strict=True):
        voter["code"] = by_member[member.pk]


def _close(poll_id: int, wait: bool, shares: list[str]) -> dict:
    """Close the poll through the service; with `wait`, say "ready" and close on the next line of input, so that
    the caller can time the close without paying for Django's start-up."""
    from django.contrib.auth import get_user_model

    from gonghui.voting import services
    from gonghui.voting.models import Poll

    admin = get_user_model().objects.get(username="storm_admin")
    poll = Poll.objects.get(pk=poll_id)
    if wait:
        print("ready", flush=True)
        sys.stdin.readline()
    poll = services.poll_close(actor=admin, poll=poll, shares=shares)
    return {"status": poll.status}


def _main() -> None:
    import argparse

    import django

    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build")
    build.add_argument("--voters", type=int, default=800)
    build.add_argument("--polls", type=int, default=1)
    build.add_argument("--double", type=int, default=0)
    build.add_argument("--passwords", type=int, default=0)
    build.add_argument("--auth", choices=["session", "code"], default="session")
    close = commands.add_parser("close")
    close.add_argument("--poll", type=int, required=True)
    close.add_argument("--wait", action="store_true")
    close.add_argument("--shares", nargs="*", default=[])
    args = parser.parse_args()
    django.setup()
    if args.command == "build":
        answer = _build(args.voters, args.polls, args.double, args.passwords, args.auth)
    else:
        answer = _close(args.poll, args.wait, args.shares)
    print(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    _main()
