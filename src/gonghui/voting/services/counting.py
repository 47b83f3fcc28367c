"""After the vote: open → closed (sealed, tallied), paper counts and their check, and certification by k of n
tellers."""

import hashlib
import json
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.permissions import require
from gonghui.orgs.selectors import has_cap

from .. import crypto
from ..models import (
    Ballot,
    Origin,
    PaperCount,
    Poll,
    PollStatus,
    Question,
    QuestionForm,
    Teller,
    VoterMark,
)
from ..roles import PollCap
from ..seal import UnreadableBallot, open_ballots, seal, vacuum_after_commit
from ..tally import canonical_choices, choice_keys, count_ballots, fingerprint
from ._common import _require_teller


@sensitive_variables("shares", "parsed", "key", "opened")
def poll_close(*, actor, poll: Poll, shares: Iterable[str] = (), attendance: int | None = None) -> Poll:
    """open → closed: wait for votes in flight, rebuild the poll's key from k tellers' shares, decrypt, seal both
    tables, tally the web ballots, fingerprint them, and forget the key.

    `shares` are the key shares the tellers were handed at opening (voting/crypto.py), as typed; at least
    `tellers_required` of them. `attendance` is the check-in count of the meeting (Policy.CONGRESS quorum); None
    counts who voted. Any refusal leaves the poll open and every ballot as it was.
    """
    require(has_cap(actor, PollCap.MANAGE_POLLS, poll.node))
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
        parsed = _teller_shares(poll, shares)
        key = crypto.rebuild_key(bytes(poll.public_key), parsed)
        if key is None:
            raise DomainError(
                _(
                    "这些密钥份额合起来打不开本次表决的选票：至少有一份是伪造或抄错的。请计票人核对后重新输入。"
                ),
                code="share_forged",
            )
        try:
            opened = open_ballots(poll, key)
        except UnreadableBallot:
            raise DomainError(
                _("有选票无法用本次表决的密钥解开，可能被篡改。表决仍在进行，请立即报告。"),
                code="ballot_altered",
            ) from None
        del key
        questions = list(poll.questions.all())
        for choices, _weight, _digest in opened:
            try:
                canonical_choices(questions, choices)
            except DomainError:
                raise DomainError(
                    _("有选票的内容不符合本次表决的事项，可能被篡改。表决仍在进行，请立即报告。"),
                    code="ballot_invalid",
                ) from None
        if len(opened) != VoterMark.objects.filter(poll=poll, origin=Origin.WEB).count():
            raise DomainError(
                _("网上选票张数与网上投票人数不一致，可能被篡改。表决仍在进行，请立即报告。"),
                code="ballot_count",
            )
        ballots, stored = seal(poll, opened)
        del opened
        poll.tally = count_ballots(questions, ballots)
        poll.fingerprint = fingerprint(poll.pk, stored)
        poll.attendance_count = attendance
        poll.status = PollStatus.CLOSED
        poll.closed_at = timezone.now()
        poll.save(update_fields=["tally", "fingerprint", "attendance_count", "status", "closed_at"])
        audit(
            actor=actor,
            action="poll.close",
            obj=poll,
            scope_path=poll.node.path,
            changes={
                "voted": voted,
                "web_ballots": len(ballots),
                "fingerprint": poll.fingerprint,
                "key_shares": sorted(share.index for share in parsed),
            },
        )
        vacuum_after_commit()
    return poll


def _teller_shares(poll: Poll, texts: Iterable[str]) -> list[crypto.Share]:
    """Read the typed shares and check each against the digest kept for its teller; k distinct ones needed."""
    digests = dict(
        Teller.objects.filter(poll=poll, share_index__isnull=False).values_list("share_index", "share_digest")
    )
    parsed: dict[int, crypto.Share] = {}
    for n, text in enumerate((t for t in texts if t and t.strip()), start=1):
        try:
            share = crypto.parse_share(text)
        except crypto.ShareError:
            raise DomainError(
                _("第 %(n)s 份密钥份额格式不对或有抄错，请对照份额单重新输入。") % {"n": n},
                code="share_format",
            ) from None
        if share.poll_id != poll.pk:
            raise DomainError(
                _("第 %(n)s 份密钥份额属于另一次表决，不是本次表决的。") % {"n": n}, code="share_other_poll"
            )
        if digests.get(share.index) != share.digest:
            raise DomainError(
                _("第 %(n)s 份密钥份额不是本次表决发给计票人的份额。") % {"n": n}, code="share_forged"
            )
        parsed[share.index] = share
    if len(parsed) < poll.tellers_required:
        raise DomainError(
            _("结束投票须有 %(k)s 名计票人各自出示密钥份额，现在只有 %(n)s 份（同一份只算一次）。")
            % {"k": poll.tellers_required, "n": len(parsed)},
            code="shares_missing",
        )
    return list(parsed.values())


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
        if ballots < poll.min_group_size and ballots != issued:
            # A box's own counts are stored and shown to the tellers: a box of two tells each voter the other's
            # choices. Only a single box holding every paper ballot may be smaller.
            raise DomainError(
                _(
                    "每箱纸质选票至少 %(k)s 张（本表决的最少公布人数），本箱只有 %(n)s 张。请与其他票箱合并后一起录入。"
                )
                % {"k": poll.min_group_size, "n": ballots},
                code="box_too_small",
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
