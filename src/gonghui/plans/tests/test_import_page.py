"""Importing a plan in the UI (issue 15): upload or paste, review the proposed structure, save as a draft."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.models import AuditEvent
from gonghui.core.tests.clock import pinned
from gonghui.plans import parsing
from gonghui.plans.models import Plan, PlanItem

pytestmark = [pytest.mark.django_db, pinned]

URL = "/plans/import/review/"

COMPANY = (Path(__file__).parent / "plans" / "company.txt").read_text(encoding="utf-8")
SHORT = (
    "甲厂工会2026年工作计划\n一、民主管理\n1. 3月底前召开职工代表大会。\n2. 每季度召开一次联席会议。\n"
    "二、职工培训\n1. 全年培训职工 300 人次。\n"
)


def _docx(lines) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client, tree, **data):
    return client.post(reverse("plan_import"), {"node": tree.union_a.pk, "year": 2026, **data})


def _token(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return re.fullmatch(r"/plans/import/review/\?t=([-\w]+)", response["Location"]).group(1)


def test_plan_list_offers_import_only_to_managers(client, tree):
    client.force_login(tree.chair_a)
    assert reverse("plan_import") in client.get(reverse("plan_list")).content.decode()
    client.force_login(tree.auditor_a)
    assert reverse("plan_import") not in client.get(reverse("plan_list")).content.decode()
    assert client.get(reverse("plan_import")).status_code == 404


def test_paste_review_save(client, tree):
    client.force_login(tree.chair_a)
    token = _token(_upload(client, tree, text=COMPANY))
    assert not Plan.objects.exists()  # reviewing writes nothing
    page = client.get(URL, {"t": token}).content.decode()
    assert "华腾机械有限公司工会2026年工作计划" in page  # the title proposed from the first line
    assert "（一）" in page and "2026-03-31" in page and "每季度" in page and "目标 300人次" in page
    response = client.post(URL, {"token": token, "title": "华腾2026年计划"})
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plan_detail", args=[plan.pk])
    assert (plan.node, plan.year, plan.title, plan.status) == (tree.union_a, 2026, "华腾2026年计划", "draft")
    assert plan.items.count() == len(parsing.parse_plan(COMPANY.splitlines(), 2026))
    assert AuditEvent.objects.filter(action="plan.import", object_id=str(plan.pk)).count() == 1


def test_docx_upload_keeps_levels(client, tree):
    client.force_login(tree.chair_a)
    data = _docx(SHORT.splitlines())
    token = _token(_upload(client, tree, file=SimpleUploadedFile("计划.docx", data)))
    client.post(URL, {"token": token, "title": "甲厂工会2026年工作计划"})
    plan = Plan.objects.get()
    assert plan.title == "甲厂工会2026年工作计划"
    assert [(i.level, i.title) for i in PlanItem.objects.filter(plan=plan).order_by("level", "position")][
        :2
    ] == [
        (1, "民主管理"),
        (1, "职工培训"),
    ]
    assert PlanItem.objects.filter(plan=plan, level=2).count() == 3


def test_a_double_submit_saves_once(client, tree):
    client.force_login(tree.chair_a)
    token = _token(_upload(client, tree, text=SHORT))
    client.post(URL, {"token": token, "title": "计划"})
    response = client.post(URL, {"token": token, "title": "计划"}, follow=True)
    assert "这份导入已经保存或已过期" in response.content.decode()
    assert Plan.objects.count() == 1 and PlanItem.objects.count() == 5


def test_a_tampered_token_saves_nothing(client, tree):
    client.force_login(tree.chair_a)
    token = _token(_upload(client, tree, text=SHORT))
    response = client.post(URL, {"token": token + "x", "title": "计划"}, follow=True)
    assert "这份导入已经保存或已过期" in response.content.decode()
    assert not Plan.objects.exists()


def test_another_user_cannot_save_the_import(client, tree):
    client.force_login(tree.chair_a)
    token = _token(_upload(client, tree, text=SHORT))
    client.force_login(tree.staff_a)  # a new session: the outline is not there
    response = client.post(URL, {"token": token, "title": "计划"})
    assert response.status_code == 302 and response["Location"] == reverse("plan_import")
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "  \n "}, "请上传计划文件，或粘贴计划全文。"),
        ({"text": "只有一句话，没有编号。"}, "没有找到编号的条目"),
        ({"file": SimpleUploadedFile("计划.pdf", b"%PDF-1.4")}, "不是 Word 文档（.docx）或纯文本文件"),
        (
            {"file": SimpleUploadedFile("计划.docx", b"PK\x03\x04broken")},
            "不是 Word 文档（.docx）或纯文本文件",
        ),
        ({"file": SimpleUploadedFile("计划.txt", b"\xff\xfe\x00\x00\x01binary\x00")}, "计划.txt"),
        ({"file": SimpleUploadedFile("计划.txt", b"")}, "所提交的是空文件"),
        ({"file": SimpleUploadedFile("大.txt", b"a" * (parsing.MAX_FILE_BYTES + 1))}, "超过 5 MB"),
    ],
)
def test_refusals_name_the_problem_and_save_nothing(client, tree, data, message):
    client.force_login(tree.chair_a)
    response = _upload(client, tree, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "plans:import" not in client.session
    assert not Plan.objects.exists()


def test_a_plan_already_there_is_refused_at_upload_and_at_save(client, tree):
    client.force_login(tree.chair_a)
    token = _token(_upload(client, tree, text=SHORT))
    Plan.objects.create(node=tree.union_a, year=2026, title="已有计划", created_by=tree.chair_a)
    response = _upload(client, tree, text=SHORT)
    assert "已有 2026 年度的工作计划" in response.content.decode()
    response = client.post(URL, {"token": token, "title": "计划"}, follow=True)
    assert "已有 2026 年度的工作计划" in response.content.decode()
    assert Plan.objects.count() == 1 and not PlanItem.objects.exists()


def test_a_bad_title_at_save_keeps_the_review(client, tree):
    client.force_login(tree.chair_a)
    token = _token(_upload(client, tree, text=SHORT))
    response = client.post(URL, {"token": token, "title": "  "})
    assert response.status_code == 200 and "计划标题" in response.content.decode()
    assert not Plan.objects.exists()
    client.post(URL, {"token": token, "title": "计划"})
    assert Plan.objects.count() == 1
