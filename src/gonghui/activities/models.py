"""Activities and trainings (活动与培训): kinds as data, the activities a union or federation runs, who signed up
(with a waiting list) and who came (人次, docs/glossary.md).

An attendance row is one person at one activity: 人次 counts rows, distinct people count members. The unit a
row counts for is the member's union when they came, so a later transfer does not move last year's counts.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Member, Org


class Audience(models.TextChoices):
    ALL = "all", _("全体会员")
    WOMEN = "women", _("女职工")
    YOUTH = "youth", _("青年职工")
    RETIREES = "retirees", _("退休职工")
    CADRES = "cadres", _("工会干部")
    REPRESENTATIVES = "representatives", _("职工代表")
    UNIT = "unit", _("指定分会/部门")


class ActivityKind(models.Model):
    """A kind of activity (三八, 安全培训, 外部活动 …): an administrator adds more; the seed is migration 0002."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    audience = models.CharField(
        _("默认参加对象"), max_length=20, choices=Audience.choices, default=Audience.ALL
    )
    is_training = models.BooleanField(_("属于培训"), default=False)
    waitlist = models.BooleanField(_("名额满后可候补"), default=True)
    external = models.BooleanField(_("外单位举办"), default=False)
    order = models.PositiveIntegerField(_("排序"), default=50)

    class Meta:
        verbose_name = _("活动类别")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


def _checkin_key() -> str:
    return secrets.token_urlsafe(12)


class Activity(models.Model):
    node = models.ForeignKey(Org, verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(ActivityKind, verbose_name=_("类别"), on_delete=models.PROTECT)
    title = models.CharField(_("名称"), max_length=100)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    organisers = models.CharField(_("主办"), max_length=200, blank=True)
    co_organisers = models.CharField(_("协办"), max_length=200, blank=True)
    audience = models.CharField(_("参加对象"), max_length=20, choices=Audience.choices, default=Audience.ALL)
    audience_unit = models.ForeignKey(
        Org, verbose_name=_("指定分会"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    audience_department = models.CharField(_("指定部门"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True)  # blank: no limit
    signup_opens = models.DateTimeField(_("报名开始"), null=True, blank=True)
    signup_closes = models.DateTimeField(_("报名截止"), null=True, blank=True)
    is_training = models.BooleanField(_("属于培训"), default=False)
    hours = models.DecimalField(_("培训学时"), max_digits=5, decimal_places=1, default=0)
    cost = models.DecimalField(_("费用（元）"), max_digits=12, decimal_places=2, default=0)
    # A federation's activity that the unions below enrol their people in (全区培训); counted by unit.
    area_wide = models.BooleanField(_("全域活动"), default=False)
    # Binds the check-in codes to this run of check-in: opening check-in again draws a new key, and every code
    # shown before stops working (docs/decisions.md, "Activity check-in codes").
    checkin_key = models.CharField(max_length=32, default=_checkin_key, editable=False)
    checkin_open = models.BooleanField(_("正在签到"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("活动")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="activity_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("已报名")
    WAITING = "waiting", _("候补")
    CANCELLED = "cancelled", _("已取消")


class Enrolment(models.Model):
    """One member's sign-up for one activity. One row per person: cancelling and signing up again reuse it,
    and the unique constraint turns two concurrent sign-ups into one."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="enrolments")
    member = models.ForeignKey(Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=20, choices=EnrolmentStatus.choices)
    unit = models.ForeignKey(Org, verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("报名时间"), default=timezone.now)  # the waiting list moves up in this order
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("报名")
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="activity_enrol_once")]
        indexes = [models.Index(fields=["activity", "status", "at"], name="activity_enrol_queue")]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.member_id}"


class CheckinMethod(models.TextChoices):
    QR = "qr", _("扫码签到")
    STAFF = "staff", _("工作人员登记")
    CARD = "card", _("扫会员卡签到")
    EXTERNAL = "external", _("外部活动登记")


class Attendance(models.Model):
    """One person at one activity (one 人次)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Org, verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("签到时间"), default=timezone.now)
    method = models.CharField(_("方式"), max_length=20, choices=CheckinMethod.choices)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("签到")
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="activity_attend_once")]
        indexes = [models.Index(fields=["unit", "at"], name="activity_attend_unit")]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.member_id}"
