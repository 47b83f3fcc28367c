"""Voting: a vote online (`cast`, the hot path), a paper ballot handed out, the poll's lock and the receipt code.

The secrecy rules these keep are in the package docstring (gonghui.voting.services)."""

import functools
from collections.abc import Mapping
from typing import NamedTuple

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from gonghui.core.codes import code_digest as receipt_digest
from gonghui.core.codes import new_code
from gonghui.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from gonghui.orgs.models import Member

from ..crypto import encrypt_ballot
from ..models import (
    Elector,
    EncryptedBallot,
    Origin,
    Poll,
    PollStatus,
    Question,
    VoterMark,
    random_id,
)
from ..tally import canonical_choices
from ._common import _require_teller_or_manager


@sensitive_variables("choices", "canonical", "code", "box")
def cast(*, voter, poll: Poll, choices: Mapping) -> str:
    """Record one vote; returns the receipt code, shown once to the voter.

    Writes exactly one VoterMark and one EncryptedBallot (choices, weight and the receipt's digest sealed to the
    poll's public key), and no log or audit line: see the package docstring. Nothing readable in that
    transaction ties the voter to a choice, in the tables, the WAL or a backup.

    800 electors vote within a minute, so this is the hot path, in one transaction: one statement locks the
    poll and reads the voter's elector row, then the mark and the ballot are inserted (one statement on
    PostgreSQL). The statements go to the server with their values bound as parameters (`_cursor`), so
    pg_stat_activity and any statement log show placeholders, never a member id beside a ballot. A second vote
    meets `ON CONFLICT DO NOTHING` on the mark and inserts nothing: no error, so nothing for
    log_min_error_statement to write down.
    """
    if not voter.is_authenticated or not voter.is_active:
        raise PermissionDenied(_("您不在本次表决的投票人名单中。"), code="not_elector")
    sql = _cast_sql(connection.vendor)
    with transaction.atomic(), _cursor() as cursor:
        cursor.execute(sql.lock, [voter.pk, poll.pk])
        row = cursor.fetchone()
        # A missing poll has no electors, so it is refused here too (the API then answers 404).
        if row is None or row[2] is None:
            raise PermissionDenied(_("您不在本次表决的投票人名单中。"), code="not_elector")
        status, opened_at, member_id, weight, public_key = row
        if status != PollStatus.OPEN:
            raise DomainError(_("该表决现在不在投票时间内。"), code="not_open")
        canonical = canonical_choices(_open_poll_questions(poll.pk, opened_at), choices)
        code = _receipt_code()
        box = encrypt_ballot(public_key, canonical, weight, receipt_digest(code))
        mark = [poll.pk, member_id, Origin.WEB.value]
        ballot = [random_id(), poll.pk, box]
        if sql.insert_both:
            cursor.execute(sql.insert_both, mark + ballot)
            inserted = cursor.rowcount
        else:
            cursor.execute(sql.insert_mark, mark)
            inserted = cursor.rowcount
            if inserted:
                cursor.execute(sql.insert_ballot, ballot)
        if inserted != 1:
            raise _already_voted()
    return code


def _cursor():
    """A cursor that binds values on the server. Django's psycopg backend interpolates them into the statement
    text on the client (a ClientCursor), so the text in pg_stat_activity or a log would carry them; a plain
    psycopg Cursor sends "$1, $2" and the values apart. It runs on Django's connection, in its transaction.
    SQLite's driver always binds."""
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        # Wrapped as Django wraps its own cursors: execute wrappers and query logging (tests, DEBUG) still apply.
        return connection._prepare_cursor(psycopg.Cursor(connection.connection))
    return connection.cursor()


class _CastSQL(NamedTuple):
    lock: str
    insert_mark: str
    insert_ballot: str
    insert_both: str  # PostgreSQL: both inserts in one statement; "" where there is no INSERT in a WITH


@functools.cache
def _cast_sql(vendor: str) -> _CastSQL:
    """The vote's statements, written once per process instead of compiled by the ORM on every vote (that
    compilation was most of the elector query's cost: docs/benchmarks.md, "Vote storm").

    `lock` reads (status, opened_at, member id, weight, public key) for (user, poll): the poll row, locked FOR
    SHARE on PostgreSQL until commit so that poll_close (FOR UPDATE) waits for this vote, joined to the voter's
    elector row if there is one (a user is at most one member). A vote that waited for a close re-reads the poll
    row after the lock and sees it closed. SQLite has no row locks: its IMMEDIATE transactions serialise writers.
    The mark is inserted `ON CONFLICT DO NOTHING`; on PostgreSQL the ballot is inserted only from the mark's
    RETURNING row, so a second vote inserts neither and reports 0 rows.
    """
    quote = connection.ops.quote_name
    poll, elector, member = (quote(m._meta.db_table) for m in (Poll, Elector, Member))
    mark, ballot = quote(VoterMark._meta.db_table), quote(EncryptedBallot._meta.db_table)
    postgres = vendor == "postgresql"
    lock = (
        f"SELECT p.status, p.opened_at, e.member_id, e.weight, p.public_key FROM {poll} p "  # noqa: S608
        f"LEFT JOIN {elector} e ON e.poll_id = p.id "
        f"AND e.member_id = (SELECT m.id FROM {member} m WHERE m.user_id = %s) "
        f"WHERE p.id = %s{' FOR SHARE OF p' if postgres else ''}"
    )
    insert_mark = (
        f"INSERT INTO {mark} (poll_id, member_id, origin) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"  # noqa: S608
    )
    insert_ballot = f"INSERT INTO {ballot} (id, poll_id, box) VALUES (%s, %s, %s)"  # noqa: S608
    insert_both = (
        f"WITH mark AS ({insert_mark} RETURNING 1) "  # noqa: S608
        f"INSERT INTO {ballot} (id, poll_id, box) SELECT %s, %s, %s FROM mark"
        if postgres
        else ""
    )
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
    sql = _cast_sql(connection.vendor)
    with transaction.atomic():
        _lock_for_voting(poll)
        elector = Elector.objects.filter(poll_id=poll.pk, member=member).first()
        if elector is None:
            raise DomainError(_("%(name)s不在本次表决的投票人名单中。") % {"name": member.name})
        if elector.weight != 1:
            # A paper ballot in a box counts 1; a delegate's weight cannot travel with it unlinked.
            raise DomainError(_("按代表权数计票的投票人只能网上投票。"), code="weighted_paper")
        with _cursor() as cursor:
            cursor.execute(sql.insert_mark, [poll.pk, member.pk, Origin.PAPER.value])
            if cursor.rowcount != 1:
                raise _already_voted()


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


def _already_voted() -> Conflict:
    """The member has a mark already (a second vote, or a paper ballot): 409, and nothing was written."""
    return Conflict(_("已经投过票（或已领取纸质选票），每人只能投一次。"), code="already_voted")


def _receipt_code() -> str:
    """80 random bits, read aloud as ABCD-EFGH-JKLM-NPQR."""
    return new_code(10)
