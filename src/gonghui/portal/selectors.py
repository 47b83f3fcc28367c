"""Reads for the portal, scoped to the user: applications in the unions they serve, and their own."""

from django.db.models import QuerySet

from gonghui.core.errors import NotFound
from gonghui.orgs.models import Org, OrgCategory, OrgKind
from gonghui.orgs.selectors import has_cap, reach_q

from .models import ApplicationStatus, JoinApplication, WorkKind
from .roles import PortalCap


def application_list(*, user, status: str = "") -> QuerySet[JoinApplication]:
    applications = JoinApplication.objects.filter(reach_q(user, PortalCap.VIEW_JOIN, "union__path"))
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    return applications.select_related("union").order_by("deadline", "pk")


def application_get(*, user, pk: int) -> JoinApplication:
    application = application_list(user=user).filter(pk=pk).first()
    if application is None:
        raise NotFound()
    return application


def own_applications(user) -> QuerySet[JoinApplication]:
    if not user.is_authenticated:
        return JoinApplication.objects.none()
    return JoinApplication.objects.filter(user=user).select_related("union").order_by("-submitted_at")


def actions(user, application: JoinApplication) -> dict[str, bool]:
    may = application.status == ApplicationStatus.PENDING and has_cap(
        user, PortalCap.DECIDE_JOIN, application.union
    )
    return {"accept": may, "decline": may}


def join_unions(work_kind: str = "") -> QuerySet[Org]:
    """The unions a worker may apply to (public: who they are is no secret): every grassroots union, or for a
    new-form worker the area's joint unions (联合基层工会)."""
    unions = Org.objects.filter(kind=OrgKind.UNION)
    if work_kind == WorkKind.NEW_FORM:
        unions = unions.filter(category=OrgCategory.JOINT)
    return unions.order_by("path")
