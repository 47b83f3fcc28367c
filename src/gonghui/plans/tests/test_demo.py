import io

import pytest
from django.core.management import call_command

from gonghui.core.tests.clock import demo_pinned
from gonghui.orgs.models import Org, OrgKind
from gonghui.plans import selectors
from gonghui.plans.models import Plan, PlanStatus

pytestmark = [pytest.mark.django_db, demo_pinned]


def test_demo_has_a_part_done_plan_for_the_town_and_each_landmark_union():
    call_command("demo", stdout=io.StringIO())
    live = Plan.objects.filter(status=PlanStatus.IN_PROGRESS).select_related("node")
    assert live.count() >= 4
    town = live.get(node__kind="federation")
    cascaded = town.items.filter(cascade=True).get()
    unions = Org.objects.filter(path__startswith=town.node.path, kind=OrgKind.UNION)
    assert cascaded.copies.count() == unions.count() > 0
    for plan in live:
        rows = selectors.numbered_items(plan, with_progress=True)
        percents = [r.progress.percent for r in rows if r.progress.percent is not None]
        assert any(p > 0 for p in percents) and any(p < 100 for p in percents), (plan, percents)
        assert plan.adopted_at_meeting is not None
    assert any(r.item.provider for p in live for r in selectors.numbered_items(p))
