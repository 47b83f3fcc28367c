"""Every change to polls: draft → open → closed (sealed, tallied) → certified by k of n tellers.

Secrecy rules this module keeps (RELIABILITY.md §1.4):
- A vote writes a VoterMark (who) and a Ballot (what) and nothing else: no audit event per voter, no log line,
  no session entry. The VoterMark is the record that someone voted; the audit log holds the poll's lifecycle
  (created, opened, closed and sealed, paper counts, confirmations, certified), never choices or who voted when.
- `cast` locks the poll row FOR SHARE and `poll_close` FOR UPDATE, so a close waits for the votes in flight and
  counts exactly the votes that were accepted. On SQLite, IMMEDIATE transactions serialise writers instead.
- One person one vote is the VoterMark primary key (poll, member), so a double submit fails in the database.
"""

import functools
import hashlib
import json
import math
import secrets
from base64 import b32encode
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from gonghui.core.permissions import require
from gonghui.core.roles import Cap
from gonghui.orgs.models import Member, MemberStatus
from gonghui.orgs.selectors import has_cap, member_scope_q

from . import rules
from .models import (
    Ballot,
    Elector,
    Origin,
    PaperCount,
    Policy,
    Poll,
    PollKind,
    PollStatus,
    Question,
    QuestionForm,
    Teller,
    VoterMark,
    random_id,
)
from .seal import seal, vacuum_after_commit
from .tally import YES_NO_CHOICES, canonical_choices, choice_keys, count_ballots, fingerprint

POLL_FIELDS = ["title", "kind", "secret", "policy", "min_share", "min_group_size", "tellers_required"]
# Each policy decides questions of one form.
POLICY_FORMS = {
    Policy.CONGRESS: QuestionForm.YES_NO,
    Policy.MAJORITY_OF_CAST: QuestionForm.YES_NO,
    Policy.PLURALITY: QuestionForm.CHOOSE,
    Policy.RATING: QuestionForm.RATING,
}


# --- Drafting ----------------------------------------------------------------------------------------


def poll_create(
    *,
    actor,
    node,
    title: str,
    questions: list[dict],
    kind: str = PollKind.OTHER,
    secret: bool = True,
    policy: str = Policy.CONGRESS,
    min_group_size: int | None = None,
    tellers_required: int | None = None,
    min_share: Decimal | None = None,
) -> Poll:
    """A draft poll with its questions; needs MANAGE_POLLS on the node."""
    require(has_cap(actor, Cap.MANAGE_POLLS, node))
    poll = Poll(
        node=node,
        title=(title or "").strip(),
        kind=kind,
        secret=secret,
        policy=policy,
        min_share=min_share,
        min_group_size=rules.DEFAULT_MIN_GROUP_SIZE if min_group_size is None else min_group_size,
        tellers_required=rules.DEFAULT_TELLERS_REQUIRED if tellers_required is None else tellers_required,
        created_by=actor,
    )
    _check_poll(poll)
    rows = _question_rows(poll, questions)
    with transaction.atomic():
        poll.save()
        for row in rows:
            row.poll = poll
        Question.objects.bulk_create(rows)
        audit(
            actor=actor,
            action="poll.create",
            obj=poll,
            scope_path=node.path,
            changes={"title": poll.title, "policy": poll.policy, "questions": len(rows)},
        )
    return poll


def poll_update(*, actor, poll: Poll, questions: list[dict] | None = None, **fields) -> Poll:
    """Change the draft's settings and, with `questions`, replace its questions in the same transaction, so
    that the policy and the question form can change together (each policy decides questions of one form).
    After opening nothing changes, min_group_size included (RELIABILITY V9)."""
    poll = _draft(actor, poll)
    unknown = set(fields) - set(POLL_FIELDS)
    if unknown:
        raise DomainError(_("不能修改这些项目：%(names)s") % {"names": "、".join(sorted(unknown))})
    before = {name: str(getattr(poll, name)) for name in fields}
    for name, value in fields.items():
        setattr(poll, name, value)
    _check_poll(poll)
    # Without new questions, the policy must still fit the ones the poll has.
    rows = _question_rows(
        poll, [_question_dict(q) for q in poll.questions.all()] if questions is None else questions
    )
    changes = {name: [before[name], str(getattr(poll, name))] for name in fields}
    with transaction.atomic():
        if fields:
            poll.save(update_fields=list(fields))
        if questions is not None:
            _replace_questions(poll, rows)
            changes["questions"] = [row.text for row in rows]
        audit(actor=actor, action="poll.update", obj=poll, scope_path=poll.node.path, changes=changes)
    return poll


def questions_set(*, actor, poll: Poll, questions: list[dict]) -> Poll:
    """Replace the draft's questions."""
    poll = _draft(actor, poll)
    rows = _question_rows(poll, questions)
    with transaction.atomic():
        _replace_questions(poll, rows)
        audit(
            actor=actor,
            action="poll.questions_set",
            obj=poll,
            scope_path=poll.node.path,
            changes={"questions": [row.text for row in rows]},
        )
    return poll


def electorate_set(*, actor, poll: Poll, members: Iterable[Member] | Mapping[Member, int]) -> Poll:
    """Replace the draft's electorate: active members within the poll's node; a dict gives each a weight."""
    poll = _draft(actor, poll)
    weights = dict(members) if isinstance(members, Mapping) else dict.fromkeys(members, 1)
    if not weights:
        raise DomainError(_("请至少选择一名投票人。"))
    if any(not isinstance(w, int) or isinstance(w, bool) or w < 1 for w in weights.values()):
        raise DomainError(_("代表权数必须是正整数。"), code="weight")
    eligible = set(
        Member.objects.filter(member_scope_q(poll.node), status=MemberStatus.ACTIVE)
        .filter(pk__in=[m.pk for m in weights])
        .values_list("pk", flat=True)
    )
    outside = [m.name for m in weights if m.pk not in eligible]
    if outside:
        raise DomainError(
            _("以下人员不是本组织的在会会员，不能参加投票：%(names)s")
            % {"names": "、".join(sorted(outside)[:10])},
            code="not_eligible",
        )
    with transaction.atomic():
        Elector.objects.filter(poll=poll).delete()
        Elector.objects.bulk_create(Elector(poll=poll, member=m, weight=w) for m, w in weights.items())
        audit(
            actor=actor,
            action="poll.electorate_set",
            obj=poll,
            scope_path=poll.node.path,
            changes={"electors": len(weights), "weight": sum(weights.values())},
        )
    return poll


def tellers_set(*, actor, poll: Poll, users: Iterable) -> Poll:
    """Name the draft's tellers (计票人、监票人), who enter paper counts and confirm the tally."""
    poll = _draft(actor, poll)
    users = list({u.pk: u for u in users}.values())
    if any(not u.is_active for u in users):
        raise DomainError(_("计票人的账号已停用。"))
    with transaction.atomic():
        Teller.objects.filter(poll=poll).delete()
        Teller.objects.bulk_create(Teller(poll=poll, user=u) for u in users)
        audit(
            actor=actor,
            action="poll.tellers_set",
            obj=poll,
            scope_path=poll.node.path,
            changes={"tellers": sorted(u.get_username() for u in users)},
        )
    return poll


def poll_open(*, actor, poll: Poll) -> Poll:
    """draft → open. Fixes the electorate's size and weight: the denominators of "more than half of all"."""
    require(has_cap(actor, Cap.MANAGE_POLLS, poll.node))
    with transaction.atomic():
        poll = Poll.objects.select_for_update().select_related("node").get(pk=poll.pk)
        if poll.status != PollStatus.DRAFT:
            raise Conflict(_("该表决已经开始，不能重复开始。"), code="not_draft")
        if not poll.questions.exists():
            raise DomainError(_("请先设置表决事项。"))
        electors = list(Elector.objects.filter(poll=poll).values_list("weight", flat=True))
        if not electors:
            raise DomainError(_("请先确定投票人名单。"))
        tellers = Teller.objects.filter(poll=poll).count()
        if tellers < poll.tellers_required:
            raise DomainError(
                _("须确认结果的计票人为 %(k)s 名，目前只指定了 %(n)s 名。")
                % {"k": poll.tellers_required, "n": tellers}
            )
        poll.status = PollStatus.OPEN
        poll.electorate_size = len(electors)
        poll.electorate_weight = sum(electors)
        poll.opened_at = timezone.now()
        poll.save(update_fields=["status", "electorate_size", "electorate_weight", "opened_at"])
        audit(
            actor=actor,
            action="poll.open",
            obj=poll,
            scope_path=poll.node.path,
            changes={
                "electorate": poll.electorate_size,
                "weight": poll.electorate_weight,
                "min_group_size": poll.min_group_size,
            },
        )
    return poll


# --- Voting ------------------------------------------------------------------------------------------


@sensitive_variables("choices", "canonical", "code")
def cast(*, voter, poll: Poll, choices: Mapping) -> str:
    """Record one vote; returns the receipt code, shown once to the voter (only its SHA-256 is stored).

    Writes exactly one VoterMark and one Ballot, and no log or audit line: see the module docstring.
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
    """80 random bits in base32, grouped by four for reading aloud: ABCD-EFGH-JKLM-NPQR."""
    raw = b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def receipt_digest(code: str) -> str:
    """SHA-256 of the code without separators, case-insensitive. 80 bits of entropy need no salt."""
    normalized = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()


# --- Closing, paper counts, certification ------------------------------------------------------------


def poll_close(*, actor, poll: Poll, attendance: int | None = None) -> Poll:
    """open → closed: wait for votes in flight, seal both tables, tally the web ballots, fingerprint them.

    `attendance` is the check-in count of the meeting (Policy.CONGRESS quorum); None counts who voted.
    """
    require(has_cap(actor, Cap.MANAGE_POLLS, poll.node))
    with transaction.atomic():
        poll = Poll.objects.select_for_update().select_related("node").get(pk=poll.pk)
        if poll.status != PollStatus.OPEN:
            raise Conflict(_("该表决不在投票中，不能结束。"), code="not_open")
        voted = VoterMark.objects.filter(poll=poll).count()
        if attendance is not None and not voted <= attendance <= poll.electorate_size:
            raise DomainError(
                _("实到人数应在已投票人数 %(voted)s 与应到人数 %(n)s 之间。")
                % {"voted": voted, "n": poll.electorate_size},
                code="attendance",
            )
        ballots = seal(poll)
        questions = list(poll.questions.all())
        poll.tally = count_ballots(questions, ballots)
        poll.fingerprint = fingerprint(poll.pk, ballots)
        poll.attendance = attendance
        poll.status = PollStatus.CLOSED
        poll.closed_at = timezone.now()
        poll.save(update_fields=["tally", "fingerprint", "attendance", "status", "closed_at"])
        audit(
            actor=actor,
            action="poll.close",
            obj=poll,
            scope_path=poll.node.path,
            changes={"voted": voted, "web_ballots": len(ballots), "fingerprint": poll.fingerprint},
        )
        vacuum_after_commit()
    return poll


def paper_count_enter(*, actor, poll: Poll, ballots: int, counts: Mapping) -> PaperCount:
    """One box of paper ballots, counted by a teller after close: {position: {choice: count}}."""
    _require_teller(actor, poll)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().select_related("node").get(pk=poll.pk)
        if poll.status != PollStatus.CLOSED:
            raise DomainError(_("表决结束后、结果确认前才能录入纸质票。"), code="not_closed")
        if Teller.objects.filter(poll=poll, confirmed_at__isnull=False).exists():
            raise Conflict(_("已有计票人确认了结果，不能再录入纸质票。"), code="confirmed")
        if not isinstance(ballots, int) or isinstance(ballots, bool) or ballots < 1:
            raise DomainError(_("纸质选票张数必须是正整数。"), code="ballots")
        issued = VoterMark.objects.filter(poll=poll, origin=Origin.PAPER).count()
        entered = sum(PaperCount.objects.filter(poll=poll).values_list("ballots", flat=True))
        if entered + ballots > issued:
            raise DomainError(
                _("纸质票共发出 %(issued)s 张，已录入 %(entered)s 张，本箱 %(n)s 张超出了发出张数。")
                % {"issued": issued, "entered": entered, "n": ballots},
                code="too_many_ballots",
            )
        clean = _paper_counts(list(poll.questions.all()), ballots, counts)
        box = PaperCount.objects.create(poll=poll, ballots=ballots, counts=clean, entered_by=actor)
        audit(
            actor=actor,
            action="poll.paper_count_enter",
            obj=poll,
            scope_path=poll.node.path,
            changes={"box": box.pk, "ballots": ballots},
        )
    return box


def paper_count_confirm(*, actor, count: PaperCount) -> PaperCount:
    """A second teller checks a box's counts against the paper (两人核对)."""
    _require_teller(actor, count.poll)
    with transaction.atomic():
        count = PaperCount.objects.select_for_update().select_related("poll__node").get(pk=count.pk)
        if count.poll.status != PollStatus.CLOSED:
            raise DomainError(_("结果已确认，不能再核对纸质票。"), code="not_closed")
        if count.entered_by_id == actor.pk:
            raise DomainError(_("录入人不能核对自己录入的计数，请由另一名计票人核对。"), code="same_teller")
        if count.confirmed_by_id is not None:
            raise Conflict(_("这箱纸质票已经核对过了。"), code="already_confirmed")
        count.confirmed_by = actor
        count.save(update_fields=["confirmed_by"])
        audit(
            actor=actor,
            action="poll.paper_count_confirm",
            obj=count.poll,
            scope_path=count.poll.node.path,
            changes={"box": count.pk, "ballots": count.ballots},
        )
    return count


def tally_confirm(*, actor, poll: Poll) -> Poll:
    """A teller confirms the sealed ballots' fingerprint and the paper totals; k confirmations certify.

    The fingerprint is recomputed from the ballot rows first, so a ballot changed after the seal stops it.
    """
    teller = _require_teller(actor, poll)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().select_related("node").get(pk=poll.pk)
        teller = Teller.objects.select_for_update().get(pk=teller.pk)
        if poll.status != PollStatus.CLOSED:
            raise DomainError(_("只有已结束、待确认的表决才能确认计票结果。"), code="not_closed")
        if teller.confirmed_at is not None:
            raise Conflict(_("您已经确认过计票结果。"), code="already_confirmed")
        if PaperCount.objects.filter(poll=poll, confirmed_by__isnull=True).exists():
            raise DomainError(_("还有纸质票计数未经另一名计票人核对。"), code="paper_unconfirmed")
        ballots = Ballot.objects.filter(poll=poll).values_list("choices", "weight")
        if fingerprint(poll.pk, ballots) != poll.fingerprint:
            raise DomainError(_("选票数据与封存时的指纹不一致，请立即报告。"), code="fingerprint")
        teller.confirmed_at = timezone.now()
        teller.confirmed_fingerprint = certification_digest(poll)
        teller.save(update_fields=["confirmed_at", "confirmed_fingerprint"])
        confirmed = Teller.objects.filter(poll=poll, confirmed_at__isnull=False).count()
        audit(
            actor=actor,
            action="poll.tally_confirm",
            obj=poll,
            scope_path=poll.node.path,
            changes={"digest": teller.confirmed_fingerprint, "confirmed": confirmed},
        )
        if confirmed >= poll.tellers_required:
            poll.status = PollStatus.CERTIFIED
            poll.save(update_fields=["status"])
            audit(actor=actor, action="poll.certify", obj=poll, scope_path=poll.node.path)
    return poll


def certification_digest(poll: Poll) -> str:
    """What a teller signs: the web ballots' fingerprint and every paper box's counts."""
    boxes = sorted(
        json.dumps([ballots, counts], sort_keys=True, ensure_ascii=False)
        for ballots, counts in PaperCount.objects.filter(poll=poll).values_list("ballots", "counts")
    )
    return hashlib.sha256("\n".join([poll.fingerprint, *boxes]).encode()).hexdigest()


# --- Helpers -----------------------------------------------------------------------------------------


def _draft(actor, poll: Poll) -> Poll:
    require(has_cap(actor, Cap.MANAGE_POLLS, poll.node))
    poll = Poll.objects.select_related("node").get(pk=poll.pk)
    if poll.status != PollStatus.DRAFT:
        raise DomainError(_("表决已经开始，不能再修改。"), code="not_draft")
    return poll


def _require_teller(actor, poll: Poll) -> Teller:
    teller = Teller.objects.filter(poll_id=poll.pk, user_id=actor.pk).first()
    if teller is None or not actor.is_authenticated:
        raise PermissionDenied(_("只有本次表决的计票人才能办理。"), code="not_teller")
    return teller


def _require_teller_or_manager(actor, poll: Poll) -> None:
    if not Teller.objects.filter(poll_id=poll.pk, user_id=actor.pk).exists():
        require(has_cap(actor, Cap.MANAGE_POLLS, poll.node), _("只有本次表决的计票人才能办理。"))


def _check_poll(poll: Poll) -> None:
    if not poll.title:
        raise DomainError(_("请填写表决名称。"), code="title")
    if poll.kind not in PollKind.values or poll.policy not in Policy.values:
        raise DomainError(_("表决类型或通过规则无效。"))
    if poll.min_group_size < 1 or poll.tellers_required < 1:
        raise DomainError(_("最少公布人数和须确认的计票人数都至少为 1。"))
    if poll.min_share is not None and not 0 <= Decimal(poll.min_share) < 1:
        raise DomainError(_("当选最低得票比例应在 0 到 1 之间。"), code="min_share")


def _replace_questions(poll: Poll, rows: list[Question]) -> None:
    Question.objects.filter(poll=poll).delete()
    Question.objects.bulk_create(rows)


def _question_dict(question: Question) -> dict:
    return {
        "text": question.text,
        "form": question.form,
        "options": question.options,
        "seats": question.seats,
    }


def _question_rows(poll: Poll, questions: list[dict]) -> list[Question]:
    """Validate the question dicts against the poll's policy and kind; Question rows numbered from 1."""
    if not questions:
        raise DomainError(_("请至少设置一个表决事项。"), code="no_questions")
    rows = []
    for position, spec in enumerate(questions, start=1):
        text = (spec.get("text") or "").strip()
        form = spec.get("form", QuestionForm.YES_NO)
        seats = spec.get("seats", 1)
        if not text:
            raise DomainError(_("第 %(n)s 项没有填写内容。") % {"n": position})
        if form != POLICY_FORMS[poll.policy]:
            raise DomainError(
                _("“%(policy)s”的表决事项应为“%(form)s”形式（第 %(n)s 项不是）。")
                % {
                    "policy": Policy(poll.policy).label,
                    "form": QuestionForm(POLICY_FORMS[poll.policy]).label,
                    "n": position,
                },
                code="form",
            )
        if form == QuestionForm.YES_NO:
            options = list(YES_NO_CHOICES)
        elif form == QuestionForm.RATING:
            options = [o.strip() for o in spec.get("options") or rules.DEFAULT_RATING_LABELS]
        else:
            options = [o.strip() for o in spec.get("options") or []]
        if any(not o for o in options) or len(set(options)) != len(options) or len(options) < 2:
            raise DomainError(
                _("第 %(n)s 项的选项须至少两个，且不能为空或重复。") % {"n": position}, code="options"
            )
        if not isinstance(seats, int) or isinstance(seats, bool) or seats < 1:
            raise DomainError(_("第 %(n)s 项的应选名额须为正整数。") % {"n": position}, code="seats")
        if form == QuestionForm.CHOOSE:
            _check_candidates(poll, position, len(options), seats)
        rows.append(
            Question(poll=poll, position=position, text=text, form=form, options=options, seats=seats)
        )
    return rows


def _check_candidates(poll: Poll, position: int, candidates: int, seats: int) -> None:
    """Enough candidates for the seats; for a union election, 差额 by at least the legal minimum surplus."""
    if candidates < seats:
        raise DomainError(
            _("第 %(n)s 项候选人（%(c)s 名）少于应选名额（%(s)s 名）。")
            % {"n": position, "c": candidates, "s": seats},
            code="candidates",
        )
    if poll.kind == PollKind.ELECTION:
        needed = minimum_candidates(seats)
        if candidates < needed:
            raise DomainError(
                _(
                    "差额选举第 %(n)s 项应选 %(s)s 名，候选人至少应有 %(needed)s 名"
                    "（差额率不低于 %(rate)s%%），现有 %(c)s 名。"
                )
                % {
                    "n": position,
                    "s": seats,
                    "needed": needed,
                    "rate": f"{float(rules.ELECTION_MIN_SURPLUS.value) * 100:g}",
                    "c": candidates,
                },
                code="surplus",
            )


def minimum_candidates(seats: int) -> int:
    """Seats plus the minimum surplus (差额), rounded up, and at least one more candidate than seats."""
    return seats + max(1, math.ceil(seats * Fraction(rules.ELECTION_MIN_SURPLUS.value)))


def _paper_counts(questions: list[Question], ballots: int, counts: Mapping) -> dict:
    """Validate one box: every question, known choices, whole numbers, and no more marks than ballots."""
    given = {str(position): value for position, value in (counts or {}).items()}
    if set(given) != {str(q.position) for q in questions}:
        raise DomainError(_("请为每个表决事项录入计数。"), code="paper_questions")
    clean = {}
    for question in questions:
        per_choice = given[str(question.position)]
        keys = choice_keys(question)
        if not isinstance(per_choice, Mapping) or not set(per_choice) <= set(keys):
            raise DomainError(
                _("第 %(n)s 项的计数有无效选项。") % {"n": question.position}, code="paper_choice"
            )
        values = {key: per_choice.get(key, 0) for key in keys}
        if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in values.values()):
            raise DomainError(
                _("第 %(n)s 项的计数须为非负整数。") % {"n": question.position}, code="paper_number"
            )
        marks_per_ballot = question.seats if question.form == QuestionForm.CHOOSE else 1
        if max(values.values()) > ballots or sum(values.values()) > ballots * marks_per_ballot:
            raise DomainError(
                _("第 %(n)s 项的计数超过了本箱选票张数 %(b)s。") % {"n": question.position, "b": ballots},
                code="paper_too_many",
            )
        clean[str(question.position)] = values
    return clean
