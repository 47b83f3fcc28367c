"""The year-end summary states only figures the records hold: each number in the Word file is checked against
the database."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from gonghui.congress.models import Session, SessionStatus
from gonghui.congress.tests.factories import SessionFactory, TermFactory
from gonghui.core.tests.clock import pinned
from gonghui.plans import services
from gonghui.plans.summary import summary_lines

pytestmark = [pytest.mark.django_db, pinned]


def test_every_number_in_the_summary_comes_from_the_records(client, tree):
    plan = services.create_plan_from_outline(
        actor=tree.cadre_a,
        node=tree.town_a,
        year=2026,
        title="甲镇总工会2026年工作计划",
        outline=[
            {"level": 1, "title": "推进民主管理"},
            {"level": 2, "title": "指导企业召开职代会", "targets": [{"quantity": 4, "unit": "次"}]},
            {"level": 2, "title": "工会例会", "repeat": "quarterly"},
            {"level": 2, "title": "走访企业"},
        ],
    )
    items = list(plan.items.order_by("pk"))
    services.item_link(actor=tree.cadre_a, item=items[1], provider="congress.sessions_held")
    for union, held in ((tree.union_a, date(2026, 3, 1)), (tree.union_a2, date(2026, 4, 1))):
        SessionFactory(term=TermFactory(node=union), held_on=held, status=SessionStatus.CLOSED)
    quarter = items[2].occurrences.order_by("due").first()
    services.occurrence_tick(actor=tree.cadre_a, occurrence=quarter, on=date(2026, 3, 30))
    services.note_add(actor=tree.cadre_a, item=items[3], on=date(2026, 5, 6), text="走访甲机械厂")

    held = Session.objects.filter(
        term__node__path__startswith=tree.town_a.path, held_on__year=2026, status=SessionStatus.CLOSED
    ).count()
    ticked = items[2].occurrences.filter(done_on__isnull=False).count()
    expected = {
        "指导企业召开职代会": [Decimal(held), Decimal(4), Decimal(held * 100 // 4)],
        "工会例会": [Decimal(ticked), Decimal(4), Decimal(ticked * 100 // 4)],
        "走访企业": [Decimal(items[3].notes.count())],
    }
    lines = {line.title: line for line in summary_lines(plan)}
    assert {title: lines[title].figures for title in expected} == expected

    client.force_login(tree.cadre_a)
    response = client.get(reverse("plan_summary", args=[plan.pk]))
    paragraphs = {p.text.split("：")[0]: p.text for p in Document(io.BytesIO(response.content)).paragraphs}
    for title, figures in expected.items():
        text = paragraphs[f"（{'一二三'[list(expected).index(title)]}）{title}"].split("：", 1)[1]
        assert [Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", text)] == figures, text
    assert paragraphs["（一）指导企业召开职代会"].endswith("职代会会议（已召开）2次，目标4次，完成50%。")
