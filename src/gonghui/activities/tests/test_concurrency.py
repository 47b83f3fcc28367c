"""Concurrent sign-ups and check-ins: one row per person, capacity never exceeded (docs/reliability.md V4's
method: threads with their own connections released together by a barrier). PostgreSQL only: SQLite
serialises every writer, so nothing collides there."""

import threading
from collections import Counter

import pytest
from django.db import connection

from gonghui.activities import services
from gonghui.activities.models import Attendance, Enrolment, EnrolmentStatus
from gonghui.core.errors import Conflict
from gonghui.core.roles import Role
from gonghui.orgs.tests.factories import MemberFactory, UserFactory, grant

from .factories import activity

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers: nothing concurrent"
    ),
]

THREADS = 16


def _run(tasks: list, work) -> Counter:
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)
    schedule = [tasks[t::THREADS] for t in range(THREADS)]

    def thread(mine):
        try:
            for task in mine:
                barrier.wait(timeout=60)
                outcome = work(task)
                with lock:
                    outcomes[outcome] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=thread, args=(mine,)) for mine in schedule]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return outcomes


def _users(tree, n):
    users = []
    for i in range(n):
        user = UserFactory(username=f"c{i}")
        grant(user, tree.union_a, Role.MEMBER)
        MemberFactory(union=tree.union_a, user=user)
        users.append(user)
    return users


def _outcome(call):
    def work(user):
        try:
            call(user)
        except Conflict:
            return "conflict"
        return "ok"

    return work


def test_concurrent_double_signups_count_once_and_capacity_holds(tree):
    users = _users(tree, 24)
    event = activity(tree.chair_a, tree.union_a, capacity=10)
    tasks = [user for user in users[:8] for _ in range(2)] + users[8:]  # 8 people press twice at once

    outcomes = _run(tasks, _outcome(lambda user: services.activity_signup(actor=user, activity=event)))

    assert outcomes == {"ok": 24, "conflict": 8}
    assert Enrolment.objects.filter(activity=event).count() == 24
    assert Enrolment.objects.filter(activity=event, status=EnrolmentStatus.ENROLLED).count() == 10


def test_concurrent_double_checkins_count_once(tree):
    users = _users(tree, 16)
    event = activity(tree.chair_a, tree.union_a)
    event = services.activity_checkin_open(actor=tree.chair_a, activity=event)
    code = services.checkin_code(event)
    tasks = [user for user in users for _ in range(2)]

    outcomes = _run(
        tasks, _outcome(lambda user: services.activity_checkin(actor=user, activity=event, code=code))
    )

    assert outcomes == {"ok": 16, "conflict": 16}
    assert Attendance.objects.filter(activity=event).count() == 16
