"""Workers' congresses (职工代表大会 / 教职工代表大会): terms, representatives, sessions with agenda and check-in,
voting codes for signing in at the meeting, standing committees and democratic evaluation. docs/domain.md §2.3.

Votes are never stored here: an agenda item or an evaluation points at a voting.Poll, and the ballot engine
keeps who voted apart from what was voted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Member, Org
from gonghui.voting.models import Poll


class TermKind(models.TextChoices):
    WORKERS = "workers", _("职工代表大会")
    TEACHERS = "teachers", _("教职工代表大会")
    MEMBERS = "members", _("会员代表大会")
    ASSEMBLY = "assembly", _("职工大会")


class Term(models.Model):
    """第 N 届: one term of a union's congress. The workforce figures at election are the denominators of the
    composition checks (congress/rules.py); they are recorded, not computed, because the roster may not hold
    every employee."""

    node = models.ForeignKey(
        Org, verbose_name=_("工会"), on_delete=models.PROTECT, related_name="congress_terms"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=TermKind.choices, default=TermKind.WORKERS)
    number = models.PositiveSmallIntegerField(_("届次"))
    starts_on = models.DateField(_("任期开始"))
    ends_on = models.DateField(_("任期结束"))
    worker_count = models.PositiveIntegerField(_("职工总数"))
    women_worker_count = models.PositiveIntegerField(_("女职工人数"), default=0)
    manager_count = models.PositiveIntegerField(_("中层以上管理人员人数"), default=0)
    seats_planned = models.PositiveIntegerField(_("代表名额"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("职代会届次")
        ordering = ["node", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["node", "kind", "number"], name="congress_term_number_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="congress_term_dates"
            ),
            models.CheckConstraint(
                condition=Q(women_worker_count__lte=models.F("worker_count")),
                name="congress_term_women_le_workers",
            ),
        ]

    def __str__(self) -> str:
        return _("第%(number)s届%(kind)s") % {"number": self.number, "kind": self.get_kind_display()}


class RepresentativeStatus(models.TextChoices):
    ACTIVE = "active", _("在任")
    LEFT = "left", _("已离任")


class Representative(models.Model):
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="representatives")
    member = models.ForeignKey(Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    constituency = models.CharField(_("代表团/选区"), max_length=100)
    is_manager = models.BooleanField(_("中层以上管理人员"), default=False)
    is_frontline = models.BooleanField(_("一线职工"), default=False)
    is_teacher = models.BooleanField(_("教师"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=RepresentativeStatus.choices, default=RepresentativeStatus.ACTIVE
    )
    elected_on = models.DateField(_("当选日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("职工代表")
        ordering = ["term", "constituency", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "member"], name="congress_representative_once")
        ]

    def __str__(self) -> str:
        return self.member.name


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    OPEN = "open", _("签到进行中")
    CLOSED = "closed", _("已闭会")


class Session(models.Model):
    """第 N 次会议 of a term."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("会次"))
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("召开日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )

    class Meta:
        verbose_name = _("职代会会议")
        ordering = ["term", "-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="congress_session_number_unique")
        ]

    def __str__(self) -> str:
        return self.title


class AgendaKind(models.TextChoices):
    REPORT = "report", _("工作报告")
    CONTRACT_DRAFT = "contract_draft", _("集体合同草案")
    PLAN = "plan", _("计划")
    WELFARE = "welfare", _("福利事项")
    EVALUATION = "evaluation", _("评议")
    OTHER = "other", _("其他")


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("议题"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=AgendaKind.choices, default=AgendaKind.OTHER)
    poll = models.OneToOneField(
        Poll,
        verbose_name=_("表决"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_item",
    )

    class Meta:
        verbose_name = _("议程")
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="congress_agenda_position")
        ]

    def __str__(self) -> str:
        return self.title


class CheckInMethod(models.TextChoices):
    CODE = "code", _("签到码")
    QR = "qr", _("扫码")
    MANUAL = "manual", _("人工签到")


class CheckIn(models.Model):
    """Presence at a session. It is the attendance handed to the ballot engine, never linked to a ballot."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="checkins")
    representative = models.ForeignKey(Representative, on_delete=models.CASCADE, related_name="checkins")
    method = models.CharField(_("签到方式"), max_length=10, choices=CheckInMethod.choices)
    checked_in_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("签到")
        constraints = [
            models.UniqueConstraint(fields=["session", "representative"], name="congress_checkin_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.representative_id}"


class VotingCode(models.Model):
    """A sign-in code for one representative at one session. Only the SHA-256 digest of the code is stored
    (the code has ≥ 112 random bits, so a fast digest is safe and the lookup is one unique-index probe)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="voting_codes")
    representative = models.ForeignKey(Representative, on_delete=models.CASCADE, related_name="voting_codes")
    digest = models.CharField(max_length=64, unique=True)
    revoked = models.BooleanField(_("已作废"), default=False)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("签到码")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "representative"],
                condition=Q(revoked=False),
                name="congress_one_live_code",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.representative_id}"


class CommitteeKind(models.TextChoices):
    COMMITTEE = "committee", _("专门委员会")
    WORKING_GROUP = "working_group", _("工作小组")


class Committee(models.Model):
    """A standing committee or working group that acts for the congress between sessions."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="committees")
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(
        _("类型"), max_length=20, choices=CommitteeKind.choices, default=CommitteeKind.COMMITTEE
    )
    duties = models.TextField(_("职责"), blank=True)

    class Meta:
        verbose_name = _("专门委员会")
        ordering = ["term", "name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="congress_committee_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    post = models.CharField(_("职务"), max_length=50, default="委员")

    class Meta:
        verbose_name = _("委员")
        constraints = [
            models.UniqueConstraint(fields=["committee", "member"], name="congress_committee_member_once")
        ]

    def __str__(self) -> str:
        return self.member.name


class CommitteeRecord(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="records")
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("事项"), max_length=200)
    content = models.TextField(_("记录"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("活动记录")
        ordering = ["committee", "-held_on"]

    def __str__(self) -> str:
        return self.title


class Evaluation(models.Model):
    """民主评议 at a session: one secret rating poll with one question per cadre (in `position` order)."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="evaluation")
    title = models.CharField(_("评议名称"), max_length=200)
    poll = models.OneToOneField(
        Poll, null=True, blank=True, on_delete=models.PROTECT, related_name="congress_evaluation"
    )

    class Meta:
        verbose_name = _("民主评议")

    def __str__(self) -> str:
        return self.title


class EvaluatedCadre(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="cadres")
    position = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100)
    # The cadre's own account, so they may read their own result.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("被评议人")
        ordering = ["evaluation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "position"], name="congress_cadre_position_unique")
        ]

    def __str__(self) -> str:
        return self.name
