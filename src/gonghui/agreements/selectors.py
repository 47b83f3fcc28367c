"""Reads of agreements, scoped to the user: VIEW_AGREEMENTS reaches the subtree of the role's node; an employer
representative reaches only the agreements covering their linked enterprise, and only from the offer on (the
union's drafting and committee discussion are its own business); a worker representative of the union's
congress in office reaches the union's agreements, to review the drafts. Out of scope is NotFound."""

import difflib
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.congress.models import Representative, RepresentativeStatus
from gonghui.congress.selectors import current_representatives
from gonghui.core.calendar import estimated, rule_deadline
from gonghui.core.errors import NotFound
from gonghui.core.roles import Role
from gonghui.orgs.jurisdiction import org_rule
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import has_cap, paths_q, reach_q, role_assignments

from .models import (
    PRE_OFFER,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Draft,
    EmployerLink,
    Negotiator,
)
from .roles import AgreementCap
from .rules import DISSOLUTION_FILING_ON_TERMINATION, FILING_FROM_NOTICE, REVIEW_FROM_FILING


def _employer_q(user) -> Q:
    paths = [a.node.path for a in role_assignments(user) if a.role == Role.EMPLOYER_REP]
    if not paths:
        return Q(pk__in=[])
    enterprises = EmployerLink.objects.filter(user=user).values("enterprise")
    return paths_q(paths) & Q(coverage__enterprise__in=enterprises) & ~Q(status__in=PRE_OFFER)


def _representative_q(user) -> Q:
    """Worker representatives of a union's current congress term review its drafts clause by clause."""
    today = timezone.localdate()
    candidates = (
        Representative.objects.filter(
            member__user=user,
            status=RepresentativeStatus.ACTIVE,
            term__starts_on__lte=today,
            term__ends_on__gte=today,
        )
        .values_list("term__node", flat=True)
        .distinct()
    )
    nodes = [
        pk for pk in candidates if current_representatives(Org(pk=pk)).filter(member__user=user).exists()
    ]
    return Q(node__in=nodes)


def _visible_q(user) -> Q:
    return reach_q(user, AgreementCap.VIEW_AGREEMENTS) | _employer_q(user) | _representative_q(user)


def agreement_list(
    *, user, node: Org | None = None, search: str = "", status: str = "", kind: str = ""
) -> QuerySet[Agreement]:
    """Agreements the user may see, below `node` when given."""
    if not user.is_authenticated:
        return Agreement.objects.none()
    ids = Agreement.objects.filter(_visible_q(user)).values("pk")
    agreements = Agreement.objects.filter(pk__in=ids).select_related("node", "kind")
    if node is not None:
        agreements = agreements.filter(node__path__startswith=node.path)
    search = search.strip()
    if search:
        agreements = agreements.filter(
            Q(title__contains=search)
            | Q(employer_name__contains=search)
            | Q(coverage__enterprise__name__contains=search)
        ).distinct()
    if status:
        agreements = agreements.filter(status=status)
    if kind:
        agreements = agreements.filter(kind__code=kind)
    return agreements.order_by("-created_at", "-pk")


def agreement_get(*, user, pk: int) -> Agreement:
    agreement = agreement_list(user=user).filter(pk=pk).first()
    if agreement is None:
        raise NotFound()
    return agreement


def can_manage(user, agreement: Agreement) -> bool:
    return has_cap(user, AgreementCap.MANAGE_AGREEMENTS, agreement.node)


def acts_for_employer(user, agreement: Agreement) -> bool:
    """The user is an employer representative of an enterprise the agreement covers (from the offer on)."""
    if not user.is_authenticated:
        return False
    return Agreement.objects.filter(_employer_q(user), pk=agreement.pk).exists()


def is_representative(user, agreement: Agreement) -> bool:
    """A current worker representative of the agreement's union: may comment on the draft clause by clause."""
    if not user.is_authenticated:
        return False
    return current_representatives(agreement.node).filter(member__user=user).exists()


def may_comment(user, agreement: Agreement) -> bool:
    """May comment on the draft clause by clause: the union's managers, its current worker representatives,
    and for the women's special agreement the women workers' committee (AgreementCap.COMMENT_WOMEN_DRAFT)."""
    if can_manage(user, agreement) or is_representative(user, agreement):
        return True
    return agreement.kind.code == AgreementKind.WOMEN and has_cap(
        user, AgreementCap.COMMENT_WOMEN_DRAFT, agreement.node
    )


def kind_list() -> QuerySet[AgreementKind]:
    return AgreementKind.objects.all()


# --- Deadlines ------------------------------------------------------------------------------------------


def due_date(agreement: Agreement, rule_id: str, start: date) -> date | None:
    """The end of the rule's period from `start` for the agreement's union; None where no rule applies (e.g.
    publication within 5 working days exists only in Zhejiang)."""
    try:
        rule = org_rule(agreement.node, rule_id, start)
    except LookupError:
        return None
    return rule_deadline(rule, start).date


def filing_from_notice(agreement: Agreement, on: date) -> bool:
    """Whether the union's filing period runs from the employer's receipt of the workers' written notice
    (《上海市集体合同条例》第二十三条) rather than from the signatures."""
    try:
        return org_rule(agreement.node, "agreement.filing", on).jurisdiction in FILING_FROM_NOTICE
    except LookupError:
        return False


def review_from_receipt(agreement: Agreement, on: date) -> bool:
    """Whether the objection period runs from the administration's receipt of the text (《劳动合同法》
    第五十四条), as everywhere but Beijing, where it runs from the filing (北京 第三十九条)."""
    try:
        return org_rule(agreement.node, "agreement.review", on).jurisdiction not in REVIEW_FROM_FILING
    except LookupError:
        return True


def filing_start(agreement: Agreement) -> date | None:
    """The day the filing period runs from: the notice's receipt where recorded (Shanghai), else signing."""
    return agreement.notice_received_on or agreement.signed_on


def review_start(agreement: Agreement) -> date | None:
    """The day the objection period runs from: the administration's receipt where recorded, else filing."""
    return agreement.received_on or agreement.filed_on


def renewal_window_opens(agreement: Agreement) -> date | None:
    """The first day either side may ask to renew: counted back from the expiry ("期满前三个月内"), the day
    after the term's last day, not from the last day itself (which would open the window a day early)."""
    if agreement.ends_on is None:
        return None
    return due_date(agreement, "agreement.renewal_window", agreement.ends_on + timedelta(days=1))


@dataclass(frozen=True)
class Clock:
    """An open or finished deadline of one agreement, as the pages and the API show it."""

    code: str
    label: str
    due: date
    rule_id: str
    done_on: date | None = None
    # Counted on a year whose holiday schedule is not known yet: an estimate, shown as "预估" wherever the
    # date is shown, until an administrator adds the year and the stored date is recomputed.
    provisional: bool = False

    def overdue(self, today: date) -> bool:
        return self.done_on > self.due if self.done_on else today > self.due

    def as_dict(self, today: date) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "due": self.due,
            "rule_id": self.rule_id,
            "done_on": self.done_on,
            "overdue": self.overdue(today),
            "provisional": self.provisional,
        }


def _counted(code: str, label: str, due: date, rule_id: str, done_on: date | None = None) -> Clock:
    """A clock whose date was counted on the holiday calendar (a stored *_due)."""
    return Clock(code, label, due, rule_id, done_on, provisional=estimated(due))


def day_text(due: date) -> str:
    """A deadline as reminders and lists write it: "2027-01-07", or "2027-01-07（预估）" while an estimate."""
    return _("%(day)s（预估）") % {"day": due} if estimated(due) else str(due)


def clocks(agreement: Agreement) -> list[Clock]:
    """The deadlines that apply to the agreement in its current state, open ones and the ones the current
    state was reached by (to show a late filing after the fact)."""
    a, s = agreement, AgreementStatus
    found = []
    if a.offer_reply_due and a.status in (s.OFFERED, s.NEGOTIATING):
        found.append(
            _counted(
                "offer_reply", _("要约答复期限"), a.offer_reply_due, "agreement.offer_reply", a.answered_on
            )
        )
    if a.review_due and a.status in (s.AGREED, s.NEGOTIATING):
        found.append(_counted("review", _("提交审议期限"), a.review_due, "agreement.draft_to_congress"))
    if a.filing_due and a.status in (s.SIGNED, s.FILED, s.EFFECTIVE, s.IN_FORCE, s.EXPIRING):
        label = (
            _("报送审查期限（企业 %(day)s 收到书面告知）") % {"day": a.notice_received_on}
            if a.notice_received_on
            else _("报送审查期限")
        )
        found.append(_counted("filing", label, a.filing_due, "agreement.filing", a.filed_on))
    if a.objection_due and a.status == s.FILED:
        label = (
            _("审查异议期届满（审查机关 %(day)s 收到文本）") % {"day": a.received_on}
            if a.received_on
            else _("审查异议期届满（自备案之日起）")
        )
        found.append(_counted("objection", label, a.objection_due, "agreement.review"))
    if a.publication_due and a.status in (s.EFFECTIVE, s.IN_FORCE):
        found.append(
            _counted("publication", _("公布期限"), a.publication_due, "agreement.publication", a.published_on)
        )
    if a.status in (s.IN_FORCE, s.EXPIRING) and a.ends_on:
        opens = renewal_window_opens(a)
        if opens:
            found.append(Clock("renewal", _("续订期开始"), opens, "agreement.renewal_window"))
        found.append(Clock("expiry", _("合同期满"), a.ends_on, "agreement.term_max"))
    if a.status == s.ENDED and a.ended_on:
        dissolution = _dissolution_filing(a)
        if dissolution is not None:
            found.append(dissolution)
    for negotiator in vacancies(a):
        found.append(
            _counted(
                "vacancy",
                _("补充协商代表（%(name)s 离任）") % {"name": negotiator.name},
                negotiator.fill_due,
                "agreement.vacancy_fill",
            )
        )
    return found


def _dissolution_filing(agreement: Agreement) -> Clock | None:
    """Filing the end of an agreement where the statute asks for it: Zhejiang after a dissolution before the
    term ends (第三十三条 "解除集体合同的…五个工作日内…备案"), Beijing after dissolution or termination
    (第四十八条 "解除、终止集体合同…十日内…备案"). No national rule: no clock."""
    try:
        rule = org_rule(agreement.node, "agreement.dissolution_filing", agreement.ended_on)
    except LookupError:
        return None
    dissolved_early = agreement.ends_on is None or agreement.ended_on <= agreement.ends_on
    if not (dissolved_early or rule.jurisdiction in DISSOLUTION_FILING_ON_TERMINATION):
        return None
    due = rule_deadline(rule, agreement.ended_on).date
    return _counted("dissolution_filing", _("解除（终止）后报送备案期限"), due, rule.id)


def vacancies(agreement: Agreement) -> QuerySet[Negotiator]:
    """Representatives who left and have not been replaced yet, while bargaining goes on."""
    if agreement.status not in (AgreementStatus.OFFERED, AgreementStatus.NEGOTIATING):
        return Negotiator.objects.none()
    return agreement.negotiators.filter(
        left_on__isnull=False, replaced_by__isnull=True, fill_due__isnull=False
    )


# --- Drafts ---------------------------------------------------------------------------------------------


def draft_get(*, user, agreement: Agreement, number: int) -> Draft:
    draft = agreement.drafts.filter(number=number).first()
    if draft is None:
        raise NotFound()
    return draft


@dataclass(frozen=True)
class ClauseDiff:
    area: str
    label: str
    change: str  # "added", "removed", "changed", "same"
    segments: list[tuple[str, str]]  # (op, text): op is "equal", "insert" or "delete"


def draft_diff(old: Draft | None, new: Draft) -> list[ClauseDiff]:
    """What changed between two versions, per clause, character by character (Chinese has no spaces to split
    words on). Plain text segments: the template escapes them and marks insertions and deletions."""
    old_clauses = {c.area: c for c in old.clauses.all()} if old else {}
    new_clauses = {c.area: c for c in new.clauses.all()}
    areas = sorted(
        set(old_clauses) | set(new_clauses), key=lambda a: (new_clauses.get(a) or old_clauses[a]).position
    )
    result = []
    for area in areas:
        before = old_clauses[area].text if area in old_clauses else ""
        after = new_clauses[area].text if area in new_clauses else ""
        label = (new_clauses.get(area) or old_clauses[area]).get_area_display()
        if area not in old_clauses:
            change = "added"
        elif area not in new_clauses:
            change = "removed"
        else:
            change = "same" if before == after else "changed"
        result.append(ClauseDiff(area, label, change, _segments(before, after)))
    return result


def _segments(before: str, after: str) -> list[tuple[str, str]]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", before[i1:i2]))
        else:
            if i2 > i1:
                segments.append(("delete", before[i1:i2]))
            if j2 > j1:
                segments.append(("insert", after[j1:j2]))
    return segments
