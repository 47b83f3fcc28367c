from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.congress import selectors, services
from gonghui.congress.models import Representative, RepresentativeStatus, Session, Term, TermKind
from gonghui.congress.rules import required_seats
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.models import AuditEvent
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import MemberFactory

from .factories import build_congress

pytestmark = pytest.mark.django_db


def _term(tree, **overrides):
    fields = {
        "actor": tree.chair_a,
        "node": tree.union_a,
        "kind": TermKind.WORKERS,
        "number": 3,
        "starts_on": date(2025, 1, 1),
        "ends_on": date(2029, 12, 31),
        "worker_count": 800,
        "women_worker_count": 280,
        "seats_planned": 80,
    }
    return services.term_create(**{**fields, **overrides})


def test_term_create_is_audited(tree):
    term = _term(tree)
    assert str(term) == "第3届职工代表大会"
    assert AuditEvent.objects.filter(action="congress.term_create", object_id=str(term.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_on": date(2024, 12, 31)}, "任期结束日期应晚于开始日期"),
        ({"women_worker_count": 900}, "不能超过职工总数"),
        ({"seats_planned": 0}, "都应大于零"),
    ],
)
def test_term_create_refuses_bad_numbers_and_changes_nothing(tree, overrides, message):
    with pytest.raises(DomainError, match=message):
        _term(tree, **overrides)
    assert not Term.objects.exists()


def test_term_number_twice_is_a_conflict(tree):
    _term(tree)
    with pytest.raises(Conflict, match="第3届已经登记过了"):
        _term(tree)
    assert Term.objects.count() == 1


def test_term_only_at_a_union_and_only_by_its_managers(tree):
    with pytest.raises(DomainError, match="基层工会"):
        _term(tree, actor=tree.superuser, node=tree.town_a)
    for outsider in (tree.auditor_a, tree.cadre_a, tree.chair_b):
        with pytest.raises(PermissionDenied):
            _term(tree, actor=outsider)


def test_representative_must_be_an_active_member_of_the_union(tree, congress):
    term = congress.term
    with pytest.raises(DomainError, match="不在本工会的会员名册中"):
        services.representative_add(
            actor=tree.chair_a,
            term=term,
            member=tree.members_b[0],
            constituency="一团",
            elected_on=term.starts_on,
        )
    retired = MemberFactory(union=tree.union_a, status="retired")
    with pytest.raises(DomainError, match="已不在会"):
        services.representative_add(
            actor=tree.chair_a, term=term, member=retired, constituency="一团", elected_on=term.starts_on
        )
    with pytest.raises(Conflict, match="已经是本届代表"):
        services.representative_add(
            actor=tree.chair_a,
            term=term,
            member=congress.reps[0].member,
            constituency="一团",
            elected_on=term.starts_on,
        )
    assert term.representatives.count() == len(congress.reps)


def test_leaving_revokes_live_codes(tree, congress):
    services.session_open(actor=tree.chair_a, session=congress.session)
    rep = congress.reps[0]
    services.voting_codes_issue(actor=tree.chair_a, session=congress.session, representatives=[rep])
    services.representative_leave(actor=tree.chair_a, representative=rep, left_on=timezone.localdate())
    rep.refresh_from_db()
    assert rep.status == RepresentativeStatus.LEFT
    assert not rep.voting_codes.filter(revoked=False).exists()
    with pytest.raises(Conflict):
        services.representative_leave(actor=tree.chair_a, representative=rep, left_on=timezone.localdate())


@pytest.mark.parametrize(
    ("workforce", "jurisdiction", "seats"),
    [
        (80, "shanghai", 30),
        (100, "shanghai", 30),
        (1000, "shanghai", 75),
        (3000, "shanghai", 175),
        (9000, "shanghai", 175),
        (80, "zhejiang", 30),
        (500, "zhejiang", 68),
        (1500, "zhejiang", 100),
        (4200, "zhejiang", 160),
        (6000, "zhejiang", 200),
        (300, "national", 30),
        (2000, "national", 100),
    ],
)
def test_required_seats_follow_the_jurisdictions_formula(workforce, jurisdiction, seats):
    assert required_seats(workforce, jurisdiction) == seats


def _set_jurisdiction(union, jurisdiction):
    Org.objects.filter(pk=union.pk).update(jurisdiction=jurisdiction)
    union.refresh_from_db()


def test_composition_warns_with_the_numbers(tree):
    # 10 representatives, 2 women; the workforce is 35 % women; 3 managers (30 %), 5 frontline.
    congress = build_congress(
        tree.union_a, representatives=10, women=2, worker_count=60, women_worker_count=21
    )
    Representative.objects.filter(pk__in=[r.pk for r in congress.reps[:3]]).update(is_manager=True)
    warnings = selectors.composition(congress.term).warnings
    assert "代表 10 人，少于职工 60 人对应的最低名额 30 人，还需 20 人。" in warnings
    assert "中层以上管理人员代表 3 人（30%），超过 20%，应不多于 2 人。" in warnings
    # National/Shanghai "相适应": 35 % of 10 is 3.5, rounded 4 → two more women.
    assert "女代表 2 人（20%），低于女职工比例 35%，还需 2 人。" in warnings
    assert not any("一线" in w for w in warnings)  # 5 of 10 frontline is the 50 % asked for


def test_zhejiang_counts_women_as_a_floor(tree):
    _set_jurisdiction(tree.union_a, "zhejiang")
    congress = build_congress(
        tree.union_a, representatives=10, women=3, worker_count=60, women_worker_count=20
    )
    # "不得低于": a third of 10 seats is 3.3, so 4 women; Shanghai's "相适应" is met by 3.
    assert (
        "女代表 3 人（30%），低于女职工比例 33%，还需 1 人。" in selectors.composition(congress.term).warnings
    )
    _set_jurisdiction(tree.union_a, "shanghai")
    assert not any("女代表" in w for w in selectors.composition(congress.term).warnings)


def test_teachers_congress_checks_teachers_not_frontline(tree):
    congress = build_congress(tree.union_a, representatives=10, kind=TermKind.TEACHERS)
    Representative.objects.filter(pk__in=[r.pk for r in congress.reps[:5]]).update(is_teacher=True)
    warnings = selectors.composition(congress.term).warnings
    assert "教师代表 5 人（50%），低于 60%，还需 1 人。" in warnings
    assert not any("一线" in w for w in warnings)


def test_left_representatives_do_not_count(tree):
    congress = build_congress(tree.union_a, representatives=4)
    Representative.objects.filter(pk=congress.reps[0].pk).update(status=RepresentativeStatus.LEFT)
    assert selectors.composition(congress.term).total == 3


def test_term_without_a_session_for_a_year_is_flagged(tree):
    congress = build_congress(tree.union_a)
    term, today = congress.term, timezone.localdate()
    assert selectors.session_overdue(term) is None  # met today
    Session.objects.filter(term=term).update(held_on=today - timedelta(days=400))
    assert selectors.session_overdue(term) is not None
    assert selectors.session_overdue(term) < today


def test_current_representatives_are_the_active_ones_of_the_term_in_office(tree):
    assert not selectors.current_representatives(tree.union_a).exists()
    congress = build_congress(tree.union_a, representatives=3)
    Representative.objects.filter(pk=congress.reps[0].pk).update(status=RepresentativeStatus.LEFT)
    assert set(selectors.current_representatives(tree.union_a)) == set(congress.reps[1:])
    assert not selectors.current_representatives(tree.union_b).exists()


def test_session_date_outside_the_term_is_refused(tree, congress):
    with pytest.raises(DomainError, match="不在本届任期"):
        services.session_create(
            actor=tree.chair_a, term=congress.term, number=2, title="二次会议", held_on=date(2001, 1, 1)
        )
    with pytest.raises(Conflict):
        services.session_create(
            actor=tree.chair_a, term=congress.term, number=1, title="重复", held_on=timezone.localdate()
        )
    assert congress.term.sessions.count() == 1


def test_a_term_outside_three_to_five_years_is_flagged(tree):
    congress = build_congress(tree.union_a)
    assert not any("任期" in w for w in selectors.composition(congress.term).warnings)
    Term.objects.filter(pk=congress.term.pk).update(starts_on=date(2020, 1, 1), ends_on=date(2026, 12, 31))
    congress.term.refresh_from_db()
    assert "本届任期约 7.0 年，不在 3 至 5 年之间。" in selectors.composition(congress.term).warnings
