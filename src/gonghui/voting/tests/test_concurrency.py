"""One person one vote and an atomic close under concurrent requests (docs/reliability.md V4, V5).

Threads with their own database connections cast through the service, released together by barriers so the
duplicates really collide. PostgreSQL only: SQLite serialises every writer with IMMEDIATE transactions, so there
is no concurrency to test there, and its in-memory test database is shared by a single connection's cache.
"""

import threading
from collections import Counter

import pytest
from django.db import connection

from gonghui.core.errors import Conflict, DomainError
from gonghui.voting import services
from gonghui.voting.models import Ballot, EncryptedBallot, PollStatus, VoterMark

from .factories import open_poll, shares_of, voters

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers: nothing concurrent"
    ),
]

THREADS = 20


def run_rounds(schedule: list[list], work, before_round=None) -> Counter:
    """schedule[thread] is the list of tasks for that thread; all threads start each round together.

    `before_round(round)` runs in every thread before it waits at that round's barrier (e.g. to wait for an event).
    Returns how many tasks ended in each outcome.
    """
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(schedule))

    def thread(tasks):
        try:
            for round_number, task in enumerate(tasks):
                if before_round:
                    before_round(round_number)
                barrier.wait(timeout=60)
                outcome = work(task)
                with lock:
                    outcomes[outcome] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=thread, args=(tasks,)) for tasks in schedule]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return outcomes


def _cast(poll):
    def work(user):
        try:
            services.cast(voter=user, poll=poll, choices={1: "yes"})
        except Conflict:
            return "conflict"
        except DomainError as error:
            return error.code
        return "accepted"

    return work


def test_concurrent_double_submits_count_once(tree):
    people = voters(tree, 100)
    poll = open_poll(tree, people)
    # Round 0 and 1: voters 0–19 submit twice, both copies in the same round on different threads.
    tasks = [user for user in people[:20] for _ in range(2)] + people[20:]
    schedule = [tasks[t::THREADS] for t in range(THREADS)]

    outcomes = run_rounds(schedule, _cast(poll))

    assert outcomes == {"accepted": 100, "conflict": 20}
    assert VoterMark.objects.filter(poll=poll).count() == 100
    assert EncryptedBallot.objects.filter(poll=poll).count() == 100


def test_closing_in_the_middle_of_a_burst_counts_exactly_the_accepted_votes(tree):
    people = voters(tree, 100)
    poll = open_poll(tree, people)
    schedule = [people[t::THREADS] for t in range(THREADS)]  # five rounds of twenty votes
    closing, closed = threading.Event(), threading.Event()
    # Every thread has finished its second vote when the last one reaches this: only then may the close start.
    two_rounds_done = threading.Barrier(THREADS, action=closing.set)

    def close_during_round_two():
        closing.wait(timeout=60)
        try:
            services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
        finally:
            connection.close()
            closed.set()

    def pace(round_number):
        if round_number == 2:
            two_rounds_done.wait(timeout=60)  # the close races the third round, not a late second-round vote
        if round_number == 3:
            closed.wait(timeout=60)  # rounds four and five come after the close: all refused

    closer = threading.Thread(target=close_during_round_two)
    closer.start()
    outcomes = run_rounds(schedule, _cast(poll), before_round=pace)
    closer.join(timeout=60)

    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED
    accepted = outcomes["accepted"]
    assert 40 <= accepted <= 60
    assert outcomes["not_open"] == 100 - accepted
    assert poll.tally["ballots"] == accepted  # counted at close
    assert VoterMark.objects.filter(poll=poll).count() == accepted  # and still, after it
    assert Ballot.objects.filter(poll=poll).count() == accepted
    late_voter = next(
        user for user in people if not VoterMark.objects.filter(poll=poll, member=user.member).exists()
    )
    assert _cast(poll)(late_voter) == "not_open"
    assert Ballot.objects.filter(poll=poll).count() == accepted
