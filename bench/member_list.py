"""The roster list at 1,000,000 members on PostgreSQL: the real view against the bare SQL of the same page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench .venv/bin/python bench/member_list.py

Builds the data set with the demo builder (`gonghui demo --members 1000000`, about a minute) when the database
is empty, or reuses it. Then, for the district cadre whose node spans every member and for one union's chair,
it times GET /members/ through django.test.Client (the whole stack: session, middleware, selector, paginator,
template) and, on the same connection, the SQL that page ran against the member table (the paginator's COUNT
and the page's SELECT, captured from the view and replayed with cursor.execute). Target: view p95 <= 100 ms.
"""
# ruff: noqa: E402  (Django is set up before the project's modules are imported)

import argparse
import os
import statistics
import sys
import time
from urllib.parse import urlencode

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
django.setup()

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Substr
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gonghui.orgs.demo import build_demo
from gonghui.orgs.models import Member, Org

TARGET_P95_MS = 100


def main() -> None:
    args = _arguments()
    if connection.vendor != "postgresql":
        sys.exit(
            "bench/member_list.py measures PostgreSQL, the database for 1,000,000 members, not SQLite: "
            "set DATABASE_URL=postgres://user@host:5432/<an empty or benchmark database>."
        )
    call_command("collectstatic", interactive=False, verbosity=0)  # pages link the manifest, as in production
    _ensure_data(args.members)
    cases = _cases()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"PostgreSQL {version}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    print(f"{args.requests} requests per case after {args.warmup} warm-up requests; times in ms")
    header = f"{'who':<6} {'case':<24} {'count':>8} {'view p50':>9} {'p95':>7} {'SQL p50':>8} {'p95':>7}"
    print(header + f" {'view/SQL p50':>13} {'p95':>6}")
    slow = []
    for who, user, label, query in cases:
        result = _measure(user, query, args.requests, args.warmup)
        view, sql = result["view"], result["sql"]
        print(
            f"{who:<6} {label:<24} {result['count']:>8} {view[0]:>9.1f} {view[1]:>7.1f} {sql[0]:>8.1f} "
            f"{sql[1]:>7.1f} {view[0] / sql[0]:>13.1f} {view[1] / sql[1]:>6.1f}"
        )
        if view[1] > TARGET_P95_MS:
            slow.append((who, label, result["statements"]))
    for who, label, statements in slow if args.explain else []:
        _explain(f"{who} {label}", statements)
    print(f"load average {os.getloadavg()[0]:.1f} at end")
    print("all cases within target" if not slow else f"{len(slow)} case(s) above p95 {TARGET_P95_MS} ms")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--members", type=int, default=1_000_000, help="size of the data set to build or reuse"
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per case before timing")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the SQL of cases over target")
    return parser.parse_args()


def _ensure_data(members: int) -> None:
    present = Member.objects.count()
    if present >= members:
        print(f"reusing {present:,} members")
    elif Org.objects.exists():
        sys.exit(
            f"the database holds {present:,} members of other data: point DATABASE_URL at an empty database"
        )
    else:
        started = time.perf_counter()
        build_demo(members=members)
        print(f"built {members:,} members in {time.perf_counter() - started:.0f} s")
    # Fresh statistics for the planner and a visibility map for index-only scans, as autovacuum would leave.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) orgs_member, orgs_org, orgs_enterprise")


def _cases() -> list[tuple]:
    """(who, user, label, search) for the district cadre (all members) and the showcase union's chair.

    Searches come from the chair's union, so each finds someone there: one member's surname, given name,
    initials and ID tail, and the union's most frequent given name, among the most frequent city-wide too.
    """
    users = get_user_model().objects
    cadre, chair = users.get(username="qu"), users.get(username="zhuxi")
    three_character_names = Member.objects.filter(
        union=chair.role_assignments.get().node, name__regex=r"^...$"
    )
    sample = three_character_names.order_by("pk").first()
    popular = (
        three_character_names.values(given=Substr("name", 2))
        .annotate(n=Count("pk"))
        .order_by("-n", "given")[0]
    )
    searches = [
        ("first page", ""),
        (f"surname {sample.name[0]}", sample.name[0]),
        (f"name fragment {sample.name[1:]}", sample.name[1:]),
        (f"popular fragment {popular['given']}", popular["given"]),
        (f"initials {sample.initials}", sample.initials),
        (f"ID tail {sample.id_tail}", sample.id_tail),
    ]
    return [
        (who, user, label, query)
        for who, user in (("cadre", cadre), ("chair", chair))
        for label, query in searches
    ]


def _measure(user, query: str, requests: int, warmup: int) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")  # an allowed host; test-environment setup would slow rendering
    client.force_login(user)
    url = "/members/" + (f"?{urlencode({'q': query})}" if query else "")
    if client.get(url).status_code != 200:
        sys.exit(f"GET {url} as {user.username} did not return the roster")
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    statements = [q["sql"] for q in captured.captured_queries if 'FROM "orgs_member"' in q["sql"]]
    return {
        "view": _timings(lambda: client.get(url), requests, warmup),
        "sql": _timings(lambda: _replay(statements), requests, warmup),
        "statements": statements,
        "count": _matching(statements),
    }


def _matching(statements: list[str]) -> int:
    """The paginator's count, as the page reports it."""
    with connection.cursor() as cursor:
        cursor.execute(next(s for s in statements if s.startswith("SELECT COUNT(")))
        return cursor.fetchone()[0]


def _replay(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
            cursor.fetchall()


def _timings(action, times: int, warmup: int) -> tuple[float, float]:
    """p50 and p95 in ms of `times` runs, after `warmup` untimed ones."""
    for _index in range(warmup):
        action()
    samples = []
    for _index in range(times):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    percentiles = statistics.quantiles(samples, n=100, method="inclusive")
    return percentiles[49], percentiles[94]


def _explain(title: str, statements: list[str]) -> None:
    print(f"\n--- {title}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
            print("\n".join(row[0] for row in cursor.fetchall()), end="\n\n")


if __name__ == "__main__":
    main()
