"""What joining online puts on the work desk (core.registry.desk_items): a union's committee sees the
applications waiting for its answer, a federation cadre the ones below that are past their deadline."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from gonghui.core.registry import DeskItem
from gonghui.orgs.desk import split_reach
from gonghui.orgs.selectors import paths_q

from .models import ApplicationStatus, JoinApplication
from .roles import PortalCap


def _pending(paths: list[str]):
    return JoinApplication.objects.filter(paths_q(paths, "union__path"), status=ApplicationStatus.PENDING)


def desk(user) -> list[DeskItem]:
    today = timezone.localdate()
    items = []
    unions, _none = split_reach(user, PortalCap.DECIDE_JOIN)
    if unions:
        pending = _pending(unions)
        count = pending.count()
        if count:
            first = pending.order_by("deadline").values_list("deadline", flat=True).first()
            items.append(
                DeskItem(
                    title=_("%(n)d 份入会申请待审核") % {"n": count},
                    url=reverse("join_list"),
                    due=first,
                    due_label=_("最早答复期限"),
                    overdue=first < today,
                    count=count,
                    kind="request",
                )
            )
    _none, federations = split_reach(user, PortalCap.VIEW_JOIN)
    if federations:
        late = _pending(federations).filter(deadline__lt=today)
        count = late.count()
        if count:
            items.append(
                DeskItem(
                    title=_("%(n)d 份入会申请逾期未答复") % {"n": count},
                    url=reverse("join_list") + "?" + urlencode({"status": ApplicationStatus.PENDING}),
                    due=late.order_by("deadline").values_list("deadline", flat=True).first(),
                    due_label=_("最早答复期限"),
                    overdue=True,
                    count=count,
                    kind="deadline",
                )
            )
    return items
