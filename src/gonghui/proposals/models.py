"""Proposals (提案) of workers' congress representatives, and the steps each one went through.

One issue flow (docs/domain.md §4 item 4): submitted → the proposal committee accepts it (立案) or turns it into an
opinion (转为意见建议) → accepted: assigned to a department and a handler with a deadline → answered → the
proposer rates the answer → closed. An unsatisfied rating sends it back to the handler once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.congress.models import Representative, Session
from gonghui.core.calendar import estimated


class Category(models.TextChoices):
    WAGES = "wages", _("工资福利")
    SAFETY = "safety", _("劳动安全")
    DEMOCRACY = "democracy", _("民主管理")
    LIVING = "living", _("生活后勤")
    OTHER = "other", _("其他")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审查")
    CONVERTED = "converted", _("已转为意见建议")
    ACCEPTED = "accepted", _("已立案待交办")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复待评价")
    CLOSED = "closed", _("已办结")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Proposal(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="proposals"
    )
    number = models.PositiveIntegerField(_("编号"))
    proposer = models.ForeignKey(
        Representative, verbose_name=_("提案人"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("案由"), max_length=200)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    body = models.TextField(_("理由和建议"), max_length=5000)
    status = models.CharField(
        _("状态"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    conversion_reason = models.CharField(_("转为意见建议的理由"), max_length=500, blank=True)
    department = models.CharField(_("承办部门"), max_length=100, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_proposals",
    )
    deadline = models.DateField(_("答复期限"), null=True, blank=True)
    # The day the default answer period (rules.ANSWER_DEADLINE) ran from, when the deadline was counted by the
    # rule; empty when the committee chose another date. A counted deadline in a year whose holiday schedule is
    # not known yet is an estimate (预估), counted again when the year is added (services.deadlines_recompute).
    deadline_counted_from = models.DateField(_("答复期限起算日"), null=True, blank=True)
    answer = models.TextField(_("答复意见"), max_length=5000, blank=True)
    measures = models.TextField(_("落实措施"), max_length=5000, blank=True)
    # Whether the first answer came by the first deadline: the on-time rate counts it, not the re-answer.
    answered_on_time = models.BooleanField(_("按期答复"), null=True, blank=True)
    # An unsatisfied proposer may send the answer back once; the second unsatisfied rating closes it.
    returned = models.BooleanField(_("已退回重办"), default=False)
    rating = models.CharField(_("评价"), max_length=20, choices=Rating.choices, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("提案")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="proposal_number_per_session"),
            models.CheckConstraint(
                condition=~Q(status="assigned") | (Q(handler__isnull=False) & Q(deadline__isnull=False)),
                name="proposal_assigned_has_handler_and_deadline",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="proposal_status_deadline")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        """提案 2026-001: the year of the meeting and the number within it."""
        return f"{self.session.held_on.year}-{self.number:03d}"

    @property
    def deadline_provisional(self) -> bool:
        """The deadline was counted on a year whose holiday schedule is not known yet (core.calendar)."""
        return (
            self.deadline is not None and self.deadline_counted_from is not None and estimated(self.deadline)
        )

    @property
    def deadline_text(self) -> str:
        """The deadline as notices write it: "2027-01-07", or "2027-01-07（预估）" while an estimate."""
        if self.deadline is None:
            return ""
        if self.deadline_provisional:
            return _("%(day)s（预估）") % {"day": self.deadline.isoformat()}
        return self.deadline.isoformat()

    def is_overdue(self, today) -> bool:
        return self.status == ProposalStatus.ASSIGNED and self.deadline is not None and self.deadline < today


class Cosigner(models.Model):
    """附议: a representative of the same term backing the proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    representative = models.ForeignKey(
        Representative, verbose_name=_("附议人"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("附议")
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "representative"], name="proposal_cosign_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.representative_id}"


class StepKind(models.TextChoices):
    SUBMIT = "submit", _("提交")
    COSIGN = "cosign", _("附议")
    ACCEPT = "accept", _("立案")
    CONVERT = "convert", _("转为意见建议")
    ASSIGN = "assign", _("交办")
    ANSWER = "answer", _("答复")
    RATE = "rate", _("评价")
    RETURN = "return", _("退回重办")
    CLOSE = "close", _("办结")


class Step(models.Model):
    """One dated step with who took it: the proposal's timeline."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("环节"), max_length=20, choices=StepKind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办理人"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("提案办理环节")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.kind}"
