"""What organisations and members put on each user's work desk (core.registry.desk_items), and the split every
app's desk makes between a union's own work and a federation's view of the unions below."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from gonghui.core.registry import DeskItem
from gonghui.core.roles import CAPABILITIES, Cap

from .models import ImportBatch, ImportStatus, MembershipTransfer, OrgKind, TransferStatus
from .selectors import paths_q, reach_paths, role_assignments

# How long a finished import stays on the desk of the person who uploaded it.
IMPORT_NEWS = timedelta(days=7)


def split_reach(user, cap: str) -> tuple[list[str], list[str]]:
    """The subtrees where the user holds `cap`, split in two: the unions (and their branches) the user works
    for, item by item, and the federations whose unions the user oversees, in counts. A superuser oversees
    everything."""
    if user.is_superuser:
        return [], [""]
    unions, federations = [], []
    for assignment in role_assignments(user):
        if cap in CAPABILITIES[assignment.role]:
            (federations if assignment.node.kind == OrgKind.FEDERATION else unions).append(
                assignment.node.path
            )
    return unions, federations


def _transfer_items(user) -> list[DeskItem]:
    """Transfers the other side asked for and this user's union must accept or return."""
    paths = reach_paths(user, Cap.MANAGE_TRANSFERS)
    if not paths:
        return []
    waiting = MembershipTransfer.objects.filter(status=TransferStatus.PENDING).filter(
        (Q(requested_by_side="from") & paths_q(paths, "to_union__path"))
        | (Q(requested_by_side="to") & paths_q(paths, "from_union__path"))
    )
    count = waiting.count()
    if not count:
        return []
    first = waiting.order_by("requested_at").values_list("requested_at", flat=True).first()
    return [
        DeskItem(
            title=_("%(n)d 件会员接转待您确认") % {"n": count},
            url=reverse("transfer_list") + "?" + urlencode({"status": TransferStatus.PENDING}),
            count=count,
            detail=_("最早一件于 %(date)s 提出") % {"date": timezone.localdate(first).isoformat()},
            kind="request",
        )
    ]


def _import_items(user) -> list[DeskItem]:
    """The user's own roster uploads: waiting for confirmation, or finished in the last days."""
    since = timezone.now() - IMPORT_NEWS
    batches = ImportBatch.objects.filter(uploaded_by=user).filter(
        Q(status=ImportStatus.VALIDATED)
        | Q(
            status__in=[ImportStatus.COMMITTED, ImportStatus.FAILED, ImportStatus.INVALID],
            created_at__gte=since,
        )
    )
    titles = {
        ImportStatus.VALIDATED: (_("名册导入已校验，待您确认：%(name)s"), "task"),
        ImportStatus.INVALID: (_("名册导入有错误，请修改后重新上传：%(name)s"), "task"),
        ImportStatus.FAILED: (_("名册导入失败：%(name)s"), "task"),
        ImportStatus.COMMITTED: (_("名册导入已完成：%(name)s"), "info"),
    }
    items = []
    for batch in batches.select_related("union").order_by("-created_at")[:10]:
        title, kind = titles[batch.status]
        items.append(
            DeskItem(
                title=title % {"name": batch.filename},
                url=reverse("import_detail", kwargs={"pk": batch.pk}),
                detail=_("%(union)s，%(date)s 上传")
                % {"union": batch.union.name, "date": timezone.localdate(batch.created_at).isoformat()},
                kind=kind,
            )
        )
    return items


def desk(user) -> list[DeskItem]:
    return _transfer_items(user) + _import_items(user)
