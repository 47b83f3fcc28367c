"""Collective contracts and special agreements (集体合同, 专项集体合同): their life from drafting to renewal,
docs/domain.md §2.1.

An Agreement moves through AgreementStatus in the order the law sets; every move is a Step row (who, when,
decision, note), written by services.py only. The dates the statistics and reminders need (offered, signed,
filed, effective, term) are fields on the Agreement, with the due dates computed from the union's rule pack
stored beside them, so "late filings" and "expiring within 90 days" are plain queries.

Coverage rows list the enterprises an agreement binds with their worker counts: one row for an enterprise
agreement, many for a regional or industry one (劳动合同法 第五十三条、第五十四条).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.calendar import estimated
from gonghui.orgs.models import Enterprise, Member, Org, OrgCategory
from gonghui.voting.models import Poll


class AgreementKind(models.Model):
    """综合集体合同 and the special agreements. The four built-ins are seeded by migration 0002; an
    administrator adds others (e.g. 技能人才专项)."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    is_special = models.BooleanField(_("专项集体合同"), default=True)
    builtin = models.BooleanField(_("内置"), default=False, editable=False)
    position = models.PositiveSmallIntegerField(_("排序"), default=100)

    COMPREHENSIVE = "comprehensive"
    WAGE = "wage"
    WOMEN = "women"
    SAFETY = "safety"

    class Meta:
        verbose_name = _("合同种类")
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="agreement_kind_name_not_empty")]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    REGIONAL = "regional", _("区域性")
    INDUSTRY = "industry", _("行业性")


class AgreementStatus(models.TextChoices):
    """The states in the order the law sets. EXPIRING is entered by the daily sweep when the renewal window
    opens; RENEWED and ENDED are final."""

    DRAFTING = "drafting", _("起草中")
    DISCUSSED = "discussed", _("工会委员会已讨论")
    OFFERED = "offered", _("已发出协商要约")
    NEGOTIATING = "negotiating", _("协商中")
    AGREED = "agreed", _("草案协商一致")
    IN_REVIEW = "in_review", _("职代会审议中")
    APPROVED = "approved", _("审议通过，待签字")
    SIGNED = "signed", _("已签字，待报送")
    FILED = "filed", _("已报送审查")
    EFFECTIVE = "effective", _("已生效，待公布")
    IN_FORCE = "in_force", _("履行中")
    EXPIRING = "expiring", _("即将期满")
    RENEWED = "renewed", _("已续订")
    ENDED = "ended", _("已终止")


# Before the offer the employer has no business seeing the union's preparations.
PRE_OFFER = (AgreementStatus.DRAFTING, AgreementStatus.DISCUSSED)
# While the text may still change: new drafts, comments, points for the table.
TEXT_OPEN = (
    AgreementStatus.DRAFTING,
    AgreementStatus.DISCUSSED,
    AgreementStatus.OFFERED,
    AgreementStatus.NEGOTIATING,
)
# From effect until expiry the agreement binds the enterprises it covers.
BINDING = (AgreementStatus.EFFECTIVE, AgreementStatus.IN_FORCE, AgreementStatus.EXPIRING)


class Agreement(models.Model):
    node = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.PROTECT, related_name="agreements")
    kind = models.ForeignKey(
        AgreementKind, verbose_name=_("种类"), on_delete=models.PROTECT, related_name="agreements"
    )
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices, default=Level.ENTERPRISE)
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFTING
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("续订自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
    )
    employer_name = models.CharField(_("行政方/企业方名称"), max_length=200, blank=True)

    # Term (期限): 1–3 years (rules.TERM_MIN, TERM_MAX), checked when the dates are set.
    starts_on = models.DateField(_("起始日期"), null=True, blank=True)
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)

    # Key figures for the statistics. Covered counts are the sums of the Coverage rows, kept by the service
    # that writes them, so federation totals are one SUM over agreements.
    wage_increase_pct = models.DecimalField(
        _("工资增长幅度（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    minimum_wage = models.DecimalField(
        _("企业最低工资（元/月）"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    covered_workers = models.PositiveIntegerField(_("覆盖职工人数"), default=0)
    women_covered = models.PositiveIntegerField(_("覆盖女职工人数"), default=0)

    # The clocks. *_due is computed from the rule pack when its clock starts (services.py) and kept, so the
    # page shows the date the parties were given even if a rule changes later.
    offered_on = models.DateField(_("要约日期"), null=True, blank=True)
    offer_reply_due = models.DateField(_("要约答复期限"), null=True, blank=True)
    answered_on = models.DateField(_("要约答复日期"), null=True, blank=True)
    agreed_on = models.DateField(_("协商一致日期"), null=True, blank=True)
    review_due = models.DateField(_("提交审议期限"), null=True, blank=True)
    review_poll = models.ForeignKey(
        Poll, verbose_name=_("审议表决"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(_("审议通过日期"), null=True, blank=True)
    signed_on = models.DateField(_("签字日期"), null=True, blank=True)
    # Shanghai counts filing from the employer's receipt of the workers' written notice (rules.FILING_FROM_NOTICE).
    notice_received_on = models.DateField(_("企业收到书面告知日期"), null=True, blank=True)
    filing_due = models.DateField(_("报送期限"), null=True, blank=True)
    filed_on = models.DateField(_("报送审查日期"), null=True, blank=True)
    filing_authority = models.CharField(_("审查机关"), max_length=100, blank=True)
    # The objection period runs from the administration's receipt of the text, except in Beijing, where it runs
    # from the filing itself (rules.REVIEW_FROM_FILING); None there.
    received_on = models.DateField(_("审查机关收到文本日期"), null=True, blank=True)
    objection_due = models.DateField(_("审查异议期限"), null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    publication_due = models.DateField(_("公布期限"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期（实际）"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("集体合同")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["node", "status"]),
            models.Index(fields=["status", "ends_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="agreement_title_not_empty"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gt=models.F("starts_on")),
                name="agreement_term_order",
            ),
            models.CheckConstraint(
                condition=Q(women_covered__lte=models.F("covered_workers")), name="agreement_women_le_workers"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_binding(self) -> bool:
        return self.status in BINDING

    @property
    def filing_due_provisional(self) -> bool:
        """The filing deadline is an estimate: its year's holiday schedule is not known yet (core.calendar)."""
        return self.filing_due is not None and estimated(self.filing_due)

    @property
    def objection_due_provisional(self) -> bool:
        return self.objection_due is not None and estimated(self.objection_due)


class Coverage(models.Model):
    """An enterprise the agreement binds, with its workforce: recorded when the agreement is drafted and taken
    again when it is signed (the figure 覆盖率 counts)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="coverage")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="agreement_coverage"
    )
    worker_count = models.PositiveIntegerField(_("职工人数"))
    women_worker_count = models.PositiveIntegerField(_("女职工人数"), default=0)

    class Meta:
        verbose_name = _("覆盖企业")
        ordering = ["agreement", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "enterprise"], name="coverage_once"),
            models.CheckConstraint(
                condition=Q(women_worker_count__lte=models.F("worker_count")),
                name="coverage_women_le_workers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} / {self.enterprise}"


class StepKind(models.TextChoices):
    DRAFTED = "drafted", _("起草")
    COMMITTEE = "committee", _("工会委员会讨论")
    OFFERED = "offered", _("发出协商要约")
    ANSWERED = "answered", _("行政方书面答复")
    TEAMS = "teams", _("确定协商代表")
    MEETING = "meeting", _("协商会议")
    AGREED = "agreed", _("草案协商一致")
    REVIEW_OPENED = "review_opened", _("提交职代会审议")
    REVIEW_PASSED = "review_passed", _("审议通过")
    REVIEW_FAILED = "review_failed", _("审议未通过，重新协商")
    SIGNED = "signed", _("双方首席代表签字")
    FILED = "filed", _("报送审查")
    OBJECTION = "objection", _("审查机关提出异议，重新协商")
    EFFECTIVE = "effective", _("生效")
    PUBLISHED = "published", _("向全体职工公布")
    PERFORMANCE = "performance", _("履约检查")
    EXPIRING = "expiring", _("进入续订期")
    RENEWED = "renewed", _("续订")
    ENDED = "ended", _("终止")


class Decision(models.TextChoices):
    NONE = "", _("—")
    APPROVE = "approve", _("同意")
    REJECT = "reject", _("不同意")


class Step(models.Model):
    """One dated step of the life of an agreement: the record the law asks to be kept (台账)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("环节"), max_length=20, choices=StepKind.choices)
    on = models.DateField(_("日期"))
    # Null for the daily sweep (effect after the review period, the renewal window opening).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("决定"), max_length=10, choices=Decision.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("办理环节")
        ordering = ["agreement", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Side(models.TextChoices):
    WORKERS = "workers", _("职工方")
    EMPLOYER = "employer", _("企业方")


def employer_party(agreement: "Agreement") -> str:
    """What the employer's side is called in the texts: a school is not an enterprise (学校方, not 企业方)."""
    category = agreement.node.category
    if category in (OrgCategory.SCHOOL, OrgCategory.EDUCATION):
        return str(_("学校方"))
    if category == OrgCategory.INSTITUTION:
        return str(_("单位方"))
    return str(Side.EMPLOYER.label)


class Negotiator(models.Model):
    """A bargaining representative (协商代表). Leaving opens a vacancy to be filled within rules.VACANCY_FILL."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="negotiators")
    side = models.CharField(_("方"), max_length=10, choices=Side.choices)
    name = models.CharField(_("姓名"), max_length=50)
    member = models.ForeignKey(
        Member, verbose_name=_("会员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField(_("职务"), max_length=100, blank=True)
    is_chief = models.BooleanField(_("首席代表"), default=False)
    is_outside_expert = models.BooleanField(_("本单位以外专业人员"), default=False)
    appointed_on = models.DateField(_("确定日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)
    fill_due = models.DateField(_("补缺期限"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    class Meta:
        verbose_name = _("协商代表")
        ordering = ["agreement", "side", "-is_chief", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(is_chief=True) & Q(is_outside_expert=True)),
                name="negotiator_chief_not_outsider",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="negotiator_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.left_on is None


class Meeting(models.Model):
    """A bargaining session with its minutes, taken by a note-taker who is not a negotiator (规定第三十三条)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    note_taker = models.CharField(_("记录员"), max_length=50)
    minutes = models.TextField(_("会议纪要"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("协商会议")
        ordering = ["agreement", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.agreement}"


class ContentArea(models.TextChoices):
    """The content areas of a collective contract (集体合同规定 第八条 ff.; 劳动合同法 第五十一条)."""

    PAY = "pay", _("劳动报酬")
    HOURS = "hours", _("工作时间")
    REST = "rest", _("休息休假")
    SAFETY = "safety", _("劳动安全卫生")
    WELFARE = "welfare", _("补充保险和福利")
    WOMEN_MINORS = "women_minors", _("女职工和未成年工特殊保护")
    TRAINING = "training", _("职业技能培训")
    CONTRACTS = "contracts", _("劳动合同管理")
    DISCIPLINE = "discipline", _("奖惩")
    LAYOFFS = "layoffs", _("裁员")
    TERM = "term", _("集体合同期限")
    CHANGES = "changes", _("变更、解除、终止集体合同的程序")
    DISPUTES = "disputes", _("履行集体合同发生争议时的协商处理办法")
    LIABILITY = "liability", _("违反集体合同的责任")
    OTHER = "other", _("双方认为应当协商的其他内容")


class Draft(models.Model):
    """One version of the text. Versions are never edited once a later one exists: each is the record of what
    a side put on the table."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="drafts")
    number = models.PositiveSmallIntegerField(_("稿次"))
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("草案版本")
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="draft_number_unique")]

    def __str__(self) -> str:
        return _("第%(number)s稿") % {"number": self.number}


class Clause(models.Model):
    """A chapter of a draft: one content area, its articles as text (one article per paragraph)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="clauses")
    area = models.CharField(_("内容"), max_length=20, choices=ContentArea.choices)
    position = models.PositiveSmallIntegerField(_("章序"))
    text = models.TextField(_("条款"))

    class Meta:
        verbose_name = _("条款")
        ordering = ["draft", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "area"], name="clause_area_once_per_draft"),
        ]

    def __str__(self) -> str:
        return self.get_area_display()


class ClauseComment(models.Model):
    """A worker representative's comment on one clause of a draft."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("意见"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("条款意见")
        ordering = ["clause", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:30]


class Point(models.Model):
    """A point raised for the bargaining table (协商议题); a later draft records that it took it up."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="points")
    area = models.CharField(_("内容"), max_length=20, choices=ContentArea.choices)
    text = models.CharField(_("议题"), max_length=300)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    comment = models.ForeignKey(
        ClauseComment, null=True, blank=True, on_delete=models.SET_NULL, related_name="points"
    )
    taken_up_in = models.ForeignKey(
        Draft,
        verbose_name=_("采纳于"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points_taken_up",
    )

    class Meta:
        verbose_name = _("协商议题")
        ordering = ["agreement", "raised_at", "pk"]

    def __str__(self) -> str:
        return self.text


class Fulfilment(models.TextChoices):
    FULFILLED = "fulfilled", _("全面履行")
    PARTLY = "partly", _("基本履行")
    NOT = "not", _("未履行")


class PerformanceCheck(models.Model):
    """The yearly check of performance reported to the congress (浙江条例第三十七条, 北京条例第四十一条)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="checks")
    year = models.PositiveSmallIntegerField(_("年度"))
    checked_on = models.DateField(_("检查日期"))
    result = models.CharField(_("履约情况"), max_length=10, choices=Fulfilment.choices)
    findings = models.TextField(_("检查情况"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("履约检查")
        ordering = ["agreement", "-year"]
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="one_check_per_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_result_display()}"


class EmployerLink(models.Model):
    """Which enterprise an employer representative speaks for. The role (Role.EMPLOYER_REP) is granted on the
    union node as usual; this row narrows what it reaches to the agreements covering that enterprise."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_links"
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="employer_links")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("行政方代表所属企业")
        constraints = [models.UniqueConstraint(fields=["user", "enterprise"], name="employer_link_once")]

    def __str__(self) -> str:
        return f"{self.user} → {self.enterprise}"


class Indicator(models.TextChoices):
    """The five rates federations set targets on for each kind of agreement (docs/domain.md §2.12). Their formulas
    (numerator, denominator, scope) are written down in agreements.stats, which shows them on the page."""

    SIGNING = "signing", _("签订率")
    REVIEW = "review", _("报审率")
    FILING = "filing", _("备案率")
    PERFORMANCE = "performance", _("履约率")
    COVERAGE = "coverage", _("覆盖率")


class AgreementTarget(models.Model):
    """A target of the federation's annual plan, e.g. 工资专项集体合同签订率 ≥ 90 % (docs/domain.md §2.12).
    It holds for the node's whole subtree unless a node below sets its own for the same year, kind and rate."""

    node = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.ForeignKey(
        AgreementKind, verbose_name=_("种类"), on_delete=models.PROTECT, related_name="targets"
    )
    indicator = models.CharField(_("指标"), max_length=20, choices=Indicator.choices)
    percent = models.DecimalField(_("目标值（%）"), max_digits=4, decimal_places=1)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("集体合同工作目标")
        ordering = ["node", "-year", "kind__position", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "year", "kind", "indicator"], name="agreement_target_once"
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="agreement_target_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.get_indicator_display()} ≥{self.percent}%"
