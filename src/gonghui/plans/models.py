"""Annual work plans (年度工作计划) of a union or a federation, and the items they are made of.

A plan: draft → adopted (by a union committee meeting, or by a congress session through an agenda item) → in
progress → closed. Once adopted, a change is a new version with its reason; the versions before stay readable
as snapshots. Items form a tree numbered in the Chinese style (一、（一）1.（1）) from their level and position;
each has an owner, milestones, repeating occurrences, targets, and optionally a link to a progress provider
(core.registry.PROGRESS_PROVIDERS) from which its progress is counted, never typed in.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.congress.models import AgendaItem
from gonghui.meetings.models import CommitteeMeeting
from gonghui.orgs.models import Org


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ADOPTED = "adopted", _("已通过")
    IN_PROGRESS = "in_progress", _("执行中")
    CLOSED = "closed", _("已结束")


class Plan(models.Model):
    node = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(_("状态"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)
    adopted_at_meeting = models.ForeignKey(
        CommitteeMeeting,
        verbose_name=_("通过的工会委员会会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_at_agenda = models.ForeignKey(
        AgendaItem,
        verbose_name=_("通过的职代会议程"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # None: imported by the server's operator (`gonghui import-plan`), as the audit log records it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("年度工作计划")
        ordering = ["-year", "node__path"]
        constraints = [
            models.UniqueConstraint(fields=["node", "year"], name="plan_one_per_node_and_year"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(adopted_on__isnull=False), name="plan_adopted_has_date"
            ),
            models.CheckConstraint(
                condition=~(Q(adopted_at_meeting__isnull=False) & Q(adopted_at_agenda__isnull=False)),
                name="plan_adopted_by_one_body",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        """Items change freely in a draft; after adoption only once a new version was opened with its reason
        (plan_new_version): the changes then belong to that version, the one before it kept as a snapshot."""
        return self.status == PlanStatus.DRAFT or (self.status != PlanStatus.CLOSED and self.version > 1)


class PlanVersion(models.Model):
    """The plan as it stood before a change after adoption: its items as a snapshot, and why it changed.

    `number` is the version the new one replaces; the current version is the plan itself."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    reason = models.CharField(_("修订原因"), max_length=500)
    snapshot = models.JSONField(_("原计划内容"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("计划历史版本")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_once")]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class OwnerKind(models.TextChoices):
    PERSON = "person", _("个人")
    COMMITTEE = "committee", _("委员会")
    UNIT = "unit", _("单位")


class Repeat(models.TextChoices):
    NONE = "", _("不重复")
    MONTHLY = "monthly", _("每月")
    TWICE_MONTHLY = "twice_monthly", _("每月两次")
    BIWEEKLY = "biweekly", _("每两周")
    QUARTERLY = "quarterly", _("每季度")
    YEARLY = "yearly", _("每年")
    BIENNIAL = "biennial", _("每两年")


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    # Level 1–4 (一、（一）1.（1）) and the place among its siblings: the number is computed from both.
    level = models.PositiveSmallIntegerField(_("层级"))
    position = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("内容"), max_length=500)
    owner_kind = models.CharField(_("责任主体"), max_length=20, choices=OwnerKind.choices, blank=True)
    owner_name = models.CharField(_("责任人/部门"), max_length=100, blank=True)
    repeat = models.CharField(_("重复"), max_length=20, choices=Repeat.choices, blank=True)
    provider = models.CharField(_("进度来源"), max_length=60, blank=True)
    provider_params = models.JSONField(_("进度来源参数"), default=dict, blank=True)
    # A federation item sent down to every unit below it (各校工会要…): each unit's plan gets a copy whose
    # `source` is this item; the federation's board reads the copies.
    cascade = models.BooleanField(_("下达各单位"), default=False)
    source = models.ForeignKey(
        "self",
        verbose_name=_("上级计划条目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )

    class Meta:
        verbose_name = _("计划条目")
        ordering = ["plan", "level", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=4), name="plan_item_level_1_4"),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="milestones")
    due = models.DateField(_("完成期限"))
    title = models.CharField(_("节点"), max_length=200, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("时间节点")
        ordering = ["item", "due", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.due}"


class Occurrence(models.Model):
    """One time a repeating item falls due (每月… → twelve), ticked when its progress shows it was done."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="occurrences")
    due = models.DateField(_("应完成日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("重复事项")
        ordering = ["item", "due"]
        constraints = [models.UniqueConstraint(fields=["item", "due"], name="plan_occurrence_once")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.due}"


class Target(models.Model):
    """A quantity the item aims at (次, 人次, 名, %, 元) or, from an imported summary, one it reports reached."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="targets")
    quantity = models.DecimalField(_("数量"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=10)
    result = models.BooleanField(_("已报告完成数"), default=False)

    class Meta:
        verbose_name = _("量化目标")
        ordering = ["item", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=0), name="plan_target_not_negative")]

    def __str__(self) -> str:
        return f"{self.quantity}{self.unit}"


def evidence_path(note, filename: str) -> str:
    return f"plans/{note.item.plan_id}/{filename}"


class ProgressNote(models.Model):
    """A dated note a cadre adds to an item (what was done), with an optional evidence file."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="notes")
    on = models.DateField(_("日期"))
    text = models.CharField(_("进展情况"), max_length=1000)
    evidence = models.FileField(_("佐证材料"), upload_to=evidence_path, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("进展记录")
        ordering = ["item", "-on", "-id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.on}"
