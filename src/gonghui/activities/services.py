"""Every change to activities: permission checked, one transaction, the activity row locked where places are
counted, an audit entry. Refusals are DomainErrors with the message the member or organiser reads."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.congress.models import Representative, RepresentativeStatus
from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.permissions import require
from gonghui.core.roles import Role
from gonghui.orgs.cards import member_from_card
from gonghui.orgs.models import Member, MemberStatus, Org, RoleAssignment, Sex
from gonghui.orgs.rules import YOUTH_MAX_AGE
from gonghui.orgs.selectors import has_cap

from . import rules, selectors
from .models import Activity, ActivityKind, Attendance, Audience, CheckinMethod, Enrolment, EnrolmentStatus
from .roles import ActivityCap

TITLE_MAX = Activity._meta.get_field("title").max_length
_CADRE_ROLES = (Role.UNION_CHAIR, Role.UNION_STAFF, Role.WOMEN_COMMITTEE, Role.FINANCE_OFFICER, Role.AUDITOR)


def _audit(actor, action: str, activity: Activity, **changes) -> None:
    audit(
        actor=actor, action=f"activity.{action}", obj=activity, scope_path=activity.node.path, changes=changes
    )


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().select_related("node", "kind").get(pk=activity.pk)


# --- Creating ---------------------------------------------------------------------------------------


def activity_create(
    *,
    actor,
    node: Org,
    kind: ActivityKind,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    organisers: str = "",
    co_organisers: str = "",
    audience: str = "",
    audience_unit: Org | None = None,
    audience_department: str = "",
    capacity: int | None = None,
    signup_opens: datetime | None = None,
    signup_closes: datetime | None = None,
    hours: Decimal | None = None,
    cost: Decimal | None = None,
    area_wide: bool = False,
) -> Activity:
    """An activity of `node`; the audience defaults to the kind's, a training counts its hours."""
    require(has_cap(actor, ActivityCap.MANAGE_ACTIVITIES, node), _("您无权在该组织举办活动。"))
    title = (title or "").strip()
    if not title:
        raise DomainError(_("请填写活动名称。"), code="title")
    if len(title) > TITLE_MAX:
        raise DomainError(_("活动名称不能超过 %(n)s 个字。") % {"n": TITLE_MAX}, code="title")
    if ends_at < starts_at:
        raise DomainError(_("结束时间不能早于开始时间。"), code="ends_at")
    if signup_opens and signup_closes and signup_closes <= signup_opens:
        raise DomainError(_("报名截止时间应晚于报名开始时间。"), code="signup_closes")
    if signup_closes and signup_closes > ends_at:
        raise DomainError(_("报名截止时间不能晚于活动结束时间。"), code="signup_closes")
    audience = audience or kind.audience
    if audience not in Audience.values:
        raise DomainError(_("请选择参加对象。"), code="audience")
    if audience == Audience.UNIT and audience_unit is None and not audience_department.strip():
        raise DomainError(_("参加对象为指定分会/部门时，请选择分会或填写部门。"), code="audience_unit")
    if audience_unit is not None and not audience_unit.path.startswith(node.path):
        raise DomainError(_("指定分会须在主办工会之下。"), code="audience_unit")
    if capacity is not None and capacity < 1:
        raise DomainError(_("名额须为正整数；不限名额请留空。"), code="capacity")
    hours = _decimal(hours, _("培训学时"), "999.9")
    cost = _decimal(cost, _("费用"), "9999999999.99")
    if kind.is_training and hours <= 0:
        raise DomainError(_("培训须填写学时。"), code="hours")
    with transaction.atomic():
        activity = Activity.objects.create(
            node=node,
            kind=kind,
            title=title,
            place=place.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            organisers=organisers.strip(),
            co_organisers=co_organisers.strip(),
            audience=audience,
            audience_unit=audience_unit if audience == Audience.UNIT else None,
            audience_department=audience_department.strip() if audience == Audience.UNIT else "",
            capacity=capacity,
            signup_opens=signup_opens,
            signup_closes=signup_closes,
            is_training=kind.is_training,
            hours=hours if kind.is_training else Decimal(0),
            cost=cost,
            area_wide=area_wide,
            created_by=actor,
        )
        _audit(actor, "create", activity, title=title, activity_kind=kind.name)
    return activity


def _decimal(value, label: str, maximum: str) -> Decimal:
    try:
        number = Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation:
        raise DomainError(_("%(label)s须是数字。") % {"label": label}, code="number") from None
    if not number.is_finite() or number < 0 or number > Decimal(maximum):
        raise DomainError(
            _("%(label)s须在 0 到 %(max)s 之间。") % {"label": label, "max": maximum}, code="number"
        )
    return number


# --- Who may come -----------------------------------------------------------------------------------


def audience_refusal(activity: Activity, member: Member) -> str:
    """Why the member is outside the activity's audience, or "" when they are inside it."""
    if member.status not in (MemberStatus.ACTIVE, MemberStatus.RETIRED):
        return _("您的会籍状态为“%(s)s”，不能报名参加活动。") % {"s": member.get_status_display()}
    if not member.union.path.startswith(activity.node.path):
        return _("本活动只面向%(node)s所属会员。") % {"node": activity.node.name}
    audience = activity.audience
    if audience == Audience.WOMEN and member.sex != Sex.FEMALE:
        return _("本活动只面向女职工。")
    if audience == Audience.YOUTH:
        # The youth rule of member statistics (orgs.rules.YOUTH_MAX_AGE), judged on the activity's first day.
        on = timezone.localtime(activity.starts_at).date()
        cutoff = on.replace(year=on.year - int(YOUTH_MAX_AGE) - 1)
        if member.birth_date <= cutoff:
            return _("本活动只面向青年职工（%(n)s 周岁以下）。") % {"n": int(YOUTH_MAX_AGE)}
    if audience == Audience.RETIREES and member.status != MemberStatus.RETIRED:
        return _("本活动只面向退休职工。")
    if audience != Audience.RETIREES and member.status == MemberStatus.RETIRED and audience != Audience.ALL:
        return _("本活动不面向退休职工。")
    if audience == Audience.CADRES and not (
        member.user_id
        and RoleAssignment.objects.filter(user_id=member.user_id, role__in=_CADRE_ROLES).exists()
    ):
        return _("本活动只面向工会干部。")
    if (
        audience == Audience.REPRESENTATIVES
        and not Representative.objects.filter(member=member, status=RepresentativeStatus.ACTIVE).exists()
    ):
        return _("本活动只面向在任职工代表。")
    if audience == Audience.UNIT:
        if activity.audience_unit_id:
            home = member.unit or member.union
            if not home.path.startswith(activity.audience_unit.path):
                return _("本活动只面向%(unit)s的会员。") % {"unit": activity.audience_unit.name}
        if activity.audience_department and member.department != activity.audience_department:
            return _("本活动只面向%(d)s的职工。") % {"d": activity.audience_department}
    return ""


def _own(actor) -> Member:
    member = selectors.member_of(actor)
    if member is None:
        raise PermissionDenied(_("您的账号没有关联会员信息，不能报名。请联系本单位工会。"))
    return member


# --- Signing up and cancelling ------------------------------------------------------------------------


def _place(activity: Activity) -> str:
    """ENROLLED while places remain, else WAITING when the kind keeps a waiting list; raises otherwise.
    Call with the activity row locked."""
    if activity.capacity is None:
        return EnrolmentStatus.ENROLLED
    taken = activity.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if taken < activity.capacity:
        return EnrolmentStatus.ENROLLED
    if activity.kind.waitlist:
        return EnrolmentStatus.WAITING
    raise Conflict(_("名额已满（共 %(n)s 人），本活动不设候补。") % {"n": activity.capacity}, code="full")


def _enrol(activity: Activity, member: Member, actor) -> Enrolment:
    """Sign `member` up (activity row locked by the caller); a cancelled sign-up is reused."""
    existing = Enrolment.objects.select_for_update().filter(activity=activity, member=member).first()
    if existing is not None and existing.status != EnrolmentStatus.CANCELLED:
        raise Conflict(
            _("%(name)s已报名本活动（%(status)s），请勿重复报名。")
            % {"name": member.name, "status": existing.get_status_display()},
            code="duplicate",
        )
    status = _place(activity)
    if existing is not None:
        existing.status, existing.at, existing.by, existing.unit = status, timezone.now(), actor, member.union
        existing.save(update_fields=["status", "at", "by", "unit"])
        return existing
    try:
        with transaction.atomic():  # a savepoint: the constraint catches a sign-up racing this one
            return Enrolment.objects.create(
                activity=activity, member=member, status=status, unit=member.union, by=actor
            )
    except IntegrityError:
        raise Conflict(
            _("%(name)s已报名本活动，请勿重复报名。") % {"name": member.name}, code="duplicate"
        ) from None


def activity_signup(*, actor, activity: Activity) -> Enrolment:
    """The member signs themselves up: inside the window and the audience; past capacity onto the waiting list
    when the kind keeps one."""
    member = _own(actor)
    now = timezone.now()
    if activity.kind.external:
        raise DomainError(_("外单位举办的活动由工会登记参加人员，不接受个人报名。"), code="external")
    if activity.signup_opens and now < activity.signup_opens:
        raise DomainError(
            _("报名尚未开始，将于 %(at)s 开始。") % {"at": _when(activity.signup_opens)}, code="window"
        )
    closes = activity.signup_closes or activity.starts_at
    if now >= closes:
        raise DomainError(_("报名已于 %(at)s 截止。") % {"at": _when(closes)}, code="window")
    refusal = audience_refusal(activity, member)
    if refusal:
        raise DomainError(refusal, code="audience")
    with transaction.atomic():
        activity = _locked(activity)
        enrolment = _enrol(activity, member, actor)
        _audit(actor, "signup", activity, member=member.pk, enrolment=enrolment.status)
    return enrolment


def activity_cancel(*, actor, activity: Activity) -> Enrolment:
    """The member cancels; the first on the waiting list takes the place."""
    member = _own(actor)
    if timezone.now() >= activity.starts_at:
        raise DomainError(_("活动已开始，不能再取消报名。"), code="started")
    with transaction.atomic():
        activity = _locked(activity)
        enrolment = (
            Enrolment.objects.filter(activity=activity, member=member)
            .exclude(status=EnrolmentStatus.CANCELLED)
            .first()
        )
        if enrolment is None:
            raise Conflict(_("您没有报名本活动，或已取消。"), code="not_enrolled")
        was = enrolment.status
        enrolment.status = EnrolmentStatus.CANCELLED
        enrolment.save(update_fields=["status"])
        promoted = _promote(activity) if was == EnrolmentStatus.ENROLLED else None
        _audit(actor, "cancel", activity, member=member.pk, promoted=promoted.member_id if promoted else None)
    return enrolment


def _promote(activity: Activity) -> Enrolment | None:
    first = (
        Enrolment.objects.select_for_update()
        .filter(activity=activity, status=EnrolmentStatus.WAITING)
        .order_by("at", "id")
        .first()
    )
    if first is not None and _place(activity) == EnrolmentStatus.ENROLLED:
        first.status = EnrolmentStatus.ENROLLED
        first.save(update_fields=["status"])
        return first
    return None


def activity_enrol(*, actor, activity: Activity, members: list[Member]) -> dict:
    """Staff enrol people in bulk (a unit, a pasted list, a sheet of ID numbers). Everyone is checked first;
    one refusal refuses the whole list, naming each person and why, and nothing is written."""
    units = selectors.enrolling_units(actor, activity)
    require(bool(units), _("您无权为本活动报名。"))
    if not members:
        raise DomainError(_("没有要报名的人员。"), code="empty")
    allowed = set(
        selectors.enrollable_members(actor, activity)
        .filter(pk__in=[m.pk for m in members])
        .values_list("pk", flat=True)
    )
    problems = []
    for member in members:
        if member.pk not in allowed:
            problems.append(_("%(name)s：不在您可报名的范围内。") % {"name": member.name})
            continue
        refusal = audience_refusal(activity, member)
        if refusal:
            problems.append(f"{member.name}：{refusal}")
    if problems:
        raise DomainError(_("以下人员不能报名，未作任何更改：") + "；".join(problems), code="members")
    with transaction.atomic():
        activity = _locked(activity)
        taken = set(
            Enrolment.objects.filter(activity=activity, member__in=members)
            .exclude(status=EnrolmentStatus.CANCELLED)
            .values_list("member_id", flat=True)
        )
        result = {"enrolled": 0, "waiting": 0, "already": len(taken)}
        for member in members:
            if member.pk in taken:
                continue
            enrolment = _enrol(activity, member, actor)
            result[enrolment.status] += 1
        _audit(actor, "enrol", activity, count=result["enrolled"] + result["waiting"])
    return result


# --- Check-in -----------------------------------------------------------------------------------------

_SALT = "activities.checkin"


def checkin_code(activity: Activity) -> str:
    """The code the organiser's screen shows as a QR: signed, dated, bound to this run of check-in."""
    return signing.TimestampSigner(salt=_SALT).sign_object({"a": activity.pk, "k": activity.checkin_key})


def code_max_age() -> int:
    return 2 * int(rules.CHECKIN_CODE_PERIOD)


def activity_checkin_open(*, actor, activity: Activity, open_: bool = True) -> Activity:
    """Start (with a new key: every code shown before stops working) or stop QR check-in."""
    require(selectors.can_manage(actor, activity), _("您无权管理本活动的签到。"))
    with transaction.atomic():
        activity = _locked(activity)
        activity.checkin_open = open_
        if open_:
            activity.checkin_key = Activity._meta.get_field("checkin_key").default()
        activity.save(update_fields=["checkin_open", "checkin_key"])
        _audit(actor, "checkin_open" if open_ else "checkin_close", activity)
    return activity


def activity_checkin(*, actor, activity: Activity, code: str) -> Attendance:
    """The signed-in member scanned the code on the organiser's screen."""
    member = _own(actor)
    try:
        data = signing.TimestampSigner(salt=_SALT).unsign_object(code or "", max_age=code_max_age())
    except signing.SignatureExpired:
        raise DomainError(_("签到码已过期，请重新扫描现场屏幕上的二维码。"), code="expired") from None
    except signing.BadSignature:
        raise DomainError(_("签到码无效，请扫描现场屏幕上的二维码。"), code="forged") from None
    if not isinstance(data, dict) or data.get("a") != activity.pk:
        raise DomainError(_("签到码不属于本活动，请扫描本活动现场的二维码。"), code="forged")
    if not activity.checkin_open or data.get("k") != activity.checkin_key:
        raise DomainError(
            _("该签到码已失效（签到已结束或重新开始），请扫描现场屏幕上的最新二维码。"), code="replayed"
        )
    refusal = audience_refusal(activity, member)
    if refusal:
        raise DomainError(refusal, code="audience")
    return _attend(activity, member, actor, CheckinMethod.QR)


def _attend(activity: Activity, member: Member, actor, method: str) -> Attendance:
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                activity=activity,
                member=member,
                unit=member.union,
                method=method,
                hours=activity.hours if activity.is_training else 0,
                by=actor,
            )
            _audit(actor, "checkin", activity, member=member.pk, method=method)
    except IntegrityError:
        earlier = Attendance.objects.filter(activity=activity, member=member).first()
        at = _when(earlier.at) if earlier else ""
        raise Conflict(
            _("%(name)s已于 %(at)s 签到，无需重复签到。") % {"name": member.name, "at": at}, code="duplicate"
        ) from None
    return attendance


def requires_enrolment(activity: Activity) -> bool:
    """An activity with a capacity counts its places: only those holding one (报名成功, not 候补) come in by card.
    One without a capacity is open to everyone in its audience, signed up or not."""
    return activity.capacity is not None


def activity_attend_by_card(*, actor, activity: Activity, token: str) -> Attendance:
    """Staff scan the member's e-card (a barcode scanner types the QR's text, or a phone camera reads it):
    the card must be genuine, fresh and its holder active (orgs.cards), within the staff's reach, inside the
    audience and, where places are counted, holding one. One check-in per person."""
    require(bool(selectors.enrolling_units(actor, activity)), _("您无权为本活动登记签到。"))
    if activity.kind.external:
        raise DomainError(
            _("外单位举办的活动请用“登记参加人员”记录参加人员，不扫会员卡签到。"), code="external"
        )
    if not str(token or "").strip():
        raise DomainError(_("请扫描会员的电子会员卡二维码。"), code="empty")
    member = member_from_card(token)  # CardError (a DomainError) with the card's reason
    if not selectors.enrollable_members(actor, activity).filter(pk=member.pk).exists():
        raise DomainError(
            _("%(name)s（%(union)s）不在您可登记的范围内。")
            % {"name": member.name, "union": member.union.name},
            code="members",
        )
    refusal = audience_refusal(activity, member)
    if refusal:
        raise DomainError(f"{member.name}：{refusal}", code="audience")
    if requires_enrolment(activity):
        enrolment = Enrolment.objects.filter(activity=activity, member=member).first()
        if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
            state = enrolment.get_status_display() if enrolment else _("未报名")
            raise DomainError(
                _("%(name)s未取得本活动名额（%(state)s），不能签到。")
                % {"name": member.name, "state": state},
                code="not_enrolled",
            )
    return _attend(activity, member, actor, CheckinMethod.CARD)


def activity_attend(*, actor, activity: Activity, members: list[Member]) -> dict:
    """Staff tick people present (or record who went to an event run by another body); those already ticked
    are left as they are and counted."""
    require(bool(selectors.enrolling_units(actor, activity)), _("您无权为本活动登记签到。"))
    if not members:
        raise DomainError(_("请选择已到场的人员。"), code="empty")
    allowed = set(
        selectors.enrollable_members(actor, activity)
        .filter(pk__in=[m.pk for m in members])
        .values_list("pk", flat=True)
    )
    strangers = [m.name for m in members if m.pk not in allowed]
    if strangers:
        raise DomainError(
            _("以下人员不在您可登记的范围内，未作任何更改：%(n)s") % {"n": "、".join(strangers)},
            code="members",
        )
    method = CheckinMethod.EXTERNAL if activity.kind.external else CheckinMethod.STAFF
    with transaction.atomic():
        present = set(
            Attendance.objects.filter(activity=activity, member__in=members).values_list(
                "member_id", flat=True
            )
        )
        new = [
            Attendance(
                activity=activity,
                member=m,
                unit=m.union,
                method=method,
                hours=activity.hours if activity.is_training else 0,
                by=actor,
            )
            for m in members
            if m.pk not in present
        ]
        Attendance.objects.bulk_create(new, ignore_conflicts=True)
        _audit(actor, "attend", activity, count=len(new), method=method)
    return {"added": len(new), "already": len(present)}


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
