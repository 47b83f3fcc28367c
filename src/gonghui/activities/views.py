"""Pages for activities and trainings: members sign up, cancel and check in on a phone; organisers create,
enrol in bulk, show the check-in QR, tick who came, and read the counts. Thin: services write, selectors read."""

from functools import partial

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.charts import bar_chart
from gonghui.core.errors import DomainError
from gonghui.core.pagination import paginate
from gonghui.core.spreadsheets import write_xlsx
from gonghui.core.views import attempt, download_name, get_or_404, save_form, xlsx_response
from gonghui.orgs.guards import node_for
from gonghui.orgs.selectors import has_cap

from . import rules, selectors, services
from .forms import ActivityForm, EnrolForm
from .models import EnrolmentStatus
from .roles import ActivityCap


def _year(request) -> int:
    raw = request.GET.get("year", "")
    years = selectors.year_choices()
    return int(raw) if raw.isdigit() and int(raw) in years else years[0]


@login_required
def activity_list(request):
    user = request.user
    search = request.GET.get("q", "")[:50].replace("\x00", "")  # PostgreSQL refuses NUL in a LIKE
    activities = selectors.activity_list(user=user, search=search)
    node = request.node
    return render(
        request,
        "activities/activity_list.html",
        {
            "page": paginate(request, activities),
            "search": search,
            "open_signups": selectors.open_signups(user)[:20],
            "can_create": node is not None and has_cap(user, ActivityCap.MANAGE_ACTIVITIES, node),
            "can_stats": node is not None
            and (
                has_cap(user, ActivityCap.VIEW_ACTIVITIES, node)
                or has_cap(user, ActivityCap.MANAGE_ACTIVITIES, node)
            ),
            "now": timezone.now(),
        },
    )


@login_required
def activity_create(request):
    node = node_for(request, ActivityCap.MANAGE_ACTIVITIES)
    form = ActivityForm(request.POST or None, node=node)
    create = partial(services.activity_create, actor=request.user, node=node)
    activity = save_form(request, form, create, _("活动已发布。"))
    if activity:
        return redirect("activity_detail", pk=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "node": node})


@login_required
def activity_detail(request, pk: int):
    user = request.user
    activity = get_or_404(selectors.activity_get, user=user, pk=pk)
    member = selectors.member_of(user)
    manage = selectors.can_manage(user, activity)
    units = selectors.enrolling_units(user, activity)
    enrolment = selectors.own_enrolment(user, activity)
    refusal = services.audience_refusal(activity, member) if member else ""
    context = {
        "activity": activity,
        "counts": selectors.counts(activity),
        "enrolment": enrolment if enrolment and enrolment.status != EnrolmentStatus.CANCELLED else None,
        "attendance": selectors.own_attendance(user, activity),
        "member": member,
        "refusal": refusal,
        "manage": manage,
        "can_enrol": bool(units),
        "started": timezone.now() >= activity.starts_at,
    }
    if units:
        context["enrolments"] = selectors.enrolment_list(user=user, activity=activity)[:500]
        context["ranking"] = selectors.activity_unit_counts(activity) if activity.area_wide else []
    return render(request, "activities/activity_detail.html", context)


def _act(request, pk: int, run, done: str):
    activity = get_or_404(selectors.activity_get, user=request.user, pk=pk)
    attempt(request, partial(run, actor=request.user, activity=activity), done)
    return redirect("activity_detail", pk=activity.pk)


@login_required
@require_POST
def activity_signup(request, pk: int):
    return _act(request, pk, services.activity_signup, _("报名成功。"))


@login_required
@require_POST
def activity_cancel(request, pk: int):
    return _act(request, pk, services.activity_cancel, _("已取消报名。"))


def _enrolling(request, pk: int):
    activity = get_or_404(selectors.activity_get, user=request.user, pk=pk)
    units = selectors.enrolling_units(request.user, activity)
    if not units:
        raise Http404
    return activity, units


@login_required
def activity_enrol(request, pk: int):
    """Staff enrol people (or, for an event run by another body, record who went) in bulk."""
    activity, units = _enrolling(request, pk)
    form = EnrolForm(request.POST or None, request.FILES or None, units=units)
    user = request.user

    def enrol(*, unit, ids, sheet):
        people = selectors.members_from_input(user=user, activity=activity, unit=unit, ids=ids, sheet=sheet)
        if activity.kind.external:
            return services.activity_attend(actor=user, activity=activity, members=people)
        return services.activity_enrol(actor=user, activity=activity, members=people)

    def done(result) -> str:
        if activity.kind.external:
            return _("已登记 %(added)s 人参加，%(already)s 人此前已登记。") % result
        return _("已报名 %(enrolled)s 人，候补 %(waiting)s 人，%(already)s 人此前已报名。") % result

    if save_form(request, form, enrol, done):
        return redirect("activity_detail", pk=activity.pk)
    return render(request, "activities/activity_enrol.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_attend(request, pk: int):
    """Staff tick who came, from the list of those signed up."""
    activity, _units = _enrolling(request, pk)
    ids = [int(v) for v in request.POST.getlist("member") if v.isdigit()]
    members = list(selectors.enrollable_members(request.user, activity).filter(pk__in=ids))
    if len(members) != len(set(ids)):
        raise Http404
    attempt(
        request,
        lambda: services.activity_attend(actor=request.user, activity=activity, members=members),
        _("已登记签到。"),
    )
    return redirect("activity_detail", pk=activity.pk)


# A card token is about 60 characters; anything far longer is not a card and is cut before it is checked.
_TOKEN_MAX = 300


@login_required
def activity_scan(request, pk: int):
    """Staff check people in by their e-card: a barcode scanner types the QR's text and Enter into the field
    (or a phone camera's result is pasted); each scan comes back here, ready for the next."""
    activity, _units = _enrolling(request, pk)
    if activity.kind.external:
        raise Http404
    if request.method == "POST":
        token = request.POST.get("card", "")[:_TOKEN_MAX]
        try:
            attendance = services.activity_attend_by_card(actor=request.user, activity=activity, token=token)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(name)s签到成功。") % {"name": attendance.member.name})
        return redirect("activity_scan", pk=activity.pk)
    return render(
        request,
        "activities/activity_scan.html",
        {
            "activity": activity,
            "counts": selectors.counts(activity),
            "recent": selectors.recent_card_checkins(user=request.user, activity=activity)[:10],
        },
    )


def _managed(request, pk: int):
    activity = get_or_404(selectors.activity_get, user=request.user, pk=pk)
    if not selectors.can_manage(request.user, activity):
        raise Http404
    return activity


@login_required
def activity_qr(request, pk: int):
    """The organiser's screen: a QR code that changes every CHECKIN_CODE_PERIOD seconds (the page reloads)."""
    activity = _managed(request, pk)
    context = {
        "activity": activity,
        "period": int(rules.CHECKIN_CODE_PERIOD),
        "counts": selectors.counts(activity),
    }
    if activity.checkin_open:
        url = request.build_absolute_uri(reverse("activity_checkin", args=[activity.pk]))
        url += "?c=" + services.checkin_code(activity)
        context["qr"] = segno.make(url, error="m").svg_data_uri(scale=6, border=2)
        context["url"] = url
    return render(request, "activities/activity_qr.html", context)


@login_required
@require_POST
def activity_checkin_toggle(request, pk: int):
    activity = _managed(request, pk)
    opening = request.POST.get("open") == "1"
    attempt(
        request,
        lambda: services.activity_checkin_open(actor=request.user, activity=activity, open_=opening),
        _("签到已开始。") if opening else _("签到已结束。"),
    )
    return redirect("activity_qr", pk=activity.pk)


@login_required
def activity_checkin(request, pk: int):
    """What the member's phone opens from the QR: a button that checks them in (a GET changes nothing)."""
    activity = get_or_404(selectors.activity_get, user=request.user, pk=pk)
    code = (request.POST.get("c") or request.GET.get("c") or "")[:300]
    if request.method == "POST":
        run = partial(services.activity_checkin, actor=request.user, activity=activity, code=code)
        if attempt(request, run, _("签到成功。")):
            return redirect("activity_detail", pk=activity.pk)
    return render(
        request,
        "activities/activity_checkin.html",
        {"activity": activity, "code": code, "attendance": selectors.own_attendance(request.user, activity)},
    )


def _stats_node(request):
    node = request.node
    user = request.user
    if node is None or not (
        has_cap(user, ActivityCap.VIEW_ACTIVITIES, node) or has_cap(user, ActivityCap.MANAGE_ACTIVITIES, node)
    ):
        raise Http404
    return node


@login_required
def activity_stats(request):
    node = _stats_node(request)
    year = _year(request)
    counts = selectors.year_counts(user=request.user, node=node, year=year)
    top = counts["by_unit"][:15]
    chart = bar_chart(
        [row["unit__name"] for row in top],
        {_("人次"): [row["times"] for row in top], _("人数"): [row["people"] for row in top]},
        horizontal=True,
    )
    return render(
        request,
        "activities/activity_stats.html",
        {"node": node, "counts": counts, "chart": chart, "years": selectors.year_choices(), "year": year},
    )


@login_required
def activity_stats_export(request):
    node = _stats_node(request)
    year = _year(request)
    counts = selectors.year_counts(user=request.user, node=node, year=year)
    rows = [
        (i, r["unit__name"], r["times"], r["people"], float(r["hours"] or 0))
        for i, r in enumerate(counts["by_unit"], 1)
    ]
    content = write_xlsx(
        [_("排名"), _("单位"), _("人次"), _("人数"), _("培训学时")], rows, sheet_name=str(year)
    )
    return xlsx_response(content, download_name(node.name, _("活动参与统计"), str(year), suffix=".xlsx"))
