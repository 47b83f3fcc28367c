"""From the agreed draft to an agreement in force: the workers' review vote and its outcome, signing, filing
with the labour administration, objection or approval, taking effect (by itself once the objection period
passes), and publication to the workers."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.congress.selectors import current_representatives
from gonghui.core.errors import DomainError
from gonghui.orgs.models import Member, MemberStatus
from gonghui.orgs.selectors import member_scope_q
from gonghui.voting import rules as voting_rules
from gonghui.voting import services as voting
from gonghui.voting.models import Policy, PollKind, PollStatus, QuestionForm
from gonghui.voting.selectors import poll_verdict, thresholds_for

from .. import selectors
from ..models import Agreement, Decision, Level, StepKind
from ..selectors import due_date
from ._common import S, _audit, _expect, _locked, _not_before, _not_future, _require_manager, _step
from .agreements import check_term

# --- Review by the workers -----------------------------------------------------------------------------


def review_electorate(agreement: Agreement) -> list[Member]:
    """The congress's current representatives; without a congress term, all active members (职工大会).

    A regional or industry contract goes to the regional or industry congress where one sits, else to the
    workers of the enterprises it binds, never to members of other enterprises under the federation
    (《浙江省集体合同条例》第二十九条; 《上海市集体合同条例》第二十八条、第三十条)."""
    representatives = current_representatives(agreement.node)
    if representatives.exists():
        return [r.member for r in representatives]
    members = Member.objects.filter(member_scope_q(agreement.node), status=MemberStatus.ACTIVE)
    if agreement.level != Level.ENTERPRISE:
        members = members.filter(enterprise__agreement_coverage__agreement=agreement)
    return list(members.distinct())


def review_open(*, actor, agreement: Agreement, on: date | None = None) -> Agreement:
    """Put the agreed draft to the workers' congress (or all workers) as a vote of the ballot engine. The poll
    is created as a draft with its electorate; tellers are named, and it is opened, closed and certified, on
    the voting pages."""
    _require_manager(actor, agreement)
    on = on or timezone.localdate()
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.AGREED, doing=_("提交审议"))
        electorate = review_electorate(agreement)
        if not electorate:
            raise DomainError(
                _("本工会没有在任职工代表，也没有在会会员，无法组织审议表决。"), code="electorate"
            )
        draft = agreement.drafts.order_by("-number").first()
        poll = voting.poll_create(
            actor=actor,
            node=agreement.node,
            title=_("审议《%(title)s》草案") % {"title": agreement.title},
            questions=[
                {
                    "text": _("是否同意《%(title)s》（%(draft)s）？")
                    % {"title": agreement.title, "draft": draft},
                    "form": QuestionForm.YES_NO,
                    "options": [],
                    "seats": 1,
                }
            ],
            kind=PollKind.AGREEMENT_REVIEW,
            policy=Policy.CONGRESS,
            # A secret ballot of fewer voters than the engine publishes results for could never record an
            # outcome; so small a meeting votes openly (记名), as the poll page says.
            secret=len(electorate) >= voting_rules.DEFAULT_MIN_GROUP_SIZE,
        )
        voting.electorate_set(actor=actor, poll=poll, members=electorate)
        agreement.status = S.IN_REVIEW
        agreement.review_poll = poll
        _step(agreement, StepKind.REVIEW_OPENED, on, actor, note=poll.title)
        _audit(actor, "review_open", agreement, poll=poll.pk, electorate=len(electorate))
    return agreement


def review_outcome(agreement: Agreement) -> tuple[bool, str]:
    """Pass or fail of a certified review vote: the poll's own verdict, which applies the agreement rules of
    the union's jurisdiction in force on the day of the vote (rules.APPROVAL_ATTENDANCE, APPROVAL_MAJORITY:
    ⅔ present, and "半数以上" (≥ ½) or in Zhejiang "过半数" (> ½) of ALL representatives or workers)."""
    poll = agreement.review_poll
    verdict = poll_verdict(poll).questions[0]
    passed = bool(verdict.passed)
    if (
        verdict.counts is None
    ):  # fewer ballots than the poll publishes counts for: the outcome and its rule only
        reason = _("依据%(cite)s") % {"cite": thresholds_for(poll).congress_majority.cite}
    else:
        reason = verdict.reason
    return passed, (_("获得通过：%(why)s") if passed else _("未获通过：%(why)s")) % {"why": reason}


def review_record(*, actor, agreement: Agreement, on: date | None = None) -> tuple[Agreement, bool]:
    """Apply the certified result: approved → awaiting signatures; failed → back to negotiation, with the
    re-submission clock where the jurisdiction sets one (浙江条例第二十四条)."""
    _require_manager(actor, agreement)
    on = on or timezone.localdate()
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.IN_REVIEW, doing=_("登记审议结果"))
        if agreement.review_poll.status != PollStatus.CERTIFIED:
            raise DomainError(
                _("审议表决尚未结束或计票结果尚未经监票人确认，请在表决页面完成后再登记。"),
                code="not_certified",
            )
        passed, reason = review_outcome(agreement)
        if passed:
            agreement.status = S.APPROVED
            agreement.approved_on = on
            agreement.review_due = None
            _step(agreement, StepKind.REVIEW_PASSED, on, actor, Decision.APPROVE, reason)
        else:
            agreement.status = S.NEGOTIATING
            agreement.agreed_on = None
            agreement.review_due = due_date(agreement, "agreement.resubmission", on)
            _step(agreement, StepKind.REVIEW_FAILED, on, actor, Decision.REJECT, reason)
        _audit(actor, "review_record", agreement, passed=passed, poll=agreement.review_poll_id)
    return agreement, passed


# --- Signing, filing, effect, publication ------------------------------------------------------------


def agreement_sign(
    *,
    actor,
    agreement: Agreement,
    signed_on: date,
    starts_on: date | None = None,
    ends_on: date | None = None,
    notice_received_on: date | None = None,
) -> Agreement:
    """Record both chiefs' signatures; starts the filing clock (rules.FILING). Either side may record it.

    In Shanghai the clock runs from the employer's receipt of the workers' written notice that the congress
    approved the draft (《上海市集体合同条例》第二十三条), so that date is required there; elsewhere it is not
    asked for and not kept."""
    if not selectors.acts_for_employer(actor, agreement):
        _require_manager(actor, agreement)
    _not_future(signed_on)
    if notice_received_on is not None:
        _not_future(notice_received_on)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.APPROVED, doing=_("签字"))
        _not_before(signed_on, agreement.approved_on, _("审议通过日期"))
        if starts_on is not None:
            agreement.starts_on = starts_on
        if ends_on is not None:
            agreement.ends_on = ends_on
        if agreement.starts_on is None or agreement.ends_on is None:
            raise DomainError(_("签字前请填写合同期限（起始日期和终止日期）。"), code="term")
        check_term(agreement)
        chiefs = agreement.negotiators.filter(left_on__isnull=True, is_chief=True).order_by("side")
        if chiefs.count() != 2:
            raise DomainError(_("双方须各有一名在任的首席代表才能签字。"), code="chiefs")
        if selectors.filing_from_notice(agreement, signed_on):
            if notice_received_on is None:
                raise DomainError(
                    _("本地报送期限自企业收到职工方书面告知之日起计算，请填写企业收到书面告知的日期。"),
                    code="notice_received_on",
                )
            _not_before(notice_received_on, agreement.approved_on, _("审议通过日期"))
        else:
            notice_received_on = None
        _count_at_signing(agreement)
        agreement.status = S.SIGNED
        agreement.signed_on = signed_on
        agreement.notice_received_on = notice_received_on
        agreement.filing_due = due_date(agreement, "agreement.filing", selectors.filing_start(agreement))
        _step(agreement, StepKind.SIGNED, signed_on, actor, note="、".join(c.name for c in chiefs))
        _audit(actor, "sign", agreement, on=signed_on, starts=agreement.starts_on, ends=agreement.ends_on)
    return agreement


def _count_at_signing(agreement: Agreement) -> None:
    """覆盖率 counts the workers the agreement binds when it is signed: a workforce that grew or shrank
    between drafting and signing is taken as it stands on the day of signing."""
    total = women = 0
    for row in agreement.coverage.select_related("enterprise"):
        row.worker_count = row.enterprise.worker_count
        row.women_worker_count = min(row.enterprise.women_worker_count, row.worker_count)
        row.save(update_fields=["worker_count", "women_worker_count"])
        total, women = total + row.worker_count, women + row.women_worker_count
    agreement.covered_workers, agreement.women_covered = total, women


def agreement_file(
    *, actor, agreement: Agreement, filed_on: date, authority: str = "", received_on: date | None = None
) -> Agreement:
    """Submitted to the labour administration; the objection period starts (rules.REVIEW) on the day the
    administration received the text (《劳动合同法》第五十四条), which the union learns from its receipt;
    in Beijing on the filing day itself (北京 第三十九条), where `received_on` is not kept.

    Without `received_on` the text is taken as handed in on the filing day; a posted text is recorded once
    the administration's receipt gives the day it arrived."""
    if not selectors.acts_for_employer(actor, agreement):
        _require_manager(actor, agreement)
    _not_future(filed_on)
    if received_on is not None:
        _not_future(received_on)
        _not_before(received_on, filed_on, _("报送日期"))
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.SIGNED, doing=_("登记报送审查"))
        _not_before(filed_on, agreement.signed_on, _("签字日期"))
        agreement.status = S.FILED
        agreement.filed_on = filed_on
        agreement.received_on = (
            (received_on or filed_on) if selectors.review_from_receipt(agreement, filed_on) else None
        )
        agreement.filing_authority = (authority or "").strip()
        agreement.objection_due = due_date(agreement, "agreement.review", selectors.review_start(agreement))
        late = agreement.filing_due is not None and filed_on > agreement.filing_due
        _step(agreement, StepKind.FILED, filed_on, actor, note=_("逾期报送") if late else "")
        _audit(actor, "file", agreement, on=filed_on, received=agreement.received_on, late=late)
    return agreement


def objection_record(*, actor, agreement: Agreement, on: date, note: str) -> Agreement:
    """The administration objected within the period: back to negotiation; signing and filing start over."""
    _require_manager(actor, agreement)
    if not (note or "").strip():
        raise DomainError(_("请摘录审查意见书的意见。"))
    _not_future(on)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.FILED, doing=_("登记审查异议"))
        _not_before(on, selectors.review_start(agreement), _("审查机关收到文本日期"))
        if agreement.objection_due is not None and on > agreement.objection_due:
            raise DomainError(
                _("异议期已于 %(due)s 届满，此后提出的意见不影响合同生效。")
                % {"due": agreement.objection_due},
                code="late_objection",
            )
        agreement.status = S.NEGOTIATING
        for field in (
            "agreed_on",
            "approved_on",
            "signed_on",
            "notice_received_on",
            "filing_due",
            "filed_on",
            "received_on",
            "objection_due",
        ):
            setattr(agreement, field, None)
        _step(agreement, StepKind.OBJECTION, on, actor, Decision.REJECT, note.strip())
        _audit(actor, "objection", agreement, on=on)
    return agreement


def _make_effective(agreement: Agreement, on: date, actor, note: str) -> None:
    agreement.status = S.EFFECTIVE
    agreement.effective_on = on
    agreement.publication_due = due_date(agreement, "agreement.publication", on)
    _step(agreement, StepKind.EFFECTIVE, on, actor, note=note)
    if agreement.renews_id:
        old = Agreement.objects.select_for_update().get(pk=agreement.renews_id)
        if old.status not in (S.RENEWED, S.ENDED):
            old.status = S.RENEWED
            old.ended_on = on
            _step(old, StepKind.RENEWED, on, actor, note=agreement.title)


def approval_record(*, actor, agreement: Agreement, on: date, note: str = "") -> Agreement:
    """The administration approved before the period ended (审查同意): effective on that day."""
    _require_manager(actor, agreement)
    _not_future(on)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.FILED, doing=_("登记审查同意"))
        _not_before(on, agreement.filed_on, _("报送日期"))
        _make_effective(agreement, on, actor, note.strip() or _("审查同意"))
        _audit(actor, "effective", agreement, on=on)
    return agreement


def effective_sweep(*, today: date) -> list[Agreement]:
    """Filed agreements whose objection period has passed without objection take effect the next day
    (劳动合同法第五十四条). Run daily; a second run finds nothing to do."""
    done = []
    for pk in Agreement.objects.filter(status=S.FILED, objection_due__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            agreement = _locked(Agreement(pk=pk))
            if agreement.status != S.FILED:
                continue
            on = agreement.objection_due + timedelta(days=1)
            _make_effective(agreement, on, None, _("审查期满未提出异议，自动生效"))
            _audit(None, "effective", agreement, on=on, automatic=True)
        done.append(agreement)
    return done


def agreement_publish(*, actor, agreement: Agreement, on: date, note: str = "") -> Agreement:
    """Published to all workers (规定第四十八条; Zhejiang: within 5 working days). The note says how."""
    _require_manager(actor, agreement)
    if not (note or "").strip():
        raise DomainError(_("请写明公布方式，例如厂务公开栏、内网、职工大会宣读。"))
    _not_future(on)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.EFFECTIVE, doing=_("登记公布"))
        _not_before(on, agreement.effective_on, _("生效日期"))
        agreement.status = S.IN_FORCE
        agreement.published_on = on
        _step(agreement, StepKind.PUBLISHED, on, actor, note=note.strip())
        _audit(actor, "publish", agreement, on=on)
    return agreement
