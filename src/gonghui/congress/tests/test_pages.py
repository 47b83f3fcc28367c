"""Pages a union officer uses: forms show refusals in Chinese and change nothing; exports download."""

import io
import zipfile
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.congress import services
from gonghui.congress.models import CommitteeRecord, Representative, Session, Term
from gonghui.congress.tests.factories import build_congress
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import MemberFactory, old_15_digit, typed_full_width

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _xlsx_text(response) -> str:
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        return " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))


def test_new_term_from_the_page(tree):
    response = _client(tree.chair_a).post(
        reverse("congress_term_create"),
        {
            "kind": "workers",
            "number": 4,
            "starts_on": "2026-01-01",
            "ends_on": "2030-12-31",
            "worker_count": 300,
            "women_worker_count": 90,
            "manager_count": 20,
            "seats_planned": 40,
        },
    )
    term = Term.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "congress_term_detail", args=[term.pk]
    )


def test_new_term_with_end_before_start_shows_the_reason(tree):
    response = _client(tree.chair_a).post(
        reverse("congress_term_create"),
        {
            "kind": "workers",
            "number": 4,
            "starts_on": "2026-01-01",
            "ends_on": "2025-12-31",
            "worker_count": 300,
            "women_worker_count": 0,
            "manager_count": 0,
            "seats_planned": 40,
        },
    )
    assert "任期结束日期应晚于开始日期" in response.content.decode()
    assert not Term.objects.exists()


def test_term_page_shows_composition_warnings(tree, congress):
    html = (
        _client(tree.auditor_a).get(reverse("congress_term_detail", args=[congress.term.pk])).content.decode()
    )
    assert "还需 24 人" in html  # 6 representatives, 30 seats at least
    assert congress.reps[0].member.name in html
    assert "登记代表" not in html  # the auditor reads, does not manage


def test_term_page_reads_the_jurisdiction_chain_once_and_follows_it(tree):
    """Seven rules on this page used to read the union's jurisdiction chain seven times (20 queries in all)."""
    Org.objects.filter(pk=tree.town_a.pk).update(jurisdiction="zhejiang")
    term = build_congress(
        tree.union_a, representatives=10, women=3, worker_count=60, women_worker_count=20
    ).term
    with CaptureQueriesContext(connection) as queries:
        html = _client(tree.auditor_a).get(reverse("congress_term_detail", args=[term.pk])).content.decode()
    chain_reads = [q for q in queries.captured_queries if '"jurisdiction" = ' in q["sql"]]
    assert len(chain_reads) == 1
    assert "女代表 3 人（30%），低于女职工比例 33%，还需 1 人。" in html  # Zhejiang's floor, from the town


def test_adding_a_representative_from_the_page(tree, congress):
    member = MemberFactory(union=tree.union_a, sex="F")
    client = _client(tree.staff_a)
    url = reverse("congress_representative_add", args=[congress.term.pk])
    response = client.post(
        url, {"member": member.pk, "constituency": "第三代表团", "elected_on": "2026-03-01"}
    )
    assert response.status_code == 302
    assert Representative.objects.filter(member=member, term=congress.term).exists()
    # A member of another union is not even offered.
    response = client.post(
        url, {"member": tree.members_b[0].pk, "constituency": "一团", "elected_on": "2026-03-01"}
    )
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()


def test_representative_list_export(tree, congress):
    response = _client(tree.cadre_a).get(reverse("congress_representative_export", args=[congress.term.pk]))
    text = _xlsx_text(response)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert all(rep.member.name in text for rep in congress.reps)
    assert congress.reps[0].member.id_number not in text


def test_attendance_sheet_marks_who_checked_in(tree, congress):
    services.session_open(actor=tree.chair_a, session=congress.session)
    services.checkin_manual(actor=tree.chair_a, session=congress.session, representative=congress.reps[0])
    response = _client(tree.chair_a).get(reverse("congress_attendance_export", args=[congress.session.pk]))
    text = _xlsx_text(response)
    assert text.count("已签到") == 1 and text.count("未签到") == len(congress.reps) - 1
    session = congress.session
    name = f"{session.term.node.name}-{session.title}-签到表-{session.held_on.isoformat()}.xlsx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


def test_session_page_runs_the_meeting(tree, congress):
    client = _client(tree.chair_a)
    session_url = reverse("congress_session_detail", args=[congress.session.pk])
    client.post(
        reverse("congress_agenda_add", args=[congress.session.pk]), {"title": "工资方案", "kind": "plan"}
    )
    item = congress.session.agenda.get()
    # One teller where the ballot engine needs two: the vote is set up, and refused when it opens.
    client.post(reverse("congress_agenda_vote_setup", args=[item.pk]), {"teller": [congress.reps[0].pk]})
    item.refresh_from_db()
    assert item.poll is not None
    client.post(reverse("congress_session_open", args=[congress.session.pk]))
    response = client.post(reverse("congress_vote_open", args=[item.poll.pk]), follow=True)
    assert "须确认结果的计票人为 2 名，目前只指定了 1 名" in response.content.decode()
    html = client.get(session_url).content.decode()
    assert "开始表决" in html and "签到台" in html


def test_manual_checkin_twice_shows_a_message(tree, congress):
    services.session_open(actor=tree.chair_a, session=congress.session)
    client = _client(tree.staff_a)
    url = reverse("congress_checkin_manual", args=[congress.session.pk, congress.reps[0].pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "已经签到" in response.content.decode()
    assert congress.session.checkins.count() == 1


def test_committee_records_from_the_page(tree, congress):
    committee = services.committee_create(
        actor=tree.chair_a, term=congress.term, name="提案工作委员会", kind="committee"
    )
    client = _client(tree.chair_a)
    client.post(
        reverse("congress_committee_record_add", args=[committee.pk]),
        {"held_on": "2026-05-06", "title": "提案督办", "content": "督办 3 件"},
    )
    response = client.post(
        reverse("congress_committee_record_add", args=[committee.pk]), {"title": ""}, follow=True
    )
    assert "请填写日期和事项" in response.content.decode()
    assert CommitteeRecord.objects.filter(committee=committee).count() == 1
    html = client.get(reverse("congress_committee_detail", args=[committee.pk])).content.decode()
    assert "提案督办" in html


def test_term_list_flags_a_term_that_has_not_met_for_a_year(tree, congress):
    Session.objects.filter(pk=congress.session.pk).delete()
    Term.objects.filter(pk=congress.term.pk).update(starts_on=timezone.localdate() - timedelta(days=400))
    html = _client(tree.chair_a).get(reverse("congress_term_list")).content.decode()
    assert "逾期未开会" in html


def test_evaluation_from_the_page_links_a_cadre_to_their_account(tree, congress):
    own = tree.members_a[0]  # member_user's roster entry
    client = _client(tree.chair_a)
    url = reverse("congress_evaluation_create", args=[congress.session.pk])
    response = client.post(url, {"title": "民主评议", "cadres": "张\n"})
    assert "第 1 行“张”缺少职务" in response.content.decode()
    response = client.post(
        url,
        {
            "title": "民主评议",
            "cadres": f"{own.name} 工会副主席\n陈立新，总经理",
            "tellers": [r.pk for r in congress.reps[:2]],
        },
    )
    assert response.status_code == 302
    evaluation = congress.session.evaluation
    assert [(c.name, c.post, c.user) for c in evaluation.cadres.all()] == [
        (own.name, "工会副主席", tree.member_user),
        ("陈立新", "总经理", None),
    ]
    assert evaluation.poll.tellers.count() == 2


def _upload(rows) -> SimpleUploadedFile:
    csv = "\n".join(",".join(row) for row in rows).encode()
    return SimpleUploadedFile("代表名单.csv", csv, "text/csv")


def test_import_representatives_from_a_spreadsheet(tree, congress):
    fresh = [MemberFactory(union=tree.union_a) for _ in range(2)]
    client = _client(tree.chair_a)
    url = reverse("congress_representative_import", args=[congress.term.pk])
    rows = [
        ["身份证号", "代表团/选区", "中层以上"],
        [fresh[0].id_number, "三团", "是"],
        [fresh[1].id_number, "三团", ""],
    ]
    response = client.post(url, {"file": _upload(rows)})
    assert response.status_code == 302
    imported = congress.term.representatives.filter(member__in=fresh).order_by("member_id")
    assert [(r.constituency, r.is_manager) for r in imported] == [("三团", True), ("三团", False)]


def test_import_finds_representatives_whose_numbers_are_typed_full_width_or_in_15_digits(tree, congress):
    """The roster import accepts both forms, so the representatives list must find the same people."""
    fresh = [
        MemberFactory(union=tree.union_a),
        MemberFactory(union=tree.union_a, birth_date=date(1968, 5, 4)),
    ]
    rows = [
        ["身份证号", "代表团/选区"],
        [typed_full_width(fresh[0].id_number), "三团"],
        [old_15_digit(fresh[1].id_number), "三团"],
    ]
    response = _client(tree.chair_a).post(
        reverse("congress_representative_import", args=[congress.term.pk]), {"file": _upload(rows)}
    )
    assert response.status_code == 302
    assert congress.term.representatives.filter(member__in=fresh).count() == 2


def test_import_with_a_bad_row_names_it_and_imports_nothing(tree, congress):
    fresh = MemberFactory(union=tree.union_a)
    client = _client(tree.chair_a)
    url = reverse("congress_representative_import", args=[congress.term.pk])
    rows = [
        ["身份证号", "代表团/选区"],
        [fresh.id_number, "三团"],
        [tree.members_b[0].id_number, "三团"],
        [congress.reps[0].member.id_number, "一团"],
    ]
    html = client.post(url, {"file": _upload(rows)}).content.decode()
    assert "第 3 行：身份证号不在本工会的在会会员名册中。" in html
    assert "第 4 行：" in html and "已经是本届代表" in html
    assert not congress.term.representatives.filter(member=fresh).exists()
    html = client.post(url, {"file": _upload([["姓名", "选区"]])}).content.decode()
    assert "缺少“身份证号、代表团/选区”列" in html
