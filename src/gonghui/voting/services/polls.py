"""Setting a poll up and opening it: the draft's settings, questions, electorate and tellers, then draft → open."""

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.permissions import require
from gonghui.orgs.models import Member, MemberStatus
from gonghui.orgs.selectors import has_cap, member_scope_q

from .. import crypto, rules
from ..models import (
    Elector,
    Policy,
    Poll,
    PollKind,
    PollStatus,
    Question,
    QuestionForm,
    Teller,
)
from ..roles import PollCap
from ..tally import YES_NO_CHOICES

POLL_FIELDS = ["title", "kind", "secret", "policy", "min_share", "min_group_size", "tellers_required"]


# Each policy decides questions of one form.
POLICY_FORMS = {
    Policy.CONGRESS: QuestionForm.YES_NO,
    Policy.MAJORITY_OF_CAST: QuestionForm.YES_NO,
    Policy.PLURALITY: QuestionForm.CHOOSE,
    Policy.RATING: QuestionForm.RATING,
}


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
    require(has_cap(actor, PollCap.MANAGE_POLLS, node))
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
    require(has_cap(actor, PollCap.MANAGE_POLLS, poll.node))
    with transaction.atomic():
        poll = Poll.objects.select_for_update().select_related("node").get(pk=poll.pk)
        if poll.status != PollStatus.DRAFT:
            raise Conflict(_("该表决已经开始，不能重复开始。"), code="not_draft")
        if not poll.questions.exists():
            raise DomainError(_("请先设置表决事项。"))
        electors = list(Elector.objects.filter(poll=poll).values_list("weight", flat=True))
        if not electors:
            raise DomainError(_("请先确定投票人名单。"))
        tellers = list(Teller.objects.filter(poll=poll).select_related("user").order_by("pk"))
        if len(tellers) < poll.tellers_required:
            raise DomainError(
                _("须确认结果的计票人为 %(k)s 名，目前只指定了 %(n)s 名。")
                % {"k": poll.tellers_required, "n": len(tellers)}
            )
        public_key, shares = crypto.new_poll_key(poll.pk, poll.tellers_required, len(tellers))
        for teller, share in zip(tellers, shares, strict=True):
            teller.share_index, teller.share_digest = share.index, share.digest
        Teller.objects.bulk_update(tellers, ["share_index", "share_digest"])
        poll.status = PollStatus.OPEN
        poll.electorate_size = len(electors)
        poll.electorate_weight = sum(electors)
        poll.opened_at = timezone.now()
        poll.public_key = public_key
        poll.save(update_fields=["status", "electorate_size", "electorate_weight", "opened_at", "public_key"])
        audit(
            actor=actor,
            action="poll.open",
            obj=poll,
            scope_path=poll.node.path,
            changes={
                "electorate": poll.electorate_size,
                "weight": poll.electorate_weight,
                "min_group_size": poll.min_group_size,
                "key_shares": f"{poll.tellers_required}/{len(tellers)}",
            },
        )
    # Shown once, on the page that answers this request, and never stored: see voting/crypto.py.
    poll.handed_shares = [
        HandedShare(teller=teller.user, text=share.text(), index=share.index)
        for teller, share in zip(tellers, shares, strict=True)
    ]
    return poll


class HandedShare(NamedTuple):
    teller: object  # the teller's user
    text: str
    index: int


def _draft(actor, poll: Poll) -> Poll:
    require(has_cap(actor, PollCap.MANAGE_POLLS, poll.node))
    poll = Poll.objects.select_related("node").get(pk=poll.pk)
    if poll.status != PollStatus.DRAFT:
        raise DomainError(_("表决已经开始，不能再修改。"), code="not_draft")
    return poll


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
