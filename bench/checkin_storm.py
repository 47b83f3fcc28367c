"""The activity check-in storm: 2,000 members scan the QR code on the organiser's screen within a minute.

    .venv/bin/python bench/checkin_storm.py        # or: make bench-checkin
    options: --postgres URL (server, default postgres://postgres@127.0.0.1:5432), --database gh_bench_checkin,
             --members 2000, --concurrency 16, --workers 2

It creates the database (dropped first), migrates, builds one union with the members (signed-in sessions
prepared in the database, as bench/vote_storm.py --auth session) and one activity, then serves the app with
`gonghui serve` (granian, as `make run`) on PostgreSQL and measures, in one run:

1. a bare endpoint on the same server (bench/storm_urls.py) that authenticates the same way (session cookie →
   user, CSRF) and inserts one row: the framework's limit;
2. the storm: the organiser opens check-in and keeps the QR page open (it is fetched again every 25 s, as the
   page reloads itself, and the members use the code it shows last); every member posts the code to the
   check-in page (`activity_checkin`, the form their phone shows after the scan): a redirect is a check-in;
3. 200 members press the button twice at the same moment: one check-in and one refusal each.

Lost check-ins are success answers without an attendance row, duplicated ones rows beyond the successes (both
must be 0). Target: at least half the bare endpoint's rate. Last line:
`checkin_storm: <n>/s, <ratio> of bare, lost <n>, duplicated <n>`.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import psycopg
from _storm import (
    BENCH,
    PYTHON,
    Client,
    Server,
    Voter,
    _prepare_sessions,
    create_database,
    django_env,
    migrate,
    percentile,
    run_concurrently,
    storm_union,
)

TARGET_SHARE_OF_BARE = 0.5
DOUBLE = 200
CODE_REFRESH_SECONDS = 25  # the QR page reloads every 30 s (activities.rules.CHECKIN_CODE_PERIOD)
_URL_RE = re.compile(r'id="checkin-url">[^<]*\?c=([^<]+)</p>')


def main() -> None:
    args = _arguments()
    var_dir = Path(tempfile.mkdtemp(prefix="gh_bench_checkin_"))
    url = create_database(args.postgres, args.database)
    env = django_env(url, var_dir, args.redis)
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; database {args.database}; migrating"
    )
    migrate(env)
    built = _step(env, "--members", str(args.members))
    members = []
    for raw in built["members"]:
        voter = Voter(user_id=raw["user_id"])
        voter.cookies["sessionid"] = raw["session"]
        members.append(voter)
    organiser = Voter(user_id=built["admin"]["user_id"])
    organiser.cookies["sessionid"] = built["admin"]["session"]
    print(
        f"{len(members)} members; server: gonghui serve, {args.workers} granian workers; "
        f"client: {args.concurrency} threads, one keep-alive connection each"
    )
    try:
        with Server(env, workers=args.workers, log_path=var_dir / "server.log") as server:
            client = Client(server.port)
            bare = _bare(client, members, args.concurrency)
            storm = _storm(client, url, built, organiser, members[DOUBLE:], args.concurrency)
            double = _double(client, url, built, organiser, members[:DOUBLE], args.concurrency)
            client.close()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    for name, result in (("bare insert", bare), ("check-in", storm), ("double press", double)):
        print(
            f"{name:12} {result['n']:5} requests in {result['seconds']:5.1f} s: {result['rate']:6.0f}/s, "
            f"p50 {result['p50']:5.0f} ms, p99 {result['p99']:5.0f} ms, statuses {result['statuses']}"
        )
    print(f"double press: {double['ok']} check-ins, {double['refused']} refused, rows {double['rows']}")
    ratio = storm["rate"] / bare["rate"]
    lost = storm["lost"] + double["lost"]
    duplicated = storm["duplicated"] + double["duplicated"]
    verdict = "ok" if ratio >= TARGET_SHARE_OF_BARE and not lost and not duplicated else "BELOW TARGET"
    print(f"target: 0 lost, 0 duplicated, >= {TARGET_SHARE_OF_BARE:.0%} of bare: {verdict}")
    print(f"checkin_storm: {storm['rate']:.0f}/s, {ratio:.2f} of bare, lost {lost}, duplicated {duplicated}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres", default="postgres://postgres@127.0.0.1:5432", help="server URL, no database"
    )
    parser.add_argument("--database", default="gh_bench_checkin", help="created (dropped first) for this run")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="cache and sessions")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16, help="client threads (connections)")
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    args = parser.parse_args()
    if not args.database.startswith("gh_bench_"):
        parser.error("the database name must start with gh_bench_ (it is dropped and created)")
    if args.members <= DOUBLE:
        parser.error(f"--members must be more than {DOUBLE}")
    return args


def _step(env: dict, *args: str) -> dict:
    done = subprocess.run([PYTHON, __file__, "build", *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"checkin_storm.py build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _timed(responses, seconds: float) -> dict:
    statuses: dict[int, int] = {}
    for r in responses:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    latencies = [r.seconds * 1000 for r in responses]
    return {
        "n": len(responses),
        "seconds": seconds,
        "rate": len(responses) / seconds,
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
        "statuses": statuses,
    }


def _bare(client: Client, members: list[Voter], concurrency: int) -> dict:
    def insert(member):
        return client.post_json("/bench/bare/", member, {"c": "x" * 80})

    responses, seconds = run_concurrently(insert, members, concurrency)
    return _timed(responses, seconds)


class _Screen:
    """The organiser's QR page, fetched again every CODE_REFRESH_SECONDS while the storm runs."""

    def __init__(self, client: Client, page: str, organiser: Voter):
        self.client, self.page, self.organiser = client, page, organiser
        self.code = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _fetch(self) -> None:
        response = self.client.request("GET", self.page, self.organiser)
        found = _URL_RE.search(response.body.decode())
        if not found:
            raise RuntimeError(f"no check-in code on {self.page}: {response.status}")
        self.code = found.group(1).replace("&amp;", "&")

    def _run(self) -> None:
        while not self._stop.wait(CODE_REFRESH_SECONDS):
            self._fetch()

    def __enter__(self) -> "_Screen":
        self._fetch()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _open_checkin(client: Client, built: dict, organiser: Voter) -> None:
    response = client.post_form(built["toggle"], organiser, {"open": "1"})
    if response.status != 302:
        raise RuntimeError(f"opening check-in answered {response.status}")


def _rows(url: str, activity_id: int) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM activities_attendance WHERE activity_id = %s", [activity_id]
        ).fetchone()[0]


def _storm(
    client: Client, url: str, built: dict, organiser: Voter, members: list[Voter], concurrency: int
) -> dict:
    activity = built["activities"][0]
    _open_checkin(client, activity, organiser)
    with _Screen(client, activity["qr"], organiser) as screen:

        def check_in(member):
            return client.post_form(activity["checkin"], member, {"c": screen.code})

        responses, seconds = run_concurrently(check_in, members, concurrency)
    ok = sum(r.status == 302 for r in responses)
    rows = _rows(url, activity["id"])
    return {
        **_timed(responses, seconds),
        "ok": ok,
        "rows": rows,
        "lost": max(0, ok - rows),
        "duplicated": max(0, rows - ok),
    }


def _double(
    client: Client, url: str, built: dict, organiser: Voter, members: list[Voter], concurrency: int
) -> dict:
    """Each member presses twice: the two requests side by side in the queue, on different connections."""
    activity = built["activities"][1]
    _open_checkin(client, activity, organiser)
    with _Screen(client, activity["qr"], organiser) as screen:

        def check_in(member):
            return client.post_form(activity["checkin"], member, {"c": screen.code})

        twice = [member for member in members for _ in range(2)]
        responses, seconds = run_concurrently(check_in, twice, concurrency)
    ok = sum(r.status == 302 for r in responses)
    refused = sum(r.status == 200 and "无需重复签到" in r.body.decode() for r in responses)
    rows = _rows(url, activity["id"])
    return {
        **_timed(responses, seconds),
        "ok": ok,
        "refused": refused,
        "rows": rows,
        "lost": max(0, ok - rows),
        "duplicated": max(0, rows - ok) + max(0, ok - len(members)),
    }


# --- Django side (run as `python bench/checkin_storm.py build` with _storm.django_env) -------------------


def _build(count: int) -> dict:
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from gonghui.activities import services
    from gonghui.activities.models import ActivityKind
    from gonghui.core.idnumber import id_check_char
    from gonghui.core.roles import Role
    from gonghui.orgs.models import Member, RoleAssignment

    user_model = get_user_model()
    admin, root, union = storm_union()
    users = user_model.objects.bulk_create(
        [user_model(username=f"m{i:05d}", password=make_password(None)) for i in range(count)]
    )
    RoleAssignment.objects.bulk_create(RoleAssignment(user=u, node=union, role=Role.MEMBER) for u in users)
    members = []
    for i, user in enumerate(users):
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=7 * i)
        body = f"320102{birth:%Y%m%d}{i % 999:03d}"
        id_number = body + id_check_char(body)
        members.append(
            Member(
                union=union,
                user=user,
                name=f"职工{i:05d}",
                initials=f"zg{i:05d}",
                sex="MF"[i % 2],
                birth_date=birth,
                id_number=id_number,
                id_tail=id_number[-4:],
            )
        )
    Member.objects.bulk_create(members)
    start = timezone.now()
    activities = []
    for title in ("全员消防演练", "重复签到测试"):
        activity = services.activity_create(
            actor=admin,
            node=union,
            kind=ActivityKind.objects.get(name="安全培训/消防演练"),
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            hours=2,
        )
        activities.append(
            {
                "id": activity.pk,
                "qr": reverse("activity_qr", args=[activity.pk]),
                "toggle": reverse("activity_checkin_toggle", args=[activity.pk]),
                "checkin": reverse("activity_checkin", args=[activity.pk]),
            }
        )
    result = {
        "members": [{"user_id": u.pk} for u in users],
        "admin": {"user_id": admin.pk},
        "activities": activities,
    }
    admin_entry = [result["admin"]]
    _prepare_sessions([*users], result["members"])
    _prepare_sessions([admin], admin_entry)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_bare (id bigserial PRIMARY KEY, user_id int, body text)"
        )
    return result


if __name__ == "__main__" and sys.argv[1:2] == ["build"]:
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--members", type=int, default=2000)
    build_args = parser.parse_args()
    sys.path.insert(0, str(BENCH))
    django.setup()
    print(json.dumps(_build(build_args.members), ensure_ascii=False))
elif __name__ == "__main__":
    main()
