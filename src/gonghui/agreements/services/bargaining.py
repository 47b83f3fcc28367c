"""Bargaining, from the first draft to the agreed text: drafts, clause comments and points for the table, the
union committee's decision, the offer to bargain and the employer's answer, the two negotiating teams, and
bargaining meetings."""

from collections.abc import Iterable
from datetime import date
from fractions import Fraction

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.errors import Conflict, DomainError
from gonghui.core.permissions import require
from gonghui.core.roles import Role
from gonghui.orgs.jurisdiction import org_rule
from gonghui.orgs.models import Member, RoleAssignment

from .. import selectors
from ..models import (
    TEXT_OPEN,
    Agreement,
    Clause,
    ClauseComment,
    ContentArea,
    Decision,
    Draft,
    Level,
    Meeting,
    Negotiator,
    Point,
    Side,
    StepKind,
)
from ..selectors import due_date
from ._common import S, _audit, _expect, _locked, _not_before, _not_future, _require_manager, _step

# --- Drafting and committee ----------------------------------------------------------------------------


def draft_create(
    *, actor, agreement: Agreement, clauses: dict[str, str], note: str = "", took_up: Iterable[Point] = ()
) -> Draft:
    """A new version of the text: {content area: articles}. Points raised for the table that this version
    takes up are marked with it."""
    _require_manager(actor, agreement)
    texts = {area: text.strip() for area, text in clauses.items() if text and text.strip()}
    if not texts:
        raise DomainError(_("草案至少要有一章条款。"), code="empty")
    unknown = set(texts) - set(ContentArea.values)
    if unknown:
        raise DomainError(_("未知的条款内容：%(areas)s。") % {"areas": "、".join(sorted(unknown))})
    took_up = list(took_up)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, *TEXT_OPEN, doing=_("修改草案"))
        points = Point.objects.select_for_update().filter(agreement=agreement, pk__in=[p.pk for p in took_up])
        if len(points) != len(took_up):
            raise DomainError(_("所选议题不属于本合同。"))
        if any(p.taken_up_in_id for p in points):
            raise Conflict(_("有议题已在以前的稿中采纳，请刷新后重新选择。"))
        last = agreement.drafts.order_by("-number").first()
        draft = Draft.objects.create(
            agreement=agreement, number=(last.number + 1) if last else 1, note=note.strip(), created_by=actor
        )
        order = list(ContentArea.values)
        Clause.objects.bulk_create(
            Clause(draft=draft, area=area, position=order.index(area) + 1, text=text)
            for area, text in texts.items()
        )
        points.update(taken_up_in=draft)
        agreement.updated_at = timezone.now()
        agreement.save()
        _audit(actor, "draft", agreement, number=draft.number, clauses=len(texts), took_up=len(took_up))
    return draft


def comment_add(*, actor, clause: Clause, text: str) -> ClauseComment:
    """A worker representative's (or the union's, or for the women's special agreement the women workers'
    committee's) comment on a clause of the current draft."""
    agreement = clause.draft.agreement
    require(selectors.may_comment(actor, agreement))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("请填写意见。"))
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, *TEXT_OPEN, doing=_("提出条款意见"))
        if agreement.drafts.order_by("-number").values_list("pk", flat=True).first() != clause.draft_id:
            raise Conflict(_("已有更新的草案稿，请对最新一稿提出意见。"))
        comment = ClauseComment.objects.create(clause=clause, author=actor, text=text)
        _audit(actor, "comment", agreement, clause=clause.area)
    return comment


def point_raise(
    *, actor, agreement: Agreement, area: str, text: str, comment: ClauseComment | None = None
) -> Point:
    """Put a point on the list for the bargaining table, often from a representative's comment."""
    _require_manager(actor, agreement)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("请填写议题。"))
    if area not in ContentArea.values:
        raise DomainError(_("请选择议题涉及的内容。"))
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, *TEXT_OPEN, doing=_("提出协商议题"))
        point = Point.objects.create(
            agreement=agreement, area=area, text=text, raised_by=actor, comment=comment
        )
        _audit(actor, "point", agreement, area=area)
    return point


def committee_record(*, actor, agreement: Agreement, on: date, decision: str, note: str = "") -> Agreement:
    """The union committee's decision on the draft (集体合同草案经工会委员会讨论)."""
    _require_manager(actor, agreement)
    if decision not in (Decision.APPROVE, Decision.REJECT):
        raise DomainError(_("请选择委员会的决定。"))
    _not_future(on)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.DRAFTING, doing=_("登记工会委员会讨论"))
        if not agreement.drafts.exists():
            raise DomainError(_("还没有草案，请先录入草案再提交委员会讨论。"), code="no_draft")
        if decision == Decision.APPROVE:
            agreement.status = S.DISCUSSED
        _step(agreement, StepKind.COMMITTEE, on, actor, decision, note.strip())
        _audit(actor, "committee", agreement, decision=decision, on=on)
    return agreement


# --- Offer and answer ----------------------------------------------------------------------------------


def offer_send(*, actor, agreement: Agreement, on: date, note: str = "") -> Agreement:
    """The written request to bargain (要约); starts the answer clock (rules: agreement.offer_reply)."""
    _require_manager(actor, agreement)
    _not_future(on)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.DISCUSSED, doing=_("发出协商要约"))
        agreement.status = S.OFFERED
        agreement.offered_on = on
        agreement.offer_reply_due = due_date(agreement, "agreement.offer_reply", on)
        _step(agreement, StepKind.OFFERED, on, actor, note=note.strip())
        _audit(actor, "offer", agreement, on=on, due=agreement.offer_reply_due)
    return agreement


def offer_answer(*, actor, agreement: Agreement, on: date, decision: str, note: str = "") -> Agreement:
    """The employer's written answer. Accepting opens negotiation with the union chair as the workers' chief
    by default; a refusal is recorded (the law allows none without good reason: 规定第三十二条) and the offer
    stays open."""
    if not selectors.acts_for_employer(actor, agreement):
        _require_manager(actor, agreement)
    if decision not in (Decision.APPROVE, Decision.REJECT):
        raise DomainError(_("请选择同意协商或拒绝。"))
    if decision == Decision.REJECT and not note.strip():
        raise DomainError(_("拒绝协商须写明理由。"), code="reason")
    _not_future(on)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.OFFERED, doing=_("答复协商要约"))
        _not_before(on, agreement.offered_on, _("要约日期"))
        if decision == Decision.APPROVE:
            agreement.status = S.NEGOTIATING
            agreement.answered_on = on
            _add_default_chief(agreement, on)
        _step(agreement, StepKind.ANSWERED, on, actor, decision, note.strip())
        _audit(actor, "answer", agreement, decision=decision, on=on)
    return agreement


def _add_default_chief(agreement: Agreement, on: date) -> None:
    """规定第二十条: the union chair is the workers' chief negotiator unless they delegate in writing."""
    if agreement.negotiators.filter(side=Side.WORKERS, is_chief=True, left_on__isnull=True).exists():
        return
    chair = (
        RoleAssignment.objects.filter(node=agreement.node, role=Role.UNION_CHAIR)
        .select_related("user")
        .order_by("granted_at")
        .first()
    )
    if chair is None:
        return
    member = Member.objects.filter(user=chair.user).first()
    Negotiator.objects.create(
        agreement=agreement,
        side=Side.WORKERS,
        name=member.name if member else (chair.user.get_full_name() or chair.user.get_username()),
        member=member,
        user=chair.user,
        post=str(Role.UNION_CHAIR.label),
        is_chief=True,
        appointed_on=on,
    )


# --- Negotiating teams ---------------------------------------------------------------------------------


def negotiator_add(
    *,
    actor,
    agreement: Agreement,
    side: str,
    name: str,
    on: date,
    member: Member | None = None,
    user=None,
    post: str = "",
    is_chief: bool = False,
    is_outside_expert: bool = False,
    replaces: Negotiator | None = None,
) -> Negotiator:
    """Name a representative. Refused when it would make someone sit on both sides, give a side two chiefs,
    or make an outside expert chief (规定第二十三条、第二十四条)."""
    if not (side == Side.EMPLOYER and selectors.acts_for_employer(actor, agreement)):
        _require_manager(actor, agreement)
    name = (name or "").strip()
    if side not in Side.values or not name:
        raise DomainError(_("请填写代表姓名并选择所在方。"))
    if is_chief and is_outside_expert:
        raise DomainError(_("首席代表不能由本单位以外的专业人员担任。"), code="chief_outsider")
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.OFFERED, S.NEGOTIATING, doing=_("确定协商代表"))
        active = agreement.negotiators.filter(left_on__isnull=True)
        other = active.exclude(side=side)
        same_person = Q(name=name)
        if member is not None:
            same_person |= Q(member=member)
        if user is not None:
            same_person |= Q(user=user)
        if other.filter(same_person).exists():
            raise DomainError(
                _("%(name)s 已是对方的协商代表，同一人不能同时代表双方。") % {"name": name}, code="both_sides"
            )
        if active.filter(side=side).filter(same_person).exists():
            raise Conflict(_("%(name)s 已是本方协商代表。") % {"name": name})
        if is_chief and active.filter(side=side, is_chief=True).exists():
            raise Conflict(_("本方已有首席代表，每方只能有一名首席代表。"), code="two_chiefs")
        if replaces is not None and (replaces.agreement_id != agreement.pk or replaces.left_on is None):
            raise DomainError(_("被替补的代表须是本合同已离任的代表。"))
        if replaces is not None and replaces.replaced_by_id:
            raise Conflict(_("该空缺已经补上。"))
        negotiator = Negotiator.objects.create(
            agreement=agreement,
            side=side,
            name=name,
            member=member,
            user=user,
            post=post.strip(),
            is_chief=is_chief,
            is_outside_expert=is_outside_expert,
            appointed_on=on,
        )
        if replaces is not None:
            Negotiator.objects.filter(pk=replaces.pk).update(replaced_by=negotiator)
        _audit(actor, "negotiator_add", agreement, side=side, name=name, chief=is_chief)
    return negotiator


def negotiator_leave(*, actor, negotiator: Negotiator, on: date) -> Negotiator:
    """A representative leaves; the vacancy must be filled within rules.VACANCY_FILL (规定第三十一条)."""
    agreement = negotiator.agreement
    _require_manager(actor, agreement)
    with transaction.atomic():
        agreement = _locked(agreement)
        negotiator = Negotiator.objects.select_for_update().get(pk=negotiator.pk)
        if negotiator.left_on is not None:
            raise Conflict(_("%(name)s 已登记离任。") % {"name": negotiator.name})
        _not_before(on, negotiator.appointed_on, _("其确定日期"))
        negotiator.left_on = on
        negotiator.fill_due = due_date(agreement, "agreement.vacancy_fill", on)
        negotiator.save()
        _audit(actor, "negotiator_leave", agreement, name=negotiator.name, on=on)
    return negotiator


def team_problems(agreement: Agreement) -> list[str]:
    """What keeps the two teams from being valid (规定第十九条、第二十三条), in Chinese; empty when valid."""
    rules = {
        rid: org_rule(agreement.node, rid, agreement.offered_on)
        for rid in ("agreement.team_min_size", "agreement.outside_experts_max")
    }
    minimum = int(rules["agreement.team_min_size"].value)
    floor_note = ""
    large = _large_enterprise_floor(agreement)
    if large is not None and int(large.value) > minimum:
        minimum = int(large.value)
        floor_note = _("（规模以上企业，%(cite)s）") % {"cite": large.cite}
    share = Fraction(rules["agreement.outside_experts_max"].value)
    active = list(agreement.negotiators.filter(left_on__isnull=True))
    problems = []
    sizes = {}
    for side in Side:
        team = [n for n in active if n.side == side]
        sizes[side] = len(team)
        if len(team) < minimum:
            problems.append(
                _("%(side)s协商代表只有 %(n)s 人，每方至少 %(min)s 人%(why)s。")
                % {"side": side.label, "n": len(team), "min": minimum, "why": floor_note}
            )
        if sum(n.is_chief for n in team) != 1:
            problems.append(_("%(side)s须有且只有一名首席代表。") % {"side": side.label})
        experts = sum(n.is_outside_expert for n in team)
        if experts and experts > share * len(team):
            problems.append(
                _("%(side)s本单位以外的专业人员 %(e)s 人，超过本方代表人数的三分之一。")
                % {"side": side.label, "e": experts}
            )
    if sizes[Side.WORKERS] != sizes[Side.EMPLOYER]:
        problems.append(
            _("双方协商代表人数应当对等：职工方 %(w)s 人，企业方 %(e)s 人。")
            % {"w": sizes[Side.WORKERS], "e": sizes[Side.EMPLOYER]}
        )
    return problems


def _large_enterprise_floor(agreement: Agreement):
    """Zhejiang's floor of five per side for an enterprise above designated size (浙江 第十条), when the
    agreement is an enterprise's and the enterprise is listed as one; None elsewhere."""
    if agreement.level != Level.ENTERPRISE:
        return None
    if not agreement.coverage.filter(enterprise__above_designated_size=True).exists():
        return None
    try:
        return org_rule(agreement.node, "agreement.team_min_size_large", agreement.offered_on)
    except LookupError:
        return None


def team_notes(agreement: Agreement) -> list[str]:
    """What departs from a usual size the statute names without binding it (北京 第七条 "一般为三至十人"):
    shown beside the teams, never refused."""
    try:
        usual = org_rule(agreement.node, "agreement.team_usual_max", agreement.offered_on)
    except LookupError:
        return []
    notes = []
    for side in Side:
        size = agreement.negotiators.filter(left_on__isnull=True, side=side).count()
        if size > usual.value:
            notes.append(
                _("%(side)s协商代表 %(n)s 人，%(cite)s规定每方一般至多 %(max)s 人。")
                % {"side": side.label, "n": size, "cite": usual.cite, "max": int(usual.value)}
            )
    return notes


def _require_valid_teams(agreement: Agreement) -> None:
    problems = team_problems(agreement)
    if problems:
        raise DomainError(_("协商代表不符合规定：") + "".join(problems), code="teams")


def meeting_record(
    *, actor, agreement: Agreement, held_on: date, note_taker: str, minutes: str, place: str = ""
) -> Meeting:
    """A bargaining meeting and its minutes; the note-taker may not be a negotiator (规定第三十三条)."""
    _require_manager(actor, agreement)
    note_taker, minutes = (note_taker or "").strip(), (minutes or "").strip()
    if not note_taker or not minutes:
        raise DomainError(_("请填写记录员和会议纪要。"))
    _not_future(held_on)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.NEGOTIATING, doing=_("登记协商会议"))
        _not_before(held_on, agreement.answered_on, _("要约答复日期"))
        _require_valid_teams(agreement)
        if agreement.negotiators.filter(left_on__isnull=True, name=note_taker).exists():
            raise DomainError(_("记录员应由非协商代表担任。"), code="note_taker")
        meeting = Meeting.objects.create(
            agreement=agreement,
            held_on=held_on,
            place=place.strip(),
            note_taker=note_taker,
            minutes=minutes,
            recorded_by=actor,
        )
        _step(agreement, StepKind.MEETING, held_on, actor, note=place.strip())
        _audit(actor, "meeting", agreement, on=held_on)
    return meeting


def draft_agree(*, actor, agreement: Agreement, on: date, note: str = "") -> Agreement:
    """Both sides agree on the latest draft; in Zhejiang the clock to submit it to the congress starts."""
    _require_manager(actor, agreement)
    _not_future(on)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.NEGOTIATING, doing=_("登记草案协商一致"))
        _require_valid_teams(agreement)
        if not agreement.meetings.exists():
            raise DomainError(_("还没有协商会议记录，请先登记协商会议。"), code="no_meeting")
        _not_before(
            on,
            agreement.meetings.order_by("-held_on").values_list("held_on", flat=True).first(),
            _("最近一次协商会议"),
        )
        agreement.status = S.AGREED
        agreement.agreed_on = on
        agreement.review_due = due_date(agreement, "agreement.draft_to_congress", on)
        _step(agreement, StepKind.AGREED, on, actor, note=note.strip())
        _audit(actor, "agree", agreement, on=on)
    return agreement
