"""Reads of the congress app, always scoped to the user's reach: out of scope is NotFound."""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.calendar import rule_deadline
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.rules import AT_LEAST
from gonghui.orgs.jurisdiction import org_rule
from gonghui.orgs.models import Member, Org
from gonghui.orgs.selectors import has_cap, reach_q
from gonghui.voting.models import PaperCount, Poll, PollStatus
from gonghui.voting.tally import add_paper

from .models import (
    AgendaItem,
    CheckIn,
    Committee,
    EvaluatedCadre,
    Evaluation,
    Representative,
    RepresentativeStatus,
    Session,
    Term,
    TermKind,
)
from .roles import CongressCap
from .rules import required_seats

# --- Terms ----------------------------------------------------------------------------------------------


def term_list(*, user, node: Org | None, search: str = "") -> QuerySet[Term]:
    """Terms at or below `node`, or everywhere the user may view congresses when `node` is None."""
    if node is None:
        terms = Term.objects.filter(reach_q(user, CongressCap.VIEW_CONGRESS))
    elif has_cap(user, CongressCap.VIEW_CONGRESS, node):
        terms = Term.objects.filter(node__path__startswith=node.path)
    else:
        return Term.objects.none()
    terms = terms.select_related("node")
    if search:
        terms = terms.filter(node__name__contains=search)
    return terms.annotate(
        active_count=Count("representatives", filter=Q(representatives__status=RepresentativeStatus.ACTIVE))
    ).order_by("node__path", "-starts_on")


def term_get(*, user, pk: int, cap: str = CongressCap.VIEW_CONGRESS) -> Term:
    term = Term.objects.filter(reach_q(user, cap), pk=pk).select_related("node").first()
    if term is None:
        raise NotFound()
    return term


def current_term(node: Org, *, on: date | None = None) -> Term | None:
    """The node's term in office on `on` (today by default); the latest-started one if terms overlap."""
    on = on or timezone.localdate()
    return Term.objects.filter(node=node, starts_on__lte=on, ends_on__gte=on).order_by("-starts_on").first()


def current_representatives(node: Org) -> QuerySet[Representative]:
    """Active representatives of the node's current term; empty when it has none. Used by other apps to build
    the electorate of a vote (e.g. a collective-contract review)."""
    term = current_term(node)
    if term is None:
        return Representative.objects.none()
    return term.representatives.filter(status=RepresentativeStatus.ACTIVE).select_related("member")


def representative_list(*, term: Term, search: str = "", status: str = "") -> QuerySet[Representative]:
    """Representatives of a term the caller already holds (from term_get)."""
    representatives = term.representatives.select_related("member")
    if search:
        representatives = representatives.filter(
            Q(member__name__contains=search) | Q(constituency__contains=search)
        )
    if status:
        representatives = representatives.filter(status=status)
    return representatives.order_by("constituency", "member__name_key", "pk")


def representative_get(*, user, pk: int, cap: str = CongressCap.MANAGE_CONGRESS) -> Representative:
    representative = (
        Representative.objects.filter(reach_q(user, cap, "term__node__path"), pk=pk)
        .select_related("term__node", "member")
        .first()
    )
    if representative is None:
        raise NotFound()
    return representative


def session_overdue(term: Term, *, today: date | None = None) -> date | None:
    """The day the next session was due, when a term in office has not met for longer than the rule allows
    (at least once a year); None when it is not overdue."""
    today = today or timezone.localdate()
    if not term.starts_on <= today <= term.ends_on:
        return None
    held = term.sessions.filter(held_on__lte=today)  # a session planned for next month has not met yet
    last = held.order_by("-held_on").values_list("held_on", flat=True).first()
    rule = org_rule(term.node, "congress.session_interval", today)
    due = rule_deadline(rule, last or term.starts_on).date
    return due if due < today else None


# --- Composition ----------------------------------------------------------------------------------------


@dataclass
class Composition:
    total: int
    seats_required: int
    women: int
    managers: int
    frontline: int
    teachers: int
    warnings: list[str] = field(default_factory=list)


def _percent(part: int | Fraction, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def composition(term: Term, *, on: date | None = None) -> Composition:
    """Counts of the active representatives and the rules they miss, as warnings with the numbers (never
    blocking: the union decides, the page shows what the rules say)."""
    active = term.representatives.filter(status=RepresentativeStatus.ACTIVE)
    counts = active.aggregate(
        total=Count("pk"),
        women=Count("pk", filter=Q(member__sex="F")),
        managers=Count("pk", filter=Q(is_manager=True)),
        frontline=Count("pk", filter=Q(is_frontline=True)),
        teachers=Count("pk", filter=Q(is_teacher=True)),
    )
    total = counts["total"]
    on = on or timezone.localdate()
    result = Composition(seats_required=_seats_required(term), **counts)
    _check_term_length(term, result, on)
    if term.kind == TermKind.ASSEMBLY:
        return result  # 职工大会: every employee attends, there are no seats to compose
    if total < result.seats_required:
        result.warnings.append(
            _(
                "代表 %(total)s 人，少于职工 %(workforce)s 人对应的最低名额 %(required)s 人，还需 %(missing)s 人。"
            )
            % {
                "total": total,
                "workforce": term.worker_count,
                "required": result.seats_required,
                "missing": result.seats_required - total,
            }
        )
    if total == 0:
        return result
    managers_max = org_rule(term.node, "congress.managers_max", on).value
    if result.managers > managers_max * total:
        allowed = math.floor(managers_max * total)
        result.warnings.append(
            _("中层以上管理人员代表 %(n)s 人（%(share)s），超过 %(limit)s，应不多于 %(allowed)s 人。")
            % {
                "n": result.managers,
                "share": _percent(result.managers, total),
                "limit": _percent(managers_max, 1),
                "allowed": allowed,
            }
        )
    _check_women(term, result, on)
    if term.kind == TermKind.TEACHERS:
        _check_floor(term, result, "congress.teachers_min", result.teachers, _("教师代表"), on)
    else:
        _check_floor(term, result, "congress.frontline_min", result.frontline, _("一线职工代表"), on)
    return result


def _check_term_length(term: Term, result: Composition, on: date) -> None:
    shortest = int(org_rule(term.node, "congress.term_min_years", on))
    longest = int(org_rule(term.node, "congress.term_max_years", on))
    # A term runs from starts_on to the day before the same date N years later.
    years = (term.ends_on + timedelta(days=1) - term.starts_on).days / 365.25
    if not shortest - 0.05 <= years <= longest + 0.05:
        result.warnings.append(
            _("本届任期约 %(years)s 年，不在 %(min)s 至 %(max)s 年之间。")
            % {"years": round(years, 1), "min": shortest, "max": longest}
        )


def _seats_required(term: Term) -> int:
    """By the formula of the jurisdiction whose seats rule (congress.seats_min) applied when the term began."""
    rule = org_rule(term.node, "congress.seats_min", term.starts_on)
    return required_seats(term.worker_count, rule.jurisdiction)


def _check_women(term: Term, result: Composition, on: date) -> None:
    if not term.worker_count or not term.women_worker_count:
        return
    rule = org_rule(term.node, "congress.women_share", on)
    share = Fraction(term.women_worker_count, term.worker_count) * Fraction(rule.value)
    exact = share * result.total
    # "不得低于" (a floor) needs every fraction of a seat; "相适应" (about equal) is met by the rounded number.
    needed = math.ceil(exact) if rule.bound == AT_LEAST else math.floor(exact + Fraction(1, 2))
    if result.women < needed:
        result.warnings.append(
            _("女代表 %(n)s 人（%(share)s），低于女职工比例 %(target)s，还需 %(missing)s 人。")
            % {
                "n": result.women,
                "share": _percent(result.women, result.total),
                "target": _percent(share, 1),
                "missing": needed - result.women,
            }
        )


def _check_floor(term: Term, result: Composition, rule_id: str, count: int, label: str, on: date) -> None:
    minimum = org_rule(term.node, rule_id, on).value
    needed = math.ceil(minimum * result.total)
    if count < needed:
        result.warnings.append(
            _("%(label)s %(n)s 人（%(share)s），低于 %(limit)s，还需 %(missing)s 人。")
            % {
                "label": label,
                "n": count,
                "share": _percent(count, result.total),
                "limit": _percent(minimum, 1),
                "missing": needed - count,
            }
        )


# --- Sessions -------------------------------------------------------------------------------------------


def session_list(*, term: Term) -> QuerySet[Session]:
    return term.sessions.annotate(present=Count("checkins")).order_by("-held_on", "-number")


def session_get(*, user, pk: int, cap: str = CongressCap.VIEW_CONGRESS) -> Session:
    session = (
        Session.objects.filter(reach_q(user, cap, "term__node__path"), pk=pk)
        .select_related("term__node")
        .first()
    )
    if session is None:
        raise NotFound()
    return session


@dataclass(frozen=True)
class Quorum:
    present: int
    expected: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.expected > 0 and self.present >= self.needed


def quorum(session: Session) -> Quorum:
    """实到 / 应到 and the number needed to open the meeting (⅔ of all active representatives)."""
    expected = session.term.representatives.filter(status=RepresentativeStatus.ACTIVE).count()
    share = org_rule(session.term.node, "voting.congress_attendance", session.held_on).value
    return Quorum(
        present=CheckIn.objects.filter(session=session).count(),
        expected=expected,
        needed=math.ceil(share * expected),
    )


def attendance(session: Session) -> list[tuple[Representative, CheckIn | None]]:
    """Every active representative with their check-in (or None), for the check-in page and the sheet."""
    checkins = {c.representative_id: c for c in CheckIn.objects.filter(session=session)}
    representatives = session.term.representatives.filter(status=RepresentativeStatus.ACTIVE).select_related(
        "member"
    )
    return [
        (r, checkins.get(r.pk)) for r in representatives.order_by("constituency", "member__name_key", "pk")
    ]


def agenda_item_get(*, user, pk: int, cap: str = CongressCap.MANAGE_CONGRESS) -> AgendaItem:
    item = (
        AgendaItem.objects.filter(reach_q(user, cap, "session__term__node__path"), pk=pk)
        .select_related("session__term__node")
        .first()
    )
    if item is None:
        raise NotFound()
    return item


def session_poll_get(*, user, poll_pk: int, cap: str = CongressCap.MANAGE_CONGRESS) -> tuple[Session, Poll]:
    """A vote of a meeting (agenda item or evaluation) with its session, scoped through the session."""
    item = AgendaItem.objects.filter(poll_id=poll_pk).first()
    evaluation = None if item else Evaluation.objects.filter(poll_id=poll_pk).first()
    holder = item or evaluation
    if holder is None:
        raise NotFound()
    session = session_get(user=user, pk=holder.session_id, cap=cap)
    return session, Poll.objects.get(pk=poll_pk)


# --- Committees -----------------------------------------------------------------------------------------


def committee_get(*, user, pk: int, cap: str = CongressCap.VIEW_CONGRESS) -> Committee:
    committee = (
        Committee.objects.filter(reach_q(user, cap, "term__node__path"), pk=pk)
        .select_related("term__node")
        .first()
    )
    if committee is None:
        raise NotFound()
    return committee


# --- Democratic evaluation --------------------------------------------------------------------------------


def cadre_account(node: Org, name: str):
    """The account of the one union member with this name, so an evaluated cadre can read their own result;
    None when no member or several share the name (never guess)."""
    matches = list(
        Member.objects.filter(union=node, name=name, user__isnull=False).select_related("user")[:2]
    )
    return matches[0].user if len(matches) == 1 else None


def evaluation_get(*, user, pk: int) -> Evaluation:
    """An evaluation, for those who may read its results: the congress's viewers and managers (VIEW_CONGRESS),
    and each evaluated cadre, who sees only their own row (see evaluation_results)."""
    evaluation = Evaluation.objects.filter(pk=pk).select_related("session__term__node", "poll").first()
    if evaluation is None:
        raise NotFound()
    node = evaluation.session.term.node
    if has_cap(user, CongressCap.VIEW_CONGRESS, node):
        return evaluation
    if user.is_authenticated and evaluation.cadres.filter(user=user).exists():
        return evaluation
    raise NotFound()


@dataclass(frozen=True)
class CadreResult:
    cadre: EvaluatedCadre
    counts: dict[str, int] | None  # None below the poll's minimum group size
    ballots: int
    rates: dict[str, float]


def evaluation_results(*, user, evaluation: Evaluation) -> list[CadreResult]:
    """Per cadre: counts per grade and the rates 优秀率, 称职以上率, 不称职率. Only once the tellers have certified
    the tally; a cadre without VIEW_CONGRESS sees only their own row."""
    poll = evaluation.poll
    if poll is None or poll.status != PollStatus.CERTIFIED:
        raise DomainError(_("评议结果经计票人确认后公布。"), code="not_certified")
    cadres = evaluation.cadres.all()
    if not has_cap(user, CongressCap.VIEW_CONGRESS, evaluation.session.term.node):
        cadres = cadres.filter(user=user)
    boxes = PaperCount.objects.filter(poll=poll, confirmed_by__isnull=False).values_list("ballots", "counts")
    tally = add_paper(poll.tally, boxes)
    shown = tally["ballots"] >= poll.min_group_size
    labels = list(poll.questions.order_by("position").values_list("options", flat=True).first() or [])
    return [_cadre_result(cadre, tally, labels, shown) for cadre in cadres]


def _cadre_result(cadre: EvaluatedCadre, tally: dict, labels: list[str], shown: bool) -> CadreResult:
    counts = tally["questions"].get(str(cadre.position), {})
    graded = sum(counts.values())
    if not shown or not graded or len(labels) < 3:
        return CadreResult(cadre=cadre, counts=None, ballots=tally["ballots"], rates={})
    best, second, worst = counts[labels[0]], counts[labels[1]], counts[labels[-1]]
    rates = {
        _("优秀率"): round(100 * best / graded, 1),
        _("称职以上率"): round(100 * (best + second) / graded, 1),
        _("不称职率"): round(100 * worst / graded, 1),
    }
    return CadreResult(
        cadre=cadre, counts={label: counts[label] for label in labels}, ballots=graded, rates=rates
    )
