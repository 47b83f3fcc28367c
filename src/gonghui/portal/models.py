"""Joining online (网上入会): a worker's application to a union, and the union's answer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Member, MembershipTransfer, Org


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已批准入会")
    TRANSFER = "transfer", _("已批准，办理会员接转")
    DECLINED = "declined", _("未批准")


class WorkKind(models.TextChoices):
    """How the applicant works: a new-form worker (快递员、网约车司机、外卖骑手…) has no employer's union to
    join and joins the area's union of where they work (工会法 第三条第二款)."""

    EMPLOYEE = "employee", _("单位职工")
    NEW_FORM = "new_form", _("新就业形态劳动者（快递员、网约车司机、外卖骑手等）")


class JoinApplication(models.Model):
    union = models.ForeignKey(
        Org, verbose_name=_("申请加入的工会"), on_delete=models.PROTECT, related_name="join_applications"
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18)
    phone = models.CharField(_("手机号"), max_length=11)
    employer = models.CharField(_("工作单位或平台"), max_length=100)
    work_kind = models.CharField(_("就业形态"), max_length=20, choices=WorkKind.choices)
    # The account it was sent from, when the worker was signed in: the new member record is linked to it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    deadline = models.DateField(_("答复期限"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    reason = models.CharField(_("不批准的理由"), max_length=200, blank=True)
    member = models.ForeignKey(
        Member, verbose_name=_("会员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    transfer = models.ForeignKey(
        MembershipTransfer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("入会申请")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["union", "status"])]
        constraints = [
            # One pending application per person: a double submit, or a second union asked at the same time,
            # would let two unions admit the same worker.
            models.UniqueConstraint(
                fields=["id_number"], condition=Q(status="pending"), name="one_pending_join_per_person"
            ),
            models.CheckConstraint(
                condition=Q(id_number__regex=r"^\d{17}[\dX]$"), name="join_id_number_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.union}"

    def is_overdue(self, today) -> bool:
        return self.status == ApplicationStatus.PENDING and self.deadline < today
