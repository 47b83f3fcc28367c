"""The member's pages (我的, the card), the application form and the committee's pages, and the API."""

import json
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import MEMBER_SECTIONS
from gonghui.core.tests.clock import pinned
from gonghui.notices.models import Notification
from gonghui.notices.services import notify
from gonghui.orgs.cards import member_from_card, member_number
from gonghui.orgs.tests.factories import make_id_number
from gonghui.portal import services
from gonghui.portal.models import ApplicationStatus, JoinApplication, WorkKind
from gonghui.portal.tasks import join_reminders
from gonghui.proposals.tests.factories import congress, submitted

pytestmark = [pytest.mark.django_db, pinned]

ID = make_id_number(date(1992, 2, 2), 444)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _application(tree, **overrides) -> JoinApplication:
    fields = {"actor": None, "union": tree.union_a, "name": "韩晓东", "id_number": ID, "phone": "13912345678",
              "employer": "甲机械厂", "work_kind": WorkKind.EMPLOYEE, **overrides}  # fmt: skip
    return services.join_apply(**fields)


def test_every_landed_app_adds_its_section_to_the_members_home():
    assert {"seat", "votes", "proposals", "notices"} <= {s.key for s in MEMBER_SECTIONS}


def test_member_home_shows_card_link_and_only_the_sections_with_something(tree):
    c = congress(tree.union_a, proposer_user=tree.member_user)
    submitted(c, title="改善食堂伙食")
    notify(user=tree.member_user, text="请参加职工之家活动")
    page = _client(tree.member_user).get(reverse("portal_home")).content.decode()
    assert member_number(tree.members_a[0]) in page
    assert reverse("portal_card") in page
    assert 'id="section-proposals"' in page and "改善食堂伙食" in page
    assert 'id="section-notices"' in page and "请参加职工之家活动" in page
    assert 'id="section-seat"' in page  # a representative of the current term
    assert 'id="section-votes"' not in page  # no poll open to them, none taken part in


def test_someone_without_a_member_record_is_offered_to_join(tree):
    page = _client(tree.nobody).get(reverse("portal_home")).content.decode()
    assert 'id="not-a-member"' in page and reverse("join_apply") in page
    assert reverse("portal_card") not in page


def test_card_shows_name_union_number_and_a_qr_but_no_id_number(tree):
    member = tree.members_a[0]
    response = _client(tree.member_user).get(reverse("portal_card"))
    page = response.content.decode()
    assert member.name in page and member.union.name in page and member_number(member) in page
    assert member.id_number not in page and member.id_number[-6:] not in page
    assert re.search(r'<img class="member-card-qr[^"]*" src="data:image/svg\+xml', page)
    assert 'hx-trigger="every 60s"' in page  # redrawn with a fresh token each minute


def test_api_card_token_checks_in_as_the_member(tree):
    body = _client(tree.member_user).get("/api/v1/mine/card").json()
    assert body["union"] == {"id": tree.union_a.pk, "name": tree.union_a.name}
    assert member_from_card(body["token"]) == tree.members_a[0]
    assert tree.members_a[0].id_number not in json.dumps(body)


def test_members_without_a_staff_role_land_on_their_home_and_staff_on_the_desk(tree):
    assert _client(tree.member_user).get(reverse("landing")).url == reverse("portal_home")
    assert _client(tree.chair_a).get(reverse("landing")).url == reverse("home")
    assert _client(tree.nobody).get(reverse("landing")).url == reverse("home")  # no member record


def test_signing_in_as_a_member_leads_to_mine(tree):
    tree.member_user.set_password("pw-Member-2026")
    tree.member_user.save()
    client = Client()
    response = client.post(
        reverse("login"), {"username": "member_a", "password": "pw-Member-2026"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portal_home")


def test_menu_links_mine_for_members_and_applications_for_the_committee(tree):
    member_page = _client(tree.member_user).get(reverse("home")).content.decode()
    assert f'href="{reverse("portal_home")}"' in member_page
    assert f'href="{reverse("join_list")}"' not in member_page
    chair_page = _client(tree.chair_a).get(reverse("home")).content.decode()
    assert f'href="{reverse("join_list")}"' in chair_page
    cadre_page = _client(tree.cadre_a).get(reverse("home")).content.decode()
    assert f'href="{reverse("portal_home")}"' not in cadre_page  # a federation's cadre is on no roster


def test_join_form_submits_and_leads_to_the_status_page(tree):
    client = _client()
    form = {"work_kind": "employee", "union": tree.union_a.pk, "name": "韩晓东", "id_number": ID,
            "phone": "13912345678", "employer": "甲机械厂"}  # fmt: skip
    response = client.post(reverse("join_apply"), form, follow=True)
    assert "待审核" in response.content.decode()
    again = client.post(reverse("join_apply"), form)  # the back button and a second tap
    assert again.status_code == 200 and "请勿重复提交" in again.content.decode()
    assert JoinApplication.objects.count() == 1


def test_join_form_shows_the_id_number_problem_and_saves_nothing(tree):
    form = {"work_kind": "employee", "union": tree.union_a.pk, "name": "韩晓东", "id_number": ID[:-1] + "Y",
            "phone": "13912345678", "employer": "甲机械厂"}  # fmt: skip
    response = _client().post(reverse("join_apply"), form)
    assert response.status_code == 200 and "身份证号" in response.content.decode()
    assert not JoinApplication.objects.exists()


def test_status_link_of_an_application_sent_from_an_account_shows_to_that_account_only(tree):
    application = _application(tree, actor=tree.nobody)
    url = reverse("join_status", args=[services.status_token(application)])
    assert _client(tree.nobody).get(url).status_code == 200
    assert _client(tree.member_user).get(url).status_code == 404
    assert _client().get(reverse("join_status", args=["forged"])).status_code == 404


def test_committee_accepts_on_the_page_and_the_desk_counts_what_waits(tree):
    application = _application(tree)
    chair = _client(tree.chair_a)
    assert "1 份入会申请待审核" in chair.get(reverse("home")).content.decode()
    detail = chair.get(reverse("join_detail", args=[application.pk])).content.decode()
    assert ID not in detail and "13912345678" not in detail  # masked for the committee's screen
    chair.post(reverse("join_accept", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert "入会申请待审核" not in chair.get(reverse("home")).content.decode()


def test_town_cadre_sees_but_cannot_decide(tree):
    application = _application(tree)
    cadre = _client(tree.cadre_a)
    detail = cadre.get(reverse("join_detail", args=[application.pk])).content.decode()
    assert 'id="accept"' not in detail
    response = cadre.post(reverse("join_accept", args=[application.pk]), follow=True)
    assert "只有本会工会委员会" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_decline_without_a_reason_is_refused_on_the_page(tree):
    application = _application(tree)
    response = _client(tree.chair_a).post(
        reverse("join_decline", args=[application.pk]), {"reason": ""}, follow=True
    )
    assert "请填写不批准的理由" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_api_apply_and_decide(tree):
    client = _client(tree.nobody)
    body = {"union_id": tree.union_a.pk, "name": "韩晓东", "id_number": ID, "phone": "13912345678",
            "employer": "甲机械厂", "work_kind": "employee"}  # fmt: skip
    created = client.post("/api/v1/join-applications", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["id_number"] != ID
    again = client.post("/api/v1/join-applications", body, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "duplicate"
    bad = client.post(
        "/api/v1/join-applications", {**body, "id_number": "123"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "身份证" in bad.json()["message"]
    pk = created.json()["id"]
    staff = _client(tree.staff_a)
    accepted = staff.post(f"/api/v1/join-applications/{pk}/accept", content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    mine = client.get("/api/v1/mine").json()
    assert mine["member"]["union"] == {"id": tree.union_a.pk, "name": tree.union_a.name}


def test_reminders_go_to_the_committee_before_the_deadline_once_a_day(tree):
    soon = _application(tree)
    JoinApplication.objects.filter(pk=soon.pk).update(deadline=timezone.localdate() + timedelta(days=2))
    later = _application(tree, id_number=make_id_number(date(1990, 1, 1), 9), name="蒋丽娜")
    late = _application(tree, id_number=make_id_number(date(1991, 1, 1), 8), name="邓志刚")
    JoinApplication.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    Notification.objects.all().delete()
    assert join_reminders.call() == 4  # two applications × chair and staff
    assert join_reminders.call() == 0
    texts = list(Notification.objects.filter(user=tree.chair_a).values_list("text", flat=True))
    assert any("韩晓东" in t and "前答复" in t for t in texts)
    assert any("邓志刚" in t and "已超过答复期限" in t for t in texts)
    assert not any(later.name in t for t in texts)


def test_federation_desk_counts_late_applications_below(tree):
    late = _application(tree)
    JoinApplication.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    assert "1 份入会申请逾期未答复" in _client(tree.cadre_a).get(reverse("home")).content.decode()
    assert "入会申请逾期" not in _client(tree.cadre_b).get(reverse("home")).content.decode()
