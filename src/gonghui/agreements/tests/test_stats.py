"""The federation's statistics: each rate recomputed here in plain Python from the rows the test made, and
compared with agreements.stats; drill-down, switches, targets, the export and the API."""

import io
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote

import pytest
import python_calamine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.agreements import services, stats
from gonghui.agreements.models import (
    BINDING,
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementTarget,
    Coverage,
    Level,
    PerformanceCheck,
)
from gonghui.core.errors import DomainError
from gonghui.core.roles import Role
from gonghui.core.tests import clock
from gonghui.orgs.models import OrgKind
from gonghui.orgs.tests.factories import EnterpriseFactory, UserFactory, grant, org_child

# On a fixed day: which agreements fall in the 90-day renewal window depends on it.
pytestmark = [pytest.mark.django_db, clock.pinned]
S = AgreementStatus
TODAY = clock.TODAY
YEAR = TODAY.year - 1  # a finished year: every date below lies in the past


@dataclass
class Made:
    """An agreement as the test made it, for the independent computation."""

    agreement: Agreement
    kind: str
    status: str
    node: object
    enterprises: dict  # enterprise → workers recorded on the coverage row
    signed_on: date | None = None
    filing_due: date | None = None
    filed_on: date | None = None


def _make(world, *, kind, status, node, cover, signed=None, filed=None, ends=None, level=Level.ENTERPRISE):
    """An agreement row in the given state, dates and coverage written directly: the states themselves are the
    lifecycle tests' business."""
    filing_due = signed + timedelta(days=10) if signed else None
    effective = filed + timedelta(days=16) if filed and status in BINDING else None
    agreement = Agreement.objects.create(
        node=node,
        kind=AgreementKind.objects.get(code=kind),
        level=level,
        title=f"{node.name}{kind}{len(world.made)}",
        status=status,
        signed_on=signed,
        filing_due=filing_due,
        filed_on=filed,
        effective_on=effective,
        starts_on=signed,
        ends_on=ends or (signed.replace(year=signed.year + 2) if signed else None),
        created_by=world.user,
    )
    for enterprise, workers in cover.items():
        Coverage.objects.create(agreement=agreement, enterprise=enterprise, worker_count=workers)
    made = Made(agreement, kind, status, node, dict(cover), signed, filing_due, filed)
    world.made.append(made)
    return agreement


@pytest.fixture
def world(tree):
    """Town A: three unions with their enterprises, three small enterprises without a union under a regional
    agreement the town signed, agreements in many states, a late filing, performance checks. Town B has an
    agreement that must never count for town A."""
    w = tree
    w.made = []
    w.user = tree.chair_a
    w.union_a3 = org_child(tree.town_a, "甲食品厂工会")
    w.ent_a3 = EnterpriseFactory(name="甲食品厂", area=tree.town_a, union=w.union_a3, worker_count=80)
    w.small = [
        EnterpriseFactory(name=f"甲小企业{i}", area=tree.town_a, union=None, worker_count=n)
        for i, n in enumerate((20, 30))
    ]
    d = date(YEAR, 3, 1)
    _make(w, kind="wage", status=S.IN_FORCE, node=tree.union_a, cover={tree.ent_a: 90}, signed=d, filed=d)
    # Filed three weeks after signing: late.
    _make(
        w,
        kind="comprehensive",
        status=S.EXPIRING,
        node=tree.union_a,
        cover={tree.ent_a: 95},
        signed=d,
        filed=d + timedelta(days=21),
        ends=TODAY + timedelta(days=30),
    )
    _make(w, kind="wage", status=S.FILED, node=tree.union_a2, cover={tree.ent_a2: 50}, signed=d, filed=d)
    # Signed, never filed, the deadline long past.
    _make(w, kind="women", status=S.SIGNED, node=tree.union_a2, cover={tree.ent_a2: 50}, signed=d)
    _make(w, kind="wage", status=S.ENDED, node=w.union_a3, cover={w.ent_a3: 80}, signed=date(YEAR - 2, 5, 1))
    # The town's regional agreement: the small enterprises, the one without a union, and union A's enterprise
    # again (recorded with more workers than it has now: capped at its present 100 for 覆盖率).
    regional = {tree.ent_a_none: 10, w.small[0]: 20, w.small[1]: 30, tree.ent_a: 120}
    _make(
        w,
        kind="comprehensive",
        status=S.IN_FORCE,
        node=tree.town_a,
        cover=regional,
        signed=d,
        filed=d + timedelta(days=5),
        level=Level.REGIONAL,
    )
    _make(w, kind="wage", status=S.IN_FORCE, node=tree.union_b, cover={tree.ent_b: 200}, signed=d, filed=d)
    checks = [(0, "fulfilled"), (1, "not"), (5, "partly")]
    for index, result in checks:
        PerformanceCheck.objects.create(
            agreement=w.made[index].agreement,
            year=YEAR,
            checked_on=date(YEAR, 11, 1),
            result=result,
            checked_by=w.user,
        )
    w.checks = {w.made[i].agreement.pk: r for i, r in checks}
    return w


# --- The independent computation ------------------------------------------------------------------------


def _pct(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _in(node, org) -> bool:
    return org.path.startswith(node.path)


def _scope(world, node, scope):
    from gonghui.orgs.models import Enterprise

    found = []
    for e in Enterprise.objects.all():
        home = e.union if e.union_id else e.area
        if _in(node, home) and (scope == "all" or e.union_id):
            found.append(e)
    return found


def expected(world, node, kind, *, scope="all", unit="enterprises") -> dict:
    enterprises = _scope(world, node, scope)
    binding = [m for m in world.made if m.kind == kind and m.status in BINDING]
    covered = {e for e in enterprises if any(e in m.enterprises for m in binding)}
    recorded = {
        e: min(e.worker_count, max(m.enterprises[e] for m in binding if e in m.enterprises)) for e in covered
    }
    workers = sum(e.worker_count for e in enterprises)
    signing = (
        (sum(e.worker_count for e in covered), workers)
        if unit == "workers"
        else (len(covered), len(enterprises))
    )
    own = [m for m in world.made if m.kind == kind and _in(node, m.node)]
    signed = [m for m in own if m.signed_on and m.signed_on.year == YEAR]
    submitted = [m for m in signed if m.filed_on]
    on_time = [m for m in submitted if m.filed_on <= m.filing_due]
    checked = [m for m in own if m.agreement.pk in world.checks]
    performed = [m for m in checked if world.checks[m.agreement.pk] in ("fulfilled", "partly")]
    terms = {
        "signing": signing,
        "review": (len(submitted), len(signed)),
        "filing": (len(on_time), len(submitted)),
        "performance": (len(performed), len(checked)),
        "coverage": (sum(recorded.values()), workers),
    }
    return {code: (n, d, _pct(n, d)) for code, (n, d) in terms.items()}


def _got(data, row, kind_code):
    kind = AgreementKind.objects.get(code=kind_code)
    return {code: (r.numerator, r.denominator, r.percent) for code, r in row.rates[kind.pk].items()}


KINDS = ["comprehensive", "wage", "women", "safety"]


@pytest.mark.parametrize("scope", ["all", "unionised"])
@pytest.mark.parametrize("unit", ["enterprises", "workers"])
def test_rates_match_an_independent_computation(world, scope, unit):
    options = stats.Options(year=YEAR, scope=scope, unit=unit)
    for node in (world.town_a, world.district, world.union_a):
        data = stats.node_stats(user=world.superuser, node=node, options=options)
        for kind in KINDS:
            assert _got(data, data.total, kind) == expected(world, node, kind, scope=scope, unit=unit), (
                node.name,
                kind,
            )


def test_regional_agreement_counts_for_every_enterprise_it_covers(world):
    data = stats.node_stats(user=world.cadre_a, node=world.town_a, options=stats.Options(year=YEAR))
    rate = _got(data, data.total, "comprehensive")["signing"]
    # 甲机械厂 (own and regional), 甲小饭店, two small ones; not 甲物流公司, not 甲食品厂: 4 of 6.
    assert rate == (4, 6, Decimal("66.7"))
    # 覆盖率: 100 (capped) + 10 + 20 + 30 of 290 workers.
    assert _got(data, data.total, "comprehensive")["coverage"] == (160, 290, Decimal("55.2"))


def test_filing_rate_counts_the_late_filing_and_review_rate_the_unfiled(world):
    data = stats.node_stats(user=world.cadre_a, node=world.town_a, options=stats.Options(year=YEAR))
    comprehensive = _got(data, data.total, "comprehensive")
    assert comprehensive["review"] == (2, 2, Decimal("100.0"))
    assert comprehensive["filing"] == (1, 2, Decimal("50.0"))
    assert _got(data, data.total, "women")["review"] == (0, 1, Decimal("0.0"))
    assert _got(data, data.total, "safety")["signing"][2] == Decimal("0.0")
    assert _got(data, data.total, "safety")["review"] == (0, 0, None)


def test_drill_down_rows_add_up_to_the_node(world):
    data = stats.node_stats(user=world.cadre_a, node=world.town_a, options=stats.Options(year=YEAR))
    labels = [row.org.name if row.org else None for row in data.children]
    assert labels == ["甲机械厂工会", "甲物流公司工会", "甲食品厂工会", None]  # None: the town's own level
    for kind in data.kinds:
        for name in stats.Counts.__dataclass_fields__:
            parts = sum(getattr(row.counts[kind.pk], name) for row in data.children)
            assert parts == getattr(data.total.counts[kind.pk], name), (kind.code, name)
    district = stats.node_stats(user=world.superuser, node=world.district, options=stats.Options(year=YEAR))
    town_a = next(row for row in district.children if row.org == world.town_a)
    for kind in data.kinds:
        assert town_a.counts[kind.pk] == data.total.counts[kind.pk]


def test_query_count_does_not_grow_with_children_or_enterprises(world, django_assert_max_num_queries):
    options = stats.Options(year=YEAR)

    def count():
        with CaptureQueriesContext(connection) as queries:
            stats.node_stats(user=world.superuser, node=world.town_a, options=options)
            stats.trend(user=world.superuser, node=world.town_a, options=options)
        return len(queries)

    before = count()
    for i in range(5):
        union = org_child(world.town_a, f"新建工会{i}")
        EnterpriseFactory(name=f"新企业{i}", area=world.town_a, union=union, worker_count=40)
    assert count() == before
    with django_assert_max_num_queries(12):
        stats.node_stats(user=world.superuser, node=world.town_a, options=options)


def test_lists(world):
    town, user = world.town_a, world.cadre_a
    expiring = list(stats.expiring_list(user=user, node=town))
    assert [a.pk for a in expiring] == [world.made[1].agreement.pk]
    late = {a.pk for a in stats.late_filing_list(user=user, node=town)}
    assert late == {world.made[1].agreement.pk, world.made[3].agreement.pk}
    without = {e.name for e in stats.without_agreement_list(user=user, node=town, unionised=True)}
    assert without == {"甲物流公司", "甲食品厂"}
    EnterpriseFactory(
        name="甲新开店", area=town, union=None, worker_count=12
    )  # no union, no regional agreement
    no_union = [e.name for e in stats.without_agreement_list(user=user, node=town, unionised=False)]
    assert no_union == ["甲新开店"]
    everyone = [e.name for e in stats.without_agreement_list(user=user, node=town)]
    assert everyone == ["甲物流公司", "甲食品厂", "甲新开店"]  # those with a union first
    enterprises = list(stats.enterprise_kinds(user=user, node=town, options=stats.Options(year=YEAR)))
    kinds = stats.kinds_in_force(enterprises)
    assert {k.code for k in kinds[world.ent_a.pk]} == {"wage", "comprehensive"}
    assert kinds[world.ent_a2.pk] == []


def test_trend_reconstructs_the_signing_rate_at_month_end(world):
    months = stats.trend(user=world.cadre_a, node=world.town_a, options=stats.Options(year=YEAR))
    assert len(months) == 12 and months[-1].end == TODAY
    comprehensive = AgreementKind.objects.get(code="comprehensive")
    # Today: the enterprise agreement (expiring) and the regional one bind 4 of 6 enterprises.
    assert months[-1].rate[comprehensive.pk].numerator == 4
    assert sum(m.signed[comprehensive.pk] for m in months) == sum(
        1
        for m in world.made
        if m.kind == "comprehensive"
        and m.node.path.startswith(world.town_a.path)
        and m.signed_on >= months[0].month
    )


def test_out_of_scope_node_is_not_found(world):
    client = Client()
    client.force_login(world.cadre_a)
    assert client.get(reverse("agreement_stats"), {"node": world.town_b.pk}).status_code == 404
    assert client.get(reverse("agreement_stats"), {"node": world.union_a.pk}).status_code == 200
    employer = UserFactory(username="boss")
    grant(employer, world.union_a, Role.EMPLOYER_REP)
    client.force_login(employer)
    assert client.get(reverse("agreement_stats")).status_code == 404


# --- Targets --------------------------------------------------------------------------------------------


@pytest.fixture
def planner(world):
    """The town federation's cadre, who sets the town's targets."""
    return world.cadre_a


def _target(actor, node, kind="wage", indicator="signing", percent=90, year=YEAR):
    return services.target_create(
        actor=actor,
        node=node,
        year=year,
        kind=AgreementKind.objects.get(code=kind),
        indicator=indicator,
        percent=percent,
    )


def test_nearest_target_wins(world, planner):
    _target(world.superuser, world.district, percent=80)
    _target(planner, world.town_a, percent=92)
    _target(world.superuser, world.district, kind="women", percent=98)
    wage, women = (AgreementKind.objects.get(code=c) for c in ("wage", "women"))
    at_union = stats.target_map(node=world.union_a, year=YEAR)
    assert at_union[(wage.pk, "signing")].percent == Decimal("92.0")
    assert at_union[(women.pk, "signing")].percent == Decimal("98.0")
    assert stats.target_map(node=world.union_b, year=YEAR)[(wage.pk, "signing")].percent == Decimal("80.0")
    assert stats.target_map(node=world.union_a, year=YEAR - 1) == {}
    data = stats.node_stats(user=world.cadre_a, node=world.town_a, options=stats.Options(year=YEAR))
    rate = data.total.rates[wage.pk]["signing"]
    assert rate.target == Decimal("92.0") and rate.met is (rate.percent >= 92)


@pytest.mark.parametrize(
    ("who", "node", "percent", "message"),
    [
        ("planner", "town_a", "101", "超出范围"),
        ("planner", "town_a", "九十", "0 到 100"),
        ("cadre_b", "town_a", "90", "权限"),
        ("chair_a", "union_a", "90", "权限"),
        ("planner", "union_a", "90", "总工会"),
    ],
)
def test_bad_target_is_refused_with_a_chinese_message(world, planner, who, node, percent, message):
    actor = planner if who == "planner" else getattr(world, who)
    with pytest.raises(DomainError, match=message):
        _target(actor, getattr(world, node), percent=percent)
    assert not AgreementTarget.objects.exists()


def test_duplicate_target_is_refused_and_update_changes_it(world, planner):
    target = _target(planner, world.town_a, percent=90)
    with pytest.raises(DomainError, match="已经设定"):
        _target(planner, world.town_a, percent=95)
    assert AgreementTarget.objects.get().percent == Decimal("90.0")
    services.target_update(actor=planner, target=target, percent="95")
    assert AgreementTarget.objects.get().percent == Decimal("95.0")
    with pytest.raises(DomainError):
        services.target_update(actor=world.cadre_b, target=target, percent="50")
    assert AgreementTarget.objects.get().percent == Decimal("95.0")


def test_target_page_sets_a_target_and_shows_the_refusal(world, planner):
    client = Client()
    client.force_login(planner)
    wage = AgreementKind.objects.get(code="wage")
    url = f"{reverse('agreement_target_list')}?node={world.town_a.pk}"
    data = {"action": "create", "year": YEAR, "kind": wage.pk, "indicator": "signing", "percent": "90"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "percent": "95"})
    assert "已经设定" in response.content.decode()
    assert AgreementTarget.objects.get().percent == Decimal("90.0")
    client.force_login(world.cadre_b)
    assert client.post(url, data).status_code == 404


# --- Page, export, API ----------------------------------------------------------------------------------


def test_page_shows_rates_formulas_and_children(world, planner):
    _target(planner, world.town_a, kind="comprehensive", percent=95)
    client = Client()
    client.force_login(world.cadre_a)
    response = client.get(reverse("agreement_stats"), {"node": world.town_a.pk, "year": YEAR})
    html = response.content.decode()
    assert response.status_code == 200
    assert "66.7%" in html and "目标 ≥95.0%" in html and "table-danger" in html
    assert "签订率" in html and "分母" in html and "甲食品厂工会" in html
    for which in stats_lists():
        assert client.get(reverse("agreement_stats"), {"list": which, "year": YEAR}).status_code == 200


def test_enterprises_without_agreement_are_one_click_away_filterable_and_export_alone(world):
    EnterpriseFactory(name="甲新开店", area=world.town_a, union=None, worker_count=12)
    client = Client()
    client.force_login(world.cadre_a)
    page = client.get(reverse("agreement_stats"), {"node": world.town_a.pk, "year": YEAR}).content.decode()
    assert f"?node={world.town_a.pk}&amp;year={YEAR}&amp;list=without#lists" in page

    query = {"node": world.town_a.pk, "year": YEAR, "list": "without"}
    listed = client.get(reverse("agreement_stats"), query).content.decode()
    assert "<td>甲新开店</td>" in listed and "<td>甲物流公司</td>" in listed
    only_without_union = client.get(reverse("agreement_stats"), {**query, "union": "no"}).content.decode()
    assert "<td>甲新开店</td>" in only_without_union and "<td>甲物流公司</td>" not in only_without_union

    response = client.get(reverse("agreement_stats"), {**query, "q": "新开", "export": "xlsx"})
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["未签合同企业"]
    assert [row[0] for row in book.get_sheet_by_name("未签合同企业").to_python()] == ["企业", "甲新开店"]
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    assert quote("甲镇总工会-未签合同企业-") in response["Content-Disposition"]


def stats_lists():
    from gonghui.agreements.views import STATS_LISTS

    return list(STATS_LISTS)


def test_export_holds_the_same_figures(world):
    client = Client()
    client.force_login(world.cadre_a)
    response = client.get(reverse("agreement_stats_export"), {"node": world.town_a.pk, "year": YEAR})
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names[:3] == ["指标说明", "各类合同", "下级"]
    rows = book.get_sheet_by_name("各类合同").to_python()
    comprehensive_signing = next(r for r in rows if r[1] == "综合集体合同" and r[2] == "签订率")
    assert comprehensive_signing[3:6] == [4, 6, 66.7]
    late = book.get_sheet_by_name("逾期报送").to_python()
    assert len(late) == 3  # header and two


def test_api_returns_the_same_figures(world, planner):
    client = Client()
    client.force_login(world.cadre_a)
    body = client.get(
        reverse("api:agreement_stats"), {"node": world.town_a.pk, "year": YEAR, "unit": "workers"}
    ).json()
    comprehensive = next(k for k in body["total"]["kinds"] if k["kind"] == "comprehensive")
    signing = next(r for r in comprehensive["rates"] if r["indicator"] == "signing")
    n, d, p = expected(world, world.town_a, "comprehensive", unit="workers")["signing"]
    assert (signing["numerator"], signing["denominator"], Decimal(str(signing["percent"]))) == (n, d, p)
    assert len(body["children"]) == 4 and body["formulas"][0]["name"] == "签订率"
    assert body["node"] == {"id": world.town_a.pk, "name": world.town_a.name}
    assert all(row["node"] is None or row["node"]["name"] == row["name"] for row in body["children"])
    lists = client.get(reverse("api:agreement_stats_list"), {"node": world.town_a.pk, "list": "late"}).json()
    assert lists["count"] == 2
    client.force_login(planner)
    url = reverse("api:agreement_target_put")
    payload = {"node": world.town_a.pk, "year": YEAR, "kind": "wage", "indicator": "signing", "percent": 90}
    assert client.put(url, json.dumps(payload), content_type="application/json").status_code == 200
    bad = client.put(url, json.dumps({**payload, "percent": 120}), content_type="application/json")
    assert bad.status_code == 400 and "0 到 100" in bad.json()["message"]
    assert AgreementTarget.objects.get().percent == Decimal("90.0")
    client.force_login(world.chair_a)  # the town's target reaches union A
    listed = client.get(reverse("api:agreement_target_list"), {"node": world.union_a.pk, "year": YEAR}).json()
    assert [(Decimal(str(t["percent"])), t["node"]["id"]) for t in listed] == [
        (Decimal("90.0"), world.town_a.pk)
    ]
    assert client.get(reverse("api:agreement_target_list"), {"node": world.town_a.pk}).status_code == 404


def test_union_node_does_not_drill_down(world):
    assert world.union_a.kind == OrgKind.UNION
    data = stats.node_stats(user=world.chair_a, node=world.union_a, options=stats.Options(year=YEAR))
    assert data.children == []
