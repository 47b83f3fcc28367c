"""Keeping the organisation tree: new nodes under the right parents, unique codes, every change logged."""

import pytest
from django.urls import reverse

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.models import AuditEvent
from gonghui.orgs import services
from gonghui.orgs.models import Org, OrgKind

pytestmark = pytest.mark.django_db


def test_cadre_adds_a_union_under_their_town(tree):
    union = services.org_create(
        actor=tree.cadre_a,
        parent=tree.town_a,
        name="甲新厂工会",
        code="U9001",
        kind=OrgKind.UNION,
        category="enterprise",
    )
    assert union.path.startswith(tree.town_a.path)
    assert AuditEvent.objects.filter(action="org.create", object_id=str(union.pk)).exists()


def test_code_already_in_use_is_refused(tree):
    with pytest.raises(Conflict, match="已被使用"):
        services.org_create(
            actor=tree.cadre_a,
            parent=tree.town_a,
            name="重复",
            code=tree.union_a.code,
            kind=OrgKind.UNION,
            category="enterprise",
        )


def test_nothing_goes_under_a_team_and_no_federation_under_a_union(tree):
    with pytest.raises(DomainError, match="班组下"):
        services.org_create(
            actor=tree.chair_a, parent=tree.team_a, name="x", code="T1", kind=OrgKind.TEAM, category="team"
        )
    with pytest.raises(DomainError, match="总工会只能"):
        services.org_create(
            actor=tree.chair_a,
            parent=tree.union_a,
            name="x",
            code="F1",
            kind=OrgKind.FEDERATION,
            category="town",
        )


def test_sibling_town_cadre_cannot_add_nodes(tree):
    with pytest.raises(PermissionDenied):
        services.org_create(
            actor=tree.cadre_b,
            parent=tree.town_a,
            name="x",
            code="U9002",
            kind=OrgKind.UNION,
            category="enterprise",
        )


def test_edit_page_saves_founding_date_and_logs_the_change(client, tree):
    client.force_login(tree.chair_a)
    response = client.post(
        reverse("org_edit", kwargs={"pk": tree.union_a.pk}),
        {
            "name": "甲机械厂工会委员会",
            "code": tree.union_a.code,
            "category": "enterprise",
            "jurisdiction": "zhejiang",
            "founded_on": "2015-04-28",
            "worker_count": 120,
        },
    )
    assert response.status_code == 302
    union = Org.objects.get(pk=tree.union_a.pk)
    assert (union.name, str(union.founded_on), union.jurisdiction) == (
        "甲机械厂工会委员会",
        "2015-04-28",
        "zhejiang",
    )
    event = AuditEvent.objects.get(action="org.update")
    assert event.changes["name"] == ["甲机械厂工会", "甲机械厂工会委员会"]


def test_union_overview_lists_the_enterprises_it_covers(client, tree):
    client.force_login(tree.chair_a)
    page = client.get(reverse("org_overview", kwargs={"pk": tree.union_a.pk})).content.decode()
    assert "覆盖的企业" in page and "甲机械厂" in page


def test_breadcrumb_stops_at_the_users_reach(client, tree):
    client.force_login(tree.chair_a)
    page = client.get(reverse("org_overview", kwargs={"pk": tree.union_a.pk})).content.decode()
    for above in tree.union_a.ancestor_list():
        assert reverse("org_overview", kwargs={"pk": above.pk}) not in page
