"""Voting: a vote online (`cast`, the hot path), a paper ballot handed out, the poll's lock and the receipt code.

The secrecy rules these keep are in the package docstring (gonghui.voting.services)."""

import functools
import json
from collections.abc import Mapping
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from gonghui.core.codes import code_digest as receipt_digest
from gonghui.core.codes import new_code
from gonghui.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from gonghui.orgs.models import Member

from ..models import (
    Ballot,
    Elector,
    Origin,
    Poll,
    PollStatus,
    Question,
    VoterMark,
    random_id,
)
from ..tally import canonical_choices
from ._common import _require_teller_or_manager


@sensitive_variables("choices", "canonical", "code")
def cast(*, voter, poll: Poll, choices: Mapping) -> str:
    """Record one vote; returns the receipt code, shown once to the voter (only its SHA-256 is stored).

    Writes exactly one VoterMark and one Ballot, and no log or audit line: see the package docstring.
    800 electors vote within a minute, so this is the hot path, in one transaction: one statement locks the
    poll and reads the voter's elector row, then the mark and the ballot are inserted (one statement on
    PostgreSQL). The SQL is written once per process (`_cast_sql`) and the questions come from a per-process
    cache, so nothing is compiled or read per vote beyond those statements.
    """
    if not voter.is_authenticated or not voter.is_active:
        raise PermissionDenied(_("您不在本次表决的投票人名单中。"), code="not_elector")
    sql = _cast_sql(connection.vendor)
    member_id = None
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql.lock, [voter.pk, poll.pk])
            row = cursor.fetchone()
            # A missing poll has no electors, so it is refused here too (the API then answers 404).
            if row is None or row[2] is None:
                raise PermissionDenied(_("您不在本次表决的投票人名单中。"), code="not_elector")
            status, opened_at, member_id, weight = row
            if status != PollStatus.OPEN:
                raise DomainError(_("该表决现在不在投票时间内。"), code="not_open")
            canonical = canonical_choices(_open_poll_questions(poll.pk, opened_at), choices)
            code = _receipt_code()
            ballot = [random_id(), poll.pk, json.dumps(canonical), weight, receipt_digest(code)]
            mark = [poll.pk, member_id, Origin.WEB.value]
            if sql.insert_both:
                cursor.execute(sql.insert_both, mark + ballot)
            else:
                cursor.execute(sql.insert_mark, mark)
                cursor.execute(sql.insert_ballot, ballot)
    except IntegrityError:
        # Caught around the whole transaction rather than with a savepoint around the mark: a savepoint costs
        # two more round trips on every vote, and a failed vote is rolled back whole either way.
        _refuse_second_mark(poll, member_id)
        raise
    return code


class _CastSQL(NamedTuple):
    lock: str
    insert_mark: str
    insert_ballot: str
    insert_both: str  # PostgreSQL: both inserts in one statement; "" where there is no INSERT in a WITH


@functools.cache
def _cast_sql(vendor: str) -> _CastSQL:
    """The vote's statements, written once per process instead of compiled by the ORM on every vote (that
    compilation was most of the elector query's cost: docs/benchmarks.md, "Vote storm").

    `lock` reads (status, opened_at, member id, weight) for (user, poll): the poll row, locked FOR SHARE on
    PostgreSQL until commit so that poll_close (FOR UPDATE) waits for this vote, joined to the voter's elector
    row if there is one (a user is at most one member). A vote that waited for a close re-reads the poll row
    after the lock and sees it closed. SQLite has no row locks: its IMMEDIATE transactions serialise writers.
    """
    quote = connection.ops.quote_name
    poll, elector, member = (quote(m._meta.db_table) for m in (Poll, Elector, Member))
    mark, ballot = quote(VoterMark._meta.db_table), quote(Ballot._meta.db_table)
    postgres = vendor == "postgresql"
    lock = (
        f"SELECT p.status, p.opened_at, e.member_id, e.weight FROM {poll} p "  # noqa: S608
        f"LEFT JOIN {elector} e ON e.poll_id = p.id "
        f"AND e.member_id = (SELECT m.id FROM {member} m WHERE m.user_id = %s) "
        f"WHERE p.id = %s{' FOR SHARE OF p' if postgres else ''}"
    )
    insert_mark = f"INSERT INTO {mark} (poll_id, member_id, origin) VALUES (%s, %s, %s)"  # noqa: S608
    insert_ballot = (
        f"INSERT INTO {ballot} (id, poll_id, choices, weight, receipt_digest) "  # noqa: S608
        f"VALUES (%s, %s, %s{'::jsonb' if postgres else ''}, %s, %s)"
    )
    insert_both = f"WITH mark AS ({insert_mark}) {insert_ballot}" if postgres else ""
    return _CastSQL(lock, insert_mark, insert_ballot, insert_both)


@functools.lru_cache(maxsize=64)
def _open_poll_questions(poll_id: int, opened_at) -> tuple[Question, ...]:
    """The questions of an open poll, read once per process instead of once per vote.

    Questions change only while a poll is a draft (poll_update and questions_set refuse otherwise), and opening
    stamps `opened_at`, which never changes after: (poll id, opened_at) names one set of questions for good, so
    entries need no invalidation. The timestamp also tells apart two polls that reuse an id (a test database
    rolled back between tests). Read-only: the Question objects are shared by the threads of a process.
    """
    return tuple(Question.objects.filter(poll_id=poll_id))


def paper_issue(*, actor, poll: Poll, member: Member) -> None:
    """A teller hands out a paper ballot: the member counts as having voted and cannot also vote online.

    Not audited: the audit log would say who voted when. The VoterMark (origin paper) is the record.
    """
    _require_teller_or_manager(actor, poll)
    try:
        with transaction.atomic():
            _lock_for_voting(poll)
            elector = Elector.objects.filter(poll_id=poll.pk, member=member).first()
            if elector is None:
                raise DomainError(_("%(name)s不在本次表决的投票人名单中。") % {"name": member.name})
            if elector.weight != 1:
                # A paper ballot in a box counts 1; a delegate's weight cannot travel with it unlinked.
                raise DomainError(_("按代表权数计票的投票人只能网上投票。"), code="weighted_paper")
            VoterMark.objects.create(poll_id=poll.pk, member=member, origin=Origin.PAPER)
    except IntegrityError:
        _refuse_second_mark(poll, member.pk)
        raise


def _lock_for_voting(poll: Poll) -> None:
    """Hold the poll row FOR SHARE until commit, as `cast` does, so poll_close (FOR UPDATE) waits for this paper
    ballot, and re-read the status under the lock: one that waited for a close sees the poll closed."""
    table = connection.ops.quote_name(Poll._meta.db_table)
    suffix = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status FROM {table} WHERE id = %s{suffix}", [poll.pk])  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        raise NotFound()
    if row[0] != PollStatus.OPEN:
        raise DomainError(_("该表决现在不在投票时间内。"), code="not_open")


def _refuse_second_mark(poll: Poll, member_id: int) -> None:
    """After an IntegrityError: 409 if the member has a mark already (a second vote, or a paper ballot), which
    is the one constraint a vote can meet. Anything else (a random key colliding) goes on as an error."""
    if VoterMark.objects.filter(poll_id=poll.pk, member_id=member_id).exists():
        raise Conflict(_("已经投过票（或已领取纸质选票），每人只能投一次。"), code="already_voted") from None


def _receipt_code() -> str:
    """80 random bits, read aloud as ABCD-EFGH-JKLM-NPQR."""
    return new_code(10)
