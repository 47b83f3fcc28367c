"""Plans through their services: the life of a plan, its numbered items, versions, cascade, progress from the
providers other apps register, and a plan built from an import outline."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.activities.services import activity_attend
from gonghui.activities.tests.factories import activity
from gonghui.congress.models import AgendaItem, AgendaKind, SessionStatus
from gonghui.congress.tests.factories import SessionFactory, TermFactory
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.models import AuditEvent
from gonghui.core.registry import PROGRESS_PROVIDERS
from gonghui.core.tests.clock import pinned
from gonghui.meetings.services import meeting_record
from gonghui.plans import selectors, services
from gonghui.plans.models import Occurrence, Plan, PlanItem, PlanStatus, Repeat, Target
from gonghui.plans.numbering import outline_number

pytestmark = [pytest.mark.django_db, pinned]


def _plan(tree, node=None, actor=None):
    return services.plan_create(
        actor=actor or tree.chair_a, node=node or tree.union_a, year=2026, title="2026年工会工作计划"
    )


def _meeting(tree):
    return meeting_record(
        actor=tree.chair_a,
        node=tree.union_a,
        held_on=date(2026, 1, 10),
        title="工会委员会第三次会议",
        members_total=7,
        members_present=6,
        decisions="审议通过2026年工会工作计划。",
    )


def test_chinese_numbers_follow_level_and_position():
    assert [outline_number(1, n) for n in (1, 10, 11, 20, 23)] == [
        "一、",
        "十、",
        "十一、",
        "二十、",
        "二十三、",
    ]
    assert [outline_number(lvl, 2) for lvl in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]


def test_items_are_numbered_in_document_order(tree):
    plan = _plan(tree)
    first = services.item_add(actor=tree.chair_a, plan=plan, title="加强思想政治引领")
    second = services.item_add(actor=tree.chair_a, plan=plan, title="维护职工合法权益")
    sub = services.item_add(actor=tree.chair_a, plan=plan, parent=second, title="推进集体协商")
    services.item_add(actor=tree.chair_a, plan=plan, parent=sub, title="签订工资专项集体合同")
    services.item_add(actor=tree.chair_a, plan=plan, parent=first, title="开展主题教育")
    rows = selectors.numbered_items(plan)
    assert [(r.number, r.item.title) for r in rows] == [
        ("一、", "加强思想政治引领"),
        ("（一）", "开展主题教育"),
        ("二、", "维护职工合法权益"),
        ("（一）", "推进集体协商"),
        ("1.", "签订工资专项集体合同"),
    ]


def test_a_second_plan_for_the_same_year_is_refused(tree):
    _plan(tree)
    with pytest.raises(Conflict, match="已有 2026 年度"):
        _plan(tree)
    assert Plan.objects.count() == 1


def test_a_plan_on_a_team_or_out_of_reach_is_refused(tree):
    with pytest.raises(DomainError, match="分会、班组"):
        _plan(tree, node=tree.team_a)
    with pytest.raises(PermissionDenied):
        _plan(tree, node=tree.union_b)
    with pytest.raises(PermissionDenied):
        _plan(tree, actor=tree.auditor_a)
    assert not Plan.objects.exists()


def test_plan_is_adopted_by_a_committee_meeting_then_runs_and_closes(tree):
    plan = _plan(tree)
    meeting = _meeting(tree)
    plan = services.plan_adopt(actor=tree.chair_a, plan=plan, meeting=meeting)
    assert (plan.status, plan.adopted_on, plan.adopted_at_meeting) == (
        PlanStatus.ADOPTED,
        date(2026, 1, 10),
        meeting,
    )
    plan = services.plan_start(actor=tree.chair_a, plan=plan)
    plan = services.plan_close(actor=tree.chair_a, plan=plan)
    assert plan.status == PlanStatus.CLOSED
    assert AuditEvent.objects.filter(action="plan.adopt", object_id=str(plan.pk)).exists()


def test_adoption_needs_exactly_one_body_of_the_same_union(tree):
    plan = _plan(tree)
    with pytest.raises(DomainError, match="二者选一"):
        services.plan_adopt(actor=tree.chair_a, plan=plan)
    other = meeting_record(
        actor=tree.chair_b,
        node=tree.union_b,
        held_on=date(2026, 1, 5),
        title="乙工会委员会会议",
        members_total=5,
        members_present=5,
        decisions="通过计划。",
    )
    with pytest.raises(DomainError, match="本级工会委员会"):
        services.plan_adopt(actor=tree.chair_a, plan=plan, meeting=other)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_plan_is_adopted_by_a_congress_agenda_item(tree):
    plan = _plan(tree)
    term = TermFactory(node=tree.union_a)
    session = SessionFactory(term=term, held_on=date(2026, 2, 20), status=SessionStatus.CLOSED)
    agenda = AgendaItem.objects.create(
        session=session, position=1, title="审议年度工作计划", kind=AgendaKind.PLAN
    )
    plan = services.plan_adopt(actor=tree.chair_a, plan=plan, agenda_item=agenda)
    assert (plan.adopted_on, plan.adopted_at_agenda) == (date(2026, 2, 20), agenda)


def test_an_adopted_plan_changes_only_through_a_new_version_and_keeps_the_old(tree):
    plan = _plan(tree)
    item = services.item_add(actor=tree.chair_a, plan=plan, title="举办职工运动会", deadlines=["2026-10-31"])
    plan = services.plan_adopt(actor=tree.chair_a, plan=plan, meeting=_meeting(tree))
    with pytest.raises(Conflict, match="修订计划"):
        services.item_update(actor=tree.chair_a, item=item, title="举办职工趣味运动会")
    with pytest.raises(DomainError, match="修订原因"):
        services.plan_new_version(actor=tree.chair_a, plan=plan, reason="  ")
    plan = services.plan_new_version(actor=tree.chair_a, plan=plan, reason="场馆改建，运动会改为趣味赛")
    services.item_update(
        actor=tree.chair_a, item=PlanItem.objects.get(pk=item.pk), title="举办职工趣味运动会"
    )
    assert plan.version == 2
    old = plan.versions.get(number=1)
    assert old.reason == "场馆改建，运动会改为趣味赛"
    assert old.snapshot == [
        {
            "number": "一、",
            "level": 1,
            "title": "举办职工运动会",
            "owner": "",
            "deadlines": ["2026-10-31"],
            "targets": [],
        }
    ]
    assert PlanItem.objects.get(pk=item.pk).title == "举办职工趣味运动会"


def test_repeating_items_get_each_occurrence_in_the_year(tree):
    plan = _plan(tree)
    monthly = services.item_add(
        actor=tree.chair_a, plan=plan, title="召开工会委员会例会", repeat=Repeat.MONTHLY
    )
    quarterly = services.item_add(actor=tree.chair_a, plan=plan, title="安全检查", repeat=Repeat.QUARTERLY)
    biweekly = services.item_add(actor=tree.chair_a, plan=plan, title="班组学习", repeat=Repeat.BIWEEKLY)
    assert monthly.occurrences.count() == 12
    assert list(quarterly.occurrences.values_list("due", flat=True)) == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 31),
    ]
    assert biweekly.occurrences.count() == 26
    first = monthly.occurrences.first()
    services.occurrence_tick(actor=tree.chair_a, occurrence=first, on=date(2026, 1, 30))
    progress = selectors.item_progress(monthly)
    assert (progress.value, progress.target, progress.percent) == (1, 12, 8)
    with pytest.raises(DomainError, match="不能晚于今天"):
        services.occurrence_tick(actor=tree.chair_a, occurrence=first, on=date(2026, 12, 1))


def test_item_input_is_checked_and_nothing_written(tree):
    plan = _plan(tree)
    cases = [
        ({"title": ""}, "请填写条目内容"),
        ({"title": "x", "repeat": "daily"}, "重复方式"),
        ({"title": "x", "deadlines": ["2025-05-01"]}, "不在计划年度"),
        ({"title": "x", "deadlines": ["五月底"]}, "无法识别"),
        ({"title": "x", "targets": [{"quantity": -1, "unit": "次"}]}, "不小于 0"),
        ({"title": "x", "targets": [{"quantity": 120, "unit": "%"}]}, "不能超过 100%"),
        ({"title": "x", "targets": [{"quantity": 2, "unit": ""}]}, "单位"),
    ]
    for kwargs, message in cases:
        with pytest.raises(DomainError, match=message):
            services.item_add(actor=tree.chair_a, plan=plan, **kwargs)
    assert not PlanItem.objects.exists()


def test_a_federation_item_cascades_to_every_union_once_and_the_board_reads_the_copies(tree):
    plan = _plan(tree, node=tree.town_a, actor=tree.cadre_a)
    item = services.item_add(
        actor=tree.cadre_a,
        plan=plan,
        title="各企业工会开展“安康杯”竞赛",
        deadlines=["2026-09-30"],
        targets=[{"quantity": 2, "unit": "次"}],
    )
    copies = services.item_cascade(actor=tree.cadre_a, item=item)
    assert sorted(c.plan.node.name for c in copies) == ["甲机械厂工会", "甲物流公司工会"]
    assert services.item_cascade(actor=tree.cadre_a, item=item) == []
    copy = copies[0]
    assert copy.milestones.get().due == date(2026, 9, 30)
    assert Target.objects.get(item=copy).quantity == 2
    services.milestone_done(actor=tree.chair_a, milestone=copy.milestones.get(), on=date(2026, 6, 1))
    lines = selectors.board(user=tree.cadre_a, item=item)
    assert [(line.node.name, line.progress.percent) for line in lines] == [
        ("甲机械厂工会", 100),
        ("甲物流公司工会", 0),
    ]
    # A union's chair sees only its own unit's line.
    assert [line.node.name for line in selectors.board(user=tree.chair_a, item=item)] == ["甲机械厂工会"]


def test_only_a_federation_item_cascades(tree):
    plan = _plan(tree)
    item = services.item_add(actor=tree.chair_a, plan=plan, title="x")
    with pytest.raises(DomainError, match="只有总工会"):
        services.item_cascade(actor=tree.chair_a, item=item)


def test_progress_counts_congress_sessions_held_in_the_subtree(tree):
    plan = _plan(tree, node=tree.town_a, actor=tree.cadre_a)
    item = services.item_add(
        actor=tree.cadre_a, plan=plan, title="指导企业召开职代会", targets=[{"quantity": 4, "unit": "次"}]
    )
    services.item_link(actor=tree.cadre_a, item=item, provider="congress.sessions_held")
    item.refresh_from_db()
    assert selectors.item_progress(item).value == 0
    term = TermFactory(node=tree.union_a)
    SessionFactory(term=term, number=1, held_on=date(2026, 3, 1), status=SessionStatus.CLOSED)
    SessionFactory(term=term, number=2, held_on=date(2026, 9, 1), status=SessionStatus.PLANNED)  # not held
    SessionFactory(term=TermFactory(node=tree.union_b), held_on=date(2026, 3, 1), status=SessionStatus.CLOSED)
    progress = selectors.item_progress(item)
    assert (progress.value, progress.target, progress.percent) == (1, 4, 25)


def test_linking_to_an_unknown_provider_or_without_its_choice_is_refused(tree):
    plan = _plan(tree)
    item = services.item_add(actor=tree.chair_a, plan=plan, title="x")
    with pytest.raises(DomainError, match="不存在"):
        services.item_link(actor=tree.chair_a, item=item, provider="nothing.here")
    with pytest.raises(DomainError, match="选择一项"):
        services.item_link(
            actor=tree.chair_a, item=item, provider="agreements.rate", provider_params={"choice": "9"}
        )
    item.refresh_from_db()
    assert item.provider == ""


def test_every_platform_app_registers_its_providers():
    assert {
        "agreements.in_force",
        "agreements.rate",
        "congress.sessions_held",
        "congress.evaluations_certified",
        "proposals.answered",
        "activities.held",
        "activities.attendance",
        "activities.trainings",
        "activities.training_hours",
    } <= set(PROGRESS_PROVIDERS)


def test_progress_counts_the_attendance_of_the_units_people(tree):
    """An item "全年职工参与活动 10 人次" moves as members of the town's unions check in."""
    plan = _plan(tree, node=tree.town_a, actor=tree.cadre_a)
    item = services.item_add(
        actor=tree.cadre_a,
        plan=plan,
        title="组织职工参加文体活动",
        targets=[{"quantity": 10, "unit": "人次"}],
    )
    services.item_link(actor=tree.cadre_a, item=item, provider="activities.attendance")
    item.refresh_from_db()
    assert selectors.item_progress(item).value == 0
    event = activity(tree.chair_a, tree.union_a, days=-30)
    activity_attend(actor=tree.staff_a, activity=event, members=tree.members_a)
    progress = selectors.item_progress(item)
    assert (progress.value, progress.target) == (len(tree.members_a), 10)


def test_progress_notes_check_the_evidence_file(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = _plan(tree)
    item = services.item_add(actor=tree.chair_a, plan=plan, title="x")
    note = services.note_add(
        actor=tree.chair_a,
        item=item,
        on=date(2026, 5, 6),
        text="组织职工体检 120 人",
        evidence=SimpleUploadedFile("签到表.pdf", b"%PDF-1.7 ..."),
    )
    assert note.evidence.name.endswith(".pdf")
    with pytest.raises(DomainError, match="只接受"):
        services.note_add(
            actor=tree.chair_a,
            item=item,
            on=date(2026, 5, 6),
            text="x",
            evidence=SimpleUploadedFile("a.exe", b"MZ"),
        )
    with pytest.raises(DomainError, match="不符"):
        services.note_add(
            actor=tree.chair_a,
            item=item,
            on=date(2026, 5, 6),
            text="x",
            evidence=SimpleUploadedFile("a.pdf", b"MZ.."),
        )
    with pytest.raises(DomainError, match="不能晚于今天"):
        services.note_add(actor=tree.chair_a, item=item, on=date(2026, 7, 1), text="x")
    assert item.notes.count() == 1


OUTLINE = [
    {"level": 1, "number": "一、", "title": "加强职工思想引领", "deadlines": [], "repeat": "", "targets": []},
    {
        "level": 2,
        "number": "（一）",
        "title": "每月组织一次职工学习",
        "deadlines": [],
        "repeat": "monthly",
        "targets": [{"quantity": 12, "unit": "次", "result": False}],
    },
    {
        "level": 1,
        "number": "二、",
        "title": "维护职工权益",
        "deadlines": ["2026-06-30"],
        "repeat": "",
        "targets": [],
    },
    {
        "level": 2,
        "number": "（一）",
        "title": "工资专项集体合同签订率达90%",
        "deadlines": ["2026-11-30", "2026-06-30"],
        "repeat": "",
        "targets": [{"quantity": 90, "unit": "%", "result": False}],
    },
    {
        "level": 3,
        "number": "1.",
        "title": "培训工会干部53人次",
        "deadlines": [],
        "repeat": "",
        "targets": [{"quantity": 53, "unit": "人次", "result": True}],
    },
]


def test_create_plan_from_outline_builds_the_tree_with_targets_and_results(tree):
    plan = services.create_plan_from_outline(
        actor=tree.chair_a, node=tree.union_a, year=2026, outline=OUTLINE, title="2026年工作计划"
    )
    rows = selectors.numbered_items(plan)
    assert [(r.number, r.item.title) for r in rows] == [
        ("一、", "加强职工思想引领"),
        ("（一）", "每月组织一次职工学习"),
        ("二、", "维护职工权益"),
        ("（一）", "工资专项集体合同签订率达90%"),
        ("1.", "培训工会干部53人次"),
    ]
    assert plan.status == PlanStatus.DRAFT
    assert Occurrence.objects.filter(item=rows[1].item).count() == 12
    assert list(rows[3].item.milestones.values_list("due", flat=True)) == [
        date(2026, 6, 30),
        date(2026, 11, 30),
    ]
    assert [(t.quantity, t.unit, t.result) for t in rows[4].item.targets.all()] == [
        (Decimal("53"), "人次", True)
    ]
    assert [(t.quantity, t.result) for t in rows[3].item.targets.all()] == [(Decimal("90"), False)]
    assert rows[4].item.parent == rows[3].item


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"level": 3}, "第 2 条：层级不能跳级"),
        ({"level": 5}, "第 2 条：层级须是 1 至 4"),
        ({"title": ""}, "第 2 条：请填写条目内容"),
        ({"repeat": "hourly"}, "第 2 条：重复方式"),
        ({"deadlines": ["2027-01-01"]}, "第 2 条：期限 2027-01-01 不在计划年度"),
        ({"targets": [{"quantity": "许多", "unit": "次"}]}, "第 2 条：目标数量"),
    ],
)
def test_a_bad_outline_entry_is_named_and_nothing_is_created(tree, broken, message):
    outline = [dict(OUTLINE[0]), {**OUTLINE[1], **broken}]
    with pytest.raises(DomainError, match=message):
        services.create_plan_from_outline(
            actor=tree.chair_a, node=tree.union_a, year=2026, outline=outline, title="计划"
        )
    assert not Plan.objects.exists() and not PlanItem.objects.exists()


def test_an_empty_outline_is_refused(tree):
    with pytest.raises(DomainError, match="至少要有一个条目"):
        services.create_plan_from_outline(
            actor=tree.chair_a, node=tree.union_a, year=2026, outline=[], title="计划"
        )
