"""Plan pages, API, templates, last year's copy, the work desk and the reminder sweep."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gonghui.core.registry import desk_for
from gonghui.core.tests.clock import pinned
from gonghui.meetings.services import meeting_record
from gonghui.notices.models import Notification
from gonghui.plans import selectors, services
from gonghui.plans.models import Occurrence, Plan, PlanItem, PlanStatus
from gonghui.plans.tasks import plan_reminders
from gonghui.plans.templates_data import TEMPLATES

pytestmark = [pytest.mark.django_db, pinned]


def _login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_each_template_makes_a_numbered_dated_plan(tree, key):
    node = tree.town_a if key == "town" else tree.union_a
    actor = tree.cadre_a if key == "town" else tree.chair_a
    plan = services.plan_draft(actor=actor, node=node, year=2027, title="计划", source=f"template:{key}")
    rows = selectors.numbered_items(plan)
    assert rows[0].number == "一、" and rows[1].number == "（一）"
    assert len(rows) == len(TEMPLATES[key]["entries"])
    assert all(m.due.year == 2027 for r in rows for m in r.item.milestones.all())


def test_new_plan_page_from_a_template(client, tree):
    _login(client, tree.chair_a)
    page = client.get(reverse("plan_create")).content.decode()
    assert "模板：企业工会" in page and "甲机械厂工会" in page
    response = client.post(
        reverse("plan_create"),
        {"node": tree.union_a.pk, "year": 2026, "title": "2026年工会工作计划", "source": "template:company"},
        follow=True,
    )
    page = response.content.decode()
    assert "2026年工会工作计划" in page and "一、" in page and "推进集体协商" in page


def test_new_plan_page_names_a_refusal_and_creates_nothing(client, tree):
    _login(client, tree.chair_a)
    response = client.post(
        reverse("plan_create"),
        {"node": tree.union_a.pk, "year": 2026, "title": "计划", "source": "last_year"},
    )
    assert "没有 2025 年度的计划可以复制" in response.content.decode()
    assert not Plan.objects.exists()


def test_last_years_plan_is_copied_a_year_on_without_links(tree):
    old = services.plan_create(actor=tree.chair_a, node=tree.union_a, year=2025, title="2025年计划")
    section = services.item_add(actor=tree.chair_a, plan=old, title="民主管理", owner_name="工会办公室")
    item = services.item_add(
        actor=tree.chair_a,
        plan=old,
        parent=section,
        title="召开职代会",
        deadlines=["2025-03-31"],
        targets=[{"quantity": 1, "unit": "次"}],
    )
    services.item_link(actor=tree.chair_a, item=item, provider="congress.sessions_held")
    new = services.plan_draft(
        actor=tree.chair_a, node=tree.union_a, year=2026, title="2026年计划", source="last_year"
    )
    rows = selectors.numbered_items(new)
    assert [(r.number, r.item.title, r.item.owner_name) for r in rows] == [
        ("一、", "民主管理", "工会办公室"),
        ("（一）", "召开职代会", ""),
    ]
    copy = rows[1].item
    assert [m.due for m in copy.milestones.all()] == [date(2026, 3, 31)]
    assert copy.provider == "" and copy.targets.get().quantity == 1


def test_plan_page_shows_tree_progress_and_adopt_from_a_meeting(client, tree):
    plan = services.plan_create(actor=tree.chair_a, node=tree.union_a, year=2026, title="2026年计划")
    item = services.item_add(
        actor=tree.chair_a, plan=plan, title="召开职代会", targets=[{"quantity": 2, "unit": "次"}]
    )
    services.item_link(actor=tree.chair_a, item=item, provider="congress.sessions_held")
    meeting = meeting_record(
        actor=tree.chair_a,
        node=tree.union_a,
        held_on=date(2026, 1, 8),
        title="工会委员会会议",
        members_total=5,
        members_present=5,
        decisions="通过计划",
    )
    _login(client, tree.chair_a)
    page = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "一、" in page and "0 / 2 次" in page and "登记通过" in page
    client.post(reverse("plan_adopt", args=[plan.pk]), {"meeting": meeting.pk})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED
    # The auditor reads the plan, sees no buttons and is refused a step.
    _login(client, tree.auditor_a)
    page = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "开始执行" not in page
    response = client.post(reverse("plan_start", args=[plan.pk]), follow=True)
    assert "只有本级工会主席" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED


def test_item_page_links_a_provider(client, tree):
    plan = services.plan_create(actor=tree.chair_a, node=tree.union_a, year=2026, title="2026年计划")
    item = services.item_add(actor=tree.chair_a, plan=plan, title="答复提案")
    _login(client, tree.chair_a)
    client.post(
        reverse("plan_item_edit", args=[item.pk]),
        {
            "title": "答复提案",
            "owner_kind": "committee",
            "owner_name": "提案工作委员会",
            "provider": "proposals.answered",
        },
    )
    item.refresh_from_db()
    assert (item.provider, item.owner_name) == ("proposals.answered", "提案工作委员会")
    page = client.get(reverse("plan_item_edit", args=[item.pk])).content.decode()
    assert "提案（已答复）" in page


def test_api_lists_plans_and_adds_and_links_items(client, tree):
    plan = services.plan_create(actor=tree.chair_a, node=tree.union_a, year=2026, title="2026年计划")
    _login(client, tree.chair_a)
    listed = client.get("/api/v1/plans").json()
    assert listed["results"][0]["node"] == {"id": tree.union_a.pk, "name": "甲机械厂工会"}
    created = client.post(
        f"/api/v1/plans/{plan.pk}/items",
        json.dumps(
            {
                "title": "职工体检",
                "deadlines": ["2026-09-30"],
                "targets": [{"quantity": 100, "quantity_unit": "%"}],
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"] == "一、" and body["deadlines"] == ["2026-09-30"]
    bad = client.post(
        f"/api/v1/plans/{plan.pk}/items",
        json.dumps({"title": "x", "deadlines": ["2030-01-01"]}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "不在计划年度" in bad.json()["message"]
    linked = client.post(
        f"/api/v1/plans/items/{body['id']}/link",
        json.dumps({"provider": "nothing"}),
        content_type="application/json",
    )
    assert linked.status_code == 400
    detail = client.get(f"/api/v1/plans/{plan.pk}").json()
    assert [i["title"] for i in detail["items"]] == ["职工体检"]


def _live_plan(tree, *, more=()):
    plan = services.plan_create(actor=tree.chair_a, node=tree.union_a, year=2026, title="2026年计划")
    for fields in more:
        services.item_add(actor=tree.chair_a, plan=plan, **fields)
    services.item_add(actor=tree.chair_a, plan=plan, title="职工体检", deadlines=["2026-06-20"])
    services.item_add(actor=tree.chair_a, plan=plan, title="职代会", deadlines=["2026-06-01"])
    services.item_add(actor=tree.chair_a, plan=plan, title="运动会", deadlines=["2026-10-01"])
    meeting = meeting_record(
        actor=tree.chair_a,
        node=tree.union_a,
        held_on=date(2026, 1, 8),
        title="工会委员会会议",
        members_total=5,
        members_present=5,
        decisions="通过计划",
    )
    return services.plan_adopt(actor=tree.chair_a, plan=plan, meeting=meeting)


def test_desk_shows_the_keepers_due_and_overdue_items(tree):
    _live_plan(tree)
    titles = {(i.title, i.overdue) for i in desk_for(tree.chair_a) if "计划" in i.title}
    assert titles == {("计划节点：职代会", True), ("计划节点：职工体检", False)}
    assert not [i for i in desk_for(tree.auditor_a) if "计划" in i.title]
    assert not [i for i in desk_for(tree.cadre_a) if "计划节点" in i.title]


def test_a_repeating_item_behind_by_several_occurrences_is_one_line_on_the_desk(tree):
    _live_plan(tree, more=[{"title": "主席例会", "repeat": "monthly"}])
    lines = [i for i in desk_for(tree.chair_a) if "主席例会" in i.title]
    due_by_next_week = Occurrence.objects.filter(item__title="主席例会", due__lte=date(2026, 6, 22)).count()
    assert due_by_next_week > 1  # the clock is pinned to 15 June
    assert [(i.title, i.overdue) for i in lines] == [
        (f"计划例行事项：主席例会（{due_by_next_week} 次未完成）", True)
    ]


def test_sweep_reminds_once_before_and_once_overdue_and_digests_on_monday(tree):
    plan = _live_plan(tree)
    # 2026-06-13 is a Saturday: 06-20 falls due in 7 days, 06-01 is overdue.
    with time_machine.travel(datetime(2026, 6, 13, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        sent = plan_reminders.call()
        assert sent == 4  # chair and staff, two items
        assert plan_reminders.call() == 0
    texts = set(Notification.objects.filter(user=tree.chair_a).values_list("text", flat=True))
    assert texts == {
        "计划事项“职工体检”须在 2026-06-20 前完成。",
        "计划事项“职代会”已超过完成期限（2026-06-01），请尽快完成并记录进展。",
    }
    with time_machine.travel(datetime(2026, 6, 15, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        assert plan_reminders.call() == 1  # the chair's Monday digest
    digest = Notification.objects.filter(user=tree.chair_a, key__contains="digest").get()
    assert digest.text == "2026年计划：本周有 1 项到期，1 项已逾期。"
    assert not Notification.objects.filter(user=tree.auditor_a).exists()
    assert PlanItem.objects.filter(plan=plan).count() == 3


def test_the_plan_downloads_as_a_word_document_with_its_numbers(client, tree):
    import io

    from docx import Document

    plan = services.create_plan_from_outline(
        actor=tree.chair_a,
        node=tree.union_a,
        year=2026,
        title="2026年工会工作计划",
        outline=[
            {"level": 1, "title": "维护职工权益"},
            {
                "level": 2,
                "title": "签订工资专项集体合同",
                "deadlines": ["2026-08-31"],
                "targets": [{"quantity": 1, "unit": "份"}],
            },
        ],
    )
    _login(client, tree.auditor_a)
    response = client.get(reverse("plan_export", args=[plan.pk]))
    assert response.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert texts[0] == "2026年工会工作计划"
    assert texts[2:] == ["一、维护职工权益", "（一）签订工资专项集体合同（时限：8月31日前；目标：1份）"]
