"""The pages a member and an organiser use, through the Django test client."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.activities import progress, selectors, services
from gonghui.activities.desk import desk
from gonghui.activities.models import Attendance, Enrolment, EnrolmentStatus
from gonghui.core.spreadsheets import write_xlsx
from gonghui.core.tests.clock import pinned
from gonghui.orgs.tests.factories import typed_full_width

from .factories import activity

pytestmark = [pytest.mark.django_db, pinned]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_member_signs_up_and_cancels_on_the_detail_page(tree):
    event = activity(tree.chair_a, tree.union_a)
    client = _client(tree.member_user)
    page = client.get(reverse("activity_detail", args=[event.pk])).content.decode()
    assert "我要报名" in page
    response = client.post(reverse("activity_signup", args=[event.pk]), follow=True)
    assert "报名成功" in response.content.decode()
    assert "取消报名" in response.content.decode()
    client.post(reverse("activity_cancel", args=[event.pk]))
    assert Enrolment.objects.get().status == EnrolmentStatus.CANCELLED


def test_a_refused_signup_shows_why_and_changes_nothing(tree):
    event = activity(tree.chair_a, tree.union_a, kind_name="干部培训")
    response = _client(tree.member_user).post(reverse("activity_signup", args=[event.pk]), follow=True)
    assert "只面向工会干部" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_staff_enrol_by_pasted_ids_and_by_sheet(tree):
    event = activity(tree.chair_a, tree.union_a)
    client = _client(tree.staff_a)
    url = reverse("activity_enrol", args=[event.pk])
    pasted = f"{typed_full_width(tree.members_a[0].id_number)}\n{tree.members_a[1].id_number}\n"
    response = client.post(url, {"ids": pasted}, follow=True)
    assert "已报名 2 人" in response.content.decode()
    sheet = write_xlsx(["姓名", "身份证号"], [("某人", tree.members_a[2].id_number)], text_columns=[1])
    upload = SimpleUploadedFile("名单.xlsx", sheet)
    client.post(url, {"sheet": upload})
    assert Enrolment.objects.filter(activity=event).count() == 3


def test_enrolment_of_an_unknown_id_names_the_row_and_changes_nothing(tree):
    event = activity(tree.chair_a, tree.union_a)
    pasted = f"{tree.members_a[0].id_number}\n{tree.members_b[0].id_number}\n12345"
    response = _client(tree.staff_a).post(reverse("activity_enrol", args=[event.pk]), {"ids": pasted})
    page = response.content.decode()
    assert "第 2 行" in page and "第 3 行" in page
    assert tree.members_b[0].id_number[-4:] in page
    assert not Enrolment.objects.exists()


def test_staff_enrol_a_whole_unit(tree):
    event = activity(tree.chair_a, tree.union_a)
    _client(tree.staff_a).post(reverse("activity_enrol", args=[event.pk]), {"unit": tree.branch_a.pk})
    assert list(Enrolment.objects.values_list("member", flat=True)) == [tree.member_a_branch.pk]


def test_qr_page_shows_a_code_that_checks_the_member_in(tree):
    event = activity(tree.chair_a, tree.union_a, kind_name="技能培训")
    staff = _client(tree.staff_a)
    staff.post(reverse("activity_checkin_toggle", args=[event.pk]), {"open": "1"})
    page = staff.get(reverse("activity_qr", args=[event.pk])).content.decode()
    assert 'src="data:image/svg+xml' in page and 'http-equiv="refresh"' in page
    start = page.index('id="checkin-url">') + len('id="checkin-url">')
    url = page[start : page.index("</p>", start)].replace("&amp;", "&")
    member = _client(tree.member_user)
    confirm = member.get(url)
    assert "确认签到" in confirm.content.decode()
    code = url.split("?c=")[1]
    done = member.post(reverse("activity_checkin", args=[event.pk]), {"c": code}, follow=True)
    assert "签到成功" in done.content.decode()
    again = member.post(reverse("activity_checkin", args=[event.pk]), {"c": code})
    assert "无需重复签到" in again.content.decode()
    assert Attendance.objects.count() == 1


def test_staff_tick_who_came(tree):
    event = activity(tree.chair_a, tree.union_a)
    services.activity_enrol(actor=tree.staff_a, activity=event, members=tree.members_a)
    client = _client(tree.staff_a)
    client.post(reverse("activity_attend", args=[event.pk]), {"member": [m.pk for m in tree.members_a[:2]]})
    assert Attendance.objects.filter(method="staff").count() == 2


def test_stats_page_has_a_chart_and_the_export_ranks_units(tree):
    event = activity(tree.cadre_a, tree.town_a, area_wide=True)
    services.activity_attend(actor=tree.cadre_a, activity=event, members=tree.members_a)
    client = _client(tree.cadre_a)
    page = client.get(reverse("activity_stats")).content.decode()
    assert 'id="unit-chart"' in page and "甲机械厂工会" in page
    export = client.get(reverse("activity_stats_export") + "?year=2026")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_progress_counts_a_subtree_for_a_year(tree):
    event = activity(tree.chair_a, tree.union_a, kind_name="技能培训", hours=2)
    services.activity_attend(actor=tree.staff_a, activity=event, members=tree.members_a)
    year = timezone.localdate().year
    assert progress.activities_held(tree.town_a, year) == 1
    assert progress.trainings_held(tree.town_a, year) == 1
    assert progress.attendance_count(tree.town_a, year) == 3
    assert progress.training_hours(tree.town_a, year) == 6
    assert progress.attendance_count(tree.town_b, year) == 0
    assert progress.activities_held(tree.union_a, year - 1) == 0


def test_my_activities_and_the_desk(tree):
    event = activity(tree.chair_a, tree.union_a)
    assert [item.title for item in desk(tree.member_user)] == [f"活动报名：{event.title}"]
    services.activity_signup(actor=tree.member_user, activity=event)
    assert desk(tree.member_user) == []
    mine = selectors.my_activities(tree.members_a[0])
    assert [e.activity for e in mine["enrolled"]] == [event]
    past = activity(tree.chair_a, tree.union_a, days=-1, signup_closes=None)
    assert any(past.title in item.title for item in desk(tree.staff_a))


def test_my_home_lists_what_i_signed_up_for_and_what_i_attended(tree):
    coming = activity(tree.chair_a, tree.union_a, kind_name="读书活动")
    services.activity_signup(actor=tree.member_user, activity=coming)
    held = activity(tree.chair_a, tree.union_a, kind_name="技能培训", days=-3, signup_closes=None, hours=2)
    services.activity_attend(actor=tree.staff_a, activity=held, members=[tree.members_a[0]])
    page = _client(tree.member_user).get(reverse("portal_home")).content.decode()
    assert "我的活动" in page
    assert coming.title in page and "已报名" in page
    assert held.title in page and "已参加 · 2.0 学时" in page


def test_api_signup_and_checkin(tree):
    event = activity(tree.chair_a, tree.union_a)
    client = _client(tree.member_user)
    response = client.post(f"/api/v1/activities/{event.pk}/signup", content_type="application/json")
    assert response.json() == {"activity_id": event.pk, "status": "enrolled"}
    again = client.post(f"/api/v1/activities/{event.pk}/signup", content_type="application/json")
    assert again.status_code == 409 and "请勿重复报名" in again.json()["message"]
    event = services.activity_checkin_open(actor=tree.staff_a, activity=event)
    body = {"code": services.checkin_code(event)}
    done = client.post(f"/api/v1/activities/{event.pk}/checkin", body, content_type="application/json")
    assert done.status_code == 200
    detail = client.get(f"/api/v1/activities/{event.pk}").json()
    assert detail["my_checked_in"] and detail["attended"] == 1


def test_a_search_with_a_nul_character_is_answered(tree):
    activity(tree.chair_a, tree.union_a, title="健步走")
    response = _client(tree.member_user).get(reverse("activity_list"), {"q": "健步\x00走"})
    assert response.status_code == 200
