"""Union committee meetings (工会委员会会议): the committee's own decisions, with who attended.

A record of its own, low in the app order, so that plans (adopted by the committee), agreements (a draft
discussed by the committee) and later apps can point at the meeting that decided something, and the meeting
never names them (docs/decisions.md, "Apps register themselves")."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org


class CommitteeMeeting(models.Model):
    node = models.ForeignKey(
        Org, verbose_name=_("工会"), on_delete=models.PROTECT, related_name="committee_meetings"
    )
    held_on = models.DateField(_("会议日期"))
    title = models.CharField(_("会议名称"), max_length=200)
    members_total = models.PositiveSmallIntegerField(_("应到委员人数"))
    members_present = models.PositiveSmallIntegerField(_("实到委员人数"))
    decisions = models.TextField(_("会议决定事项"), max_length=5000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("工会委员会会议")
        ordering = ["node", "-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(members_present__lte=F("members_total")), name="meeting_present_within_total"
            ),
            models.CheckConstraint(condition=Q(members_total__gt=0), name="meeting_has_members"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"
