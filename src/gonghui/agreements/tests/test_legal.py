"""Legal corrections (issue 13): one verdict per vote, provisional deadlines, thresholds as the statutes word
them. Each test pins a defect found against the statute texts."""

from dataclasses import replace
from datetime import date

import pytest

from gonghui.agreements import services
from gonghui.agreements.models import AgreementStatus, StepKind
from gonghui.core import rules as core_rules
from gonghui.core.rules import MORE_THAN
from gonghui.core.tests.clock import pinned
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import MemberFactory
from gonghui.voting.selectors import poll_result

from .factories import new_agreement, run_review_vote, teams, walk

S = AgreementStatus
pytestmark = [pytest.mark.django_db, pinned]


def _certified_review(tree, jurisdiction, *, electorate, yes):
    Org.objects.filter(pk=tree.district.pk).update(jurisdiction=jurisdiction)
    for _ in range(electorate - tree.union_a.members.count()):
        MemberFactory(union=tree.union_a, enterprise=tree.ent_a)
    agreement = walk(new_agreement(tree), S.IN_REVIEW, actor=tree.chair_a)
    assert agreement.review_poll.electors.count() == electorate
    run_review_vote(agreement, tree.chair_a, yes=yes)
    return agreement


# --- One verdict per vote ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "cite"),
    [
        ("", "《集体合同规定》第三十六条"),
        ("beijing", "《北京市集体合同条例》第三十八条"),
        ("shanghai", "《上海市集体合同条例》第二十二条"),
    ],
)
def test_ten_present_five_in_favour_passes_on_the_poll_page_and_in_the_agreement(tree, jurisdiction, cite):
    agreement = _certified_review(tree, jurisdiction, electorate=10, yes=5)
    verdict = poll_result(user=tree.chair_a, poll=agreement.review_poll).questions[0]
    agreement, passed = services.review_record(actor=tree.chair_a, agreement=agreement)
    assert verdict.passed is True and passed is True
    assert "通过" in verdict.reason and "未通过" not in verdict.reason
    assert f"通过（{cite}）" in verdict.reason
    assert f"获得通过：{verdict.reason}" == agreement.steps.get(kind=StepKind.REVIEW_PASSED).note


def test_in_zhejiang_both_say_not_passed_for_exactly_half_过半数(tree):
    agreement = _certified_review(tree, "zhejiang", electorate=10, yes=5)
    verdict = poll_result(user=tree.chair_a, poll=agreement.review_poll).questions[0]
    agreement, passed = services.review_record(actor=tree.chair_a, agreement=agreement)
    assert verdict.passed is False and passed is False
    assert "《浙江省集体合同条例》第二十四条" in verdict.reason


def test_the_review_is_judged_by_the_rule_in_force_on_the_day_of_the_vote(tree, monkeypatch, time_machine):
    agreement = _certified_review(tree, "", electorate=10, yes=5)
    # A stricter national version takes effect after the vote (2026-06-15) but before it is recorded.
    versions = core_rules.REGISTRY["agreement.approval_majority"]
    national = next(r for r in versions if r.jurisdiction == core_rules.NATIONAL)
    stricter = replace(national, bound=MORE_THAN, effective_from=date(2026, 7, 1))
    monkeypatch.setitem(core_rules.REGISTRY, "agreement.approval_majority", [*versions, stricter])
    time_machine.move_to(date(2026, 7, 6))
    verdict = poll_result(user=tree.chair_a, poll=agreement.review_poll).questions[0]
    agreement, passed = services.review_record(actor=tree.chair_a, agreement=agreement)
    assert verdict.passed is True and passed is True
    assert agreement.steps.get(kind=StepKind.REVIEW_PASSED)


def test_the_poll_page_names_the_rule_applied_with_its_citation(tree):
    from django.test import Client
    from django.urls import reverse

    agreement = _certified_review(tree, "", electorate=10, yes=5)
    client = Client()
    client.force_login(tree.chair_a)
    page = client.get(reverse("poll_detail", kwargs={"pk": agreement.review_poll.pk})).content.decode()
    assert "全体应到人数半数以上同意（《集体合同规定》第三十六条）" in page
    assert "过半数" not in page


# --- Provisional deadlines -----------------------------------------------------------------------------


def _signed_at_year_end(tree, time_machine):
    """Signed on 28 December 2026: the filing deadline (10 days, carried past holidays) falls in 2027, whose
    holiday schedule is not known yet."""
    from gonghui.core.calendar import known_year

    assert not known_year(2027)
    agreement = walk(new_agreement(tree), S.APPROVED, actor=tree.chair_a)
    time_machine.move_to(date(2026, 12, 28))
    return services.agreement_sign(
        actor=tree.chair_a,
        agreement=agreement,
        signed_on=date(2026, 12, 28),
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
    )


def test_a_provisional_deadline_says_预估_on_the_page_and_in_the_api(tree, time_machine):
    from django.test import Client
    from django.urls import reverse

    agreement = _signed_at_year_end(tree, time_machine)
    assert agreement.filing_due == date(2027, 1, 7)
    client = Client()
    client.force_login(tree.chair_a)
    page = client.get(reverse("agreement_detail", kwargs={"pk": agreement.pk})).content.decode()
    assert "预估" in page
    deadlines = client.get(reverse("api:agreement_deadlines", kwargs={"agreement_id": agreement.pk})).json()
    filing = next(d for d in deadlines if d["code"] == "filing")
    assert filing["provisional"] is True
    detail = client.get(reverse("api:agreement_detail", kwargs={"agreement_id": agreement.pk})).json()
    assert detail["filing_due_provisional"] is True


def test_a_passed_provisional_deadline_is_flagged_overdue_as_an_estimate(tree, time_machine):
    from django.test import Client
    from django.urls import reverse

    from gonghui.agreements.selectors import clocks

    agreement = _signed_at_year_end(tree, time_machine)
    time_machine.move_to(date(2027, 1, 12))
    filing = next(c for c in clocks(agreement) if c.code == "filing")
    assert filing.provisional and filing.overdue(date(2027, 1, 12))
    assert filing.as_dict(date(2027, 1, 12))["provisional"] is True
    client = Client()
    client.force_login(tree.chair_a)
    for url in (reverse("agreement_list"), reverse("agreement_detail", kwargs={"pk": agreement.pk})):
        assert "按预估已逾期" in client.get(url).content.decode()


def test_reminders_of_a_provisional_deadline_say_预估(tree, time_machine):
    from gonghui.agreements.tasks import remind
    from gonghui.notices.models import Notification

    _signed_at_year_end(tree, time_machine)
    time_machine.move_to(date(2027, 1, 4))
    assert remind(today=date(2027, 1, 4)) > 0
    texts = list(Notification.objects.values_list("text", flat=True))
    assert texts and all("预估" in text for text in texts if "报送" in text)


def test_adding_the_year_recomputes_the_stored_deadlines(tree, time_machine):
    from gonghui.agreements.selectors import clocks
    from gonghui.core.services import calendar_year_add

    agreement = _signed_at_year_end(tree, time_machine)
    admin = type(tree.superuser).objects.get(pk=tree.superuser.pk)
    # A (made-up) schedule in which 7 and 8 January 2027 are holidays: the filing deadline moves to the 11th.
    days = [
        (date(2027, 1, 1), False, "元旦"),
        (date(2027, 1, 7), False, "测试"),
        (date(2027, 1, 8), False, "测试"),
    ]
    calendar_year_add(actor=admin, year=2027, days=days, source="国办发明电〔2026〕测试号")
    agreement.refresh_from_db()
    assert agreement.filing_due == date(2027, 1, 11)
    assert not next(c for c in clocks(agreement) if c.code == "filing").provisional


# --- Regional and industry agreements --------------------------------------------------------------------


def _regional_in_review(tree, jurisdiction, *, bound_workers):
    """A regional agreement of town A binding 甲物流公司 (and a non-union restaurant), whose workers are members
    of their own union; the members of 甲机械厂, in the same town but not bound, must not vote."""
    from gonghui.agreements.models import AgreementKind, Level

    Org.objects.filter(pk=tree.district.pk).update(jurisdiction=jurisdiction)
    for _ in range(bound_workers):
        MemberFactory(union=tree.union_a2, enterprise=tree.ent_a2)
    agreement = services.agreement_create(
        actor=tree.superuser,
        node=tree.town_a,
        kind=AgreementKind.objects.get(code="comprehensive"),
        title="甲镇区域性集体合同",
        level=Level.REGIONAL,
        enterprises=[tree.ent_a2, tree.ent_a_none],
        on=date(2025, 3, 3),
    )
    agreement = walk(agreement, S.OFFERED, actor=tree.superuser)
    agreement = services.offer_answer(
        actor=tree.superuser, agreement=agreement, on=date(2025, 3, 6), decision="approve"
    )
    services.negotiator_add(
        actor=tree.superuser, agreement=agreement, side="workers", name="镇工会主席", on=date(2025, 3, 6),
        is_chief=True,
    )  # fmt: skip
    teams(agreement, tree.superuser, date(2025, 3, 6))
    services.meeting_record(
        actor=tree.superuser,
        agreement=agreement,
        held_on=date(2025, 3, 8),
        note_taker="周记录",
        minutes="一致。",
    )
    agreement = services.draft_agree(actor=tree.superuser, agreement=agreement, on=date(2025, 3, 9))
    return services.review_open(actor=tree.superuser, agreement=agreement, on=date(2025, 3, 11))


def test_the_review_of_a_regional_agreement_is_for_the_workers_it_binds_only(tree):
    agreement = _regional_in_review(tree, "", bound_workers=6)
    electors = set(agreement.review_poll.electors.values_list("member__enterprise", flat=True))
    assert electors == {tree.ent_a2.pk}
    assert agreement.review_poll.electors.count() == 6


def test_zhejiang_regional_agreement_passes_with_half_of_all_半数以上(tree):
    agreement = _regional_in_review(tree, "zhejiang", bound_workers=10)
    run_review_vote(agreement, tree.superuser, yes=5)
    verdict = poll_result(user=tree.superuser, poll=agreement.review_poll).questions[0]
    agreement, passed = services.review_record(actor=tree.superuser, agreement=agreement)
    assert verdict.passed is True and passed is True
    assert "《浙江省集体合同条例》第二十九条" in verdict.reason


# --- Statistics ------------------------------------------------------------------------------------------


def test_rates_for_a_past_year_count_the_agreements_as_they_stood_then(tree):
    from gonghui.agreements import stats
    from gonghui.agreements.models import Agreement, AgreementKind, Coverage

    # In force only since February 2026: in 2025 tree.ent_a had no comprehensive agreement.
    agreement = Agreement.objects.create(
        node=tree.union_a,
        kind=AgreementKind.objects.get(code="comprehensive"),
        title="甲机械厂集体合同",
        status=S.IN_FORCE,
        signed_on=date(2026, 1, 5),
        filing_due=date(2026, 1, 15),
        filed_on=date(2026, 1, 10),
        effective_on=date(2026, 1, 26),
        starts_on=date(2026, 2, 1),
        ends_on=date(2028, 1, 31),
        created_by=tree.chair_a,
    )
    Coverage.objects.create(agreement=agreement, enterprise=tree.ent_a, worker_count=100)
    kind = agreement.kind.pk

    def rates(year):
        data = stats.node_stats(user=tree.cadre_a, node=tree.town_a, options=stats.Options(year=year))
        return data.total.rates[kind]

    assert rates(2025)["signing"].numerator == 0 and rates(2025)["coverage"].numerator == 0
    assert rates(2026)["signing"].numerator == 1 and rates(2026)["coverage"].numerator == 100


def test_the_worker_count_is_taken_at_signing(tree):
    from gonghui.orgs.models import Enterprise

    agreement = walk(new_agreement(tree), S.APPROVED, actor=tree.chair_a)
    Enterprise.objects.filter(pk=tree.ent_a.pk).update(worker_count=150)  # the workforce grew meanwhile
    agreement = walk(agreement, S.SIGNED, actor=tree.chair_a)
    assert agreement.coverage.get().worker_count == 150
    assert agreement.covered_workers == 150


# --- The women workers' committee ------------------------------------------------------------------------


def test_the_women_workers_committee_comments_on_the_womens_special_agreement_draft(tree):
    from django.test import Client
    from django.urls import reverse

    from gonghui.agreements.models import Clause
    from gonghui.core.errors import PermissionDenied
    from gonghui.core.roles import Role
    from gonghui.orgs.tests.factories import UserFactory, grant

    committee = UserFactory(username="women_a")
    grant(committee, tree.union_a, Role.WOMEN_COMMITTEE)
    women = walk(new_agreement(tree, kind="women"), S.NEGOTIATING, actor=tree.chair_a)
    clause = Clause.objects.filter(draft__agreement=women).first()
    client = Client()
    client.force_login(committee)
    page = client.get(reverse("draft_detail", kwargs={"pk": women.pk, "number": 1})).content.decode()
    assert reverse("clause_comment_add", kwargs={"pk": clause.pk}) in page
    client.post(reverse("clause_comment_add", kwargs={"pk": clause.pk}), {"text": "增加每年一次妇科病普查。"})
    assert clause.comments.get().author == committee
    # Only the women's special agreement: the wage agreement stays read-only for the committee.
    wage = walk(new_agreement(tree, kind="wage"), S.NEGOTIATING, actor=tree.chair_a)
    with pytest.raises(PermissionDenied):
        services.comment_add(
            actor=committee, clause=Clause.objects.filter(draft__agreement=wage).first(), text="x"
        )


# --- Low: renewal window, team size ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "opens"), [("", date(2026, 10, 1)), ("zhejiang", date(2026, 10, 3))]
)
def test_the_renewal_window_is_counted_back_from_the_expiry(tree, jurisdiction, opens):
    from gonghui.agreements.models import Agreement
    from gonghui.agreements.selectors import renewal_window_opens

    Org.objects.filter(pk=tree.district.pk).update(jurisdiction=jurisdiction)
    agreement = new_agreement(tree)
    Agreement.objects.filter(pk=agreement.pk).update(starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    agreement.refresh_from_db()
    # The term's last day is 31 December; it expires at the end of it: "期满前三个月内" opens on 1 October
    # (Zhejiang "期满前九十日内": 90 days before 1 January, 3 October).
    assert renewal_window_opens(agreement) == opens


def test_beijing_caps_each_team_at_ten(tree):
    from gonghui.agreements.models import Side

    Org.objects.filter(pk=tree.district.pk).update(jurisdiction="beijing")
    agreement = walk(new_agreement(tree), S.NEGOTIATING, actor=tree.chair_a)
    teams(agreement, tree.chair_a, date(2025, 3, 6))
    for i in range(8):
        services.negotiator_add(
            actor=tree.chair_a,
            agreement=agreement,
            side=Side.WORKERS,
            name=f"职工代表{i}",
            on=date(2025, 3, 6),
        )
        services.negotiator_add(
            actor=tree.chair_a,
            agreement=agreement,
            side=Side.EMPLOYER,
            name=f"企业代表{i}",
            on=date(2025, 3, 6),
        )
    assert not services.team_problems(agreement)  # "一般为三至十人": a norm, not a refusal
    notes = services.team_notes(agreement)
    assert len(notes) == 2 and all(
        "一般至多 10 人" in n and "《北京市集体合同条例》第七条" in n for n in notes
    )


@pytest.mark.parametrize("jurisdiction", ["", "shanghai", "beijing"])
def test_a_term_beyond_the_usual_one_to_three_years_is_flagged_not_refused_where_the_text_says_一般(
    tree, jurisdiction
):
    from django.test import Client
    from django.urls import reverse

    Org.objects.filter(pk=tree.district.pk).update(jurisdiction=jurisdiction)
    agreement = walk(new_agreement(tree), S.APPROVED, actor=tree.chair_a)
    agreement = services.agreement_update(
        actor=tree.chair_a, agreement=agreement, starts_on=date(2025, 1, 1), ends_on=date(2028, 6, 30)
    )
    assert agreement.ends_on == date(2028, 6, 30)
    client = Client()
    client.force_login(tree.chair_a)
    page = client.get(reverse("agreement_detail", kwargs={"pk": agreement.pk})).content.decode()
    assert "一般为" in page and "不在一般的 1 至 3 年之内" in page


@pytest.mark.parametrize(
    ("jurisdiction", "due"), [("zhejiang", date(2026, 6, 23)), ("beijing", date(2026, 6, 25))]
)
def test_a_dissolved_agreement_shows_its_filing_deadline_where_the_statute_sets_one(tree, jurisdiction, due):
    from gonghui.agreements.selectors import clocks

    Org.objects.filter(pk=tree.district.pk).update(jurisdiction=jurisdiction)
    from gonghui.agreements.models import Agreement

    agreement = walk(new_agreement(tree), S.IN_FORCE, actor=tree.chair_a)
    Agreement.objects.filter(pk=agreement.pk).update(
        ends_on=date(2027, 3, 17)
    )  # dissolved before its term ends
    agreement = services.agreement_end(
        actor=tree.chair_a, agreement=agreement, on=date(2026, 6, 15), note="企业破产，双方协商解除"
    )
    filing = next(c for c in clocks(agreement) if c.code == "dissolution_filing")
    # 浙江 第三十三条: 5 working days from Monday 15 June 2026, 端午 (19 June) skipped; 北京 第四十八条: 10 days.
    assert filing.due == due


def test_no_dissolution_filing_clock_nationally(tree):
    from gonghui.agreements.selectors import clocks

    agreement = walk(new_agreement(tree), S.IN_FORCE, actor=tree.chair_a)
    agreement = services.agreement_end(
        actor=tree.chair_a, agreement=agreement, on=date(2026, 6, 15), note="解除"
    )
    assert not [c for c in clocks(agreement) if c.code == "dissolution_filing"]


def test_the_yearly_performance_reminder_cites_the_statute_that_asks_for_the_report(tree, time_machine):
    from gonghui.agreements.models import Agreement
    from gonghui.agreements.tasks import remind
    from gonghui.notices.models import Notification

    Org.objects.filter(pk=tree.district.pk).update(jurisdiction="zhejiang")
    agreement = walk(new_agreement(tree), S.IN_FORCE, actor=tree.chair_a)
    Agreement.objects.filter(pk=agreement.pk).update(starts_on=date(2026, 3, 1), ends_on=date(2027, 2, 28))
    time_machine.move_to(date(2026, 12, 1))
    remind(today=date(2026, 12, 1))
    texts = [t for t in Notification.objects.values_list("text", flat=True) if "履约检查" in t]
    assert texts and all("《浙江省集体合同条例》第三十七条" in t for t in texts)


# --- Filing from the notice's receipt (Shanghai), objection from the administration's receipt -------------


def _approved(tree, jurisdiction):
    Org.objects.filter(pk=tree.district.pk).update(jurisdiction=jurisdiction)
    agreement = walk(new_agreement(tree), S.APPROVED, actor=tree.chair_a)
    assert agreement.approved_on == date(2025, 3, 13)
    return agreement


def _sign(tree, agreement, **extra):
    return services.agreement_sign(
        actor=tree.chair_a,
        agreement=agreement,
        signed_on=date(2025, 3, 15),
        starts_on=date(2025, 4, 1),
        ends_on=date(2026, 3, 31),
        **extra,
    )


def test_shanghai_filing_runs_from_the_employers_receipt_of_the_written_notice(tree):
    agreement = _sign(tree, _approved(tree, "shanghai"), notice_received_on=date(2025, 3, 20))
    assert agreement.notice_received_on == date(2025, 3, 20)
    # 上海 第二十三条: 十日内 from receipt, not from signing; the 30th is a Sunday, so Monday the 31st.
    assert agreement.filing_due == date(2025, 3, 31)


def test_elsewhere_filing_runs_from_signing_and_no_notice_is_kept(tree):
    agreement = _sign(tree, _approved(tree, ""), notice_received_on=date(2025, 3, 20))
    assert agreement.notice_received_on is None
    assert agreement.filing_due == date(2025, 3, 25)


@pytest.mark.parametrize(
    ("notice", "message"),
    [(None, "请填写企业收到书面告知的日期"), (date(2025, 3, 12), "早于审议通过日期")],
)
def test_shanghai_signing_without_a_sound_notice_date_is_refused_and_changes_nothing(tree, notice, message):
    from gonghui.core.errors import DomainError

    agreement = _approved(tree, "shanghai")
    with pytest.raises(DomainError, match=message):
        _sign(tree, agreement, notice_received_on=notice)
    agreement.refresh_from_db()
    assert agreement.status == S.APPROVED and agreement.signed_on is None
    assert agreement.notice_received_on is None and agreement.filing_due is None


@pytest.mark.parametrize(("jurisdiction", "asked"), [("shanghai", True), ("", False), ("zhejiang", False)])
def test_the_sign_form_asks_for_the_notice_only_where_filing_runs_from_it(tree, jurisdiction, asked):
    from django.test import Client
    from django.urls import reverse

    agreement = _approved(tree, jurisdiction)
    client = Client()
    client.force_login(tree.chair_a)
    page = client.get(reverse("agreement_detail", kwargs={"pk": agreement.pk})).content.decode()
    assert ("企业收到书面告知日期" in page) is asked
    response = client.post(
        reverse("agreement_act", kwargs={"pk": agreement.pk, "action": "sign"}),
        {
            "sign-signed_on": "2025-03-15",
            "sign-starts_on": "2025-04-01",
            "sign-ends_on": "2026-03-31",
            "sign-notice_received_on": "2025-03-20",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == S.SIGNED
    assert agreement.filing_due == (date(2025, 3, 31) if asked else date(2025, 3, 25))


def _file(tree, jurisdiction, **extra):
    agreement = _sign(tree, _approved(tree, jurisdiction), notice_received_on=date(2025, 3, 15))
    return services.agreement_file(
        actor=tree.chair_a, agreement=agreement, filed_on=date(2025, 3, 17), authority="区人力社保局", **extra
    )


@pytest.mark.parametrize("jurisdiction", ["", "zhejiang", "shanghai"])
def test_the_objection_period_runs_from_the_administrations_receipt_of_the_text(tree, jurisdiction):
    agreement = _file(tree, jurisdiction, received_on=date(2025, 3, 24))
    assert agreement.received_on == date(2025, 3, 24)
    assert agreement.objection_due == date(2025, 4, 8)  # 劳动合同法 第五十四条: 十五日 from receipt


def test_a_text_handed_in_is_received_on_the_filing_day(tree):
    agreement = _file(tree, "")
    assert agreement.received_on == date(2025, 3, 17) and agreement.objection_due == date(2025, 4, 1)


def test_in_beijing_the_objection_period_runs_from_filing(tree):
    agreement = _file(tree, "beijing", received_on=date(2025, 3, 24))
    assert agreement.received_on is None
    assert agreement.objection_due == date(2025, 4, 1)  # 北京 第三十九条: 自备案之日起十五日


@pytest.mark.parametrize(
    ("received", "message"),
    [(date(2025, 3, 16), "早于报送日期"), (date(2026, 6, 16), "还没有到")],
)
def test_a_receipt_before_filing_or_in_the_future_is_refused_and_changes_nothing(tree, received, message):
    from gonghui.core.errors import DomainError

    agreement = _sign(tree, _approved(tree, ""))
    with pytest.raises(DomainError, match=message):
        services.agreement_file(
            actor=tree.chair_a, agreement=agreement, filed_on=date(2025, 3, 17), received_on=received
        )
    agreement.refresh_from_db()
    assert agreement.status == S.SIGNED and agreement.filed_on is None and agreement.received_on is None


def test_an_objection_counts_from_the_receipt_and_clears_both_receipts(tree):
    from gonghui.core.errors import DomainError

    agreement = _file(tree, "shanghai", received_on=date(2025, 3, 24))
    with pytest.raises(DomainError, match="早于审查机关收到文本日期"):
        services.objection_record(actor=tree.chair_a, agreement=agreement, on=date(2025, 3, 20), note="意见")
    agreement = services.objection_record(
        actor=tree.chair_a, agreement=agreement, on=date(2025, 4, 8), note="工资条款需修改"
    )
    assert agreement.status == S.NEGOTIATING
    assert agreement.notice_received_on is None and agreement.received_on is None


def test_the_sweep_makes_it_effective_the_day_after_fifteen_days_from_receipt(tree):
    agreement = _file(tree, "", received_on=date(2025, 3, 24))
    assert services.effective_sweep(today=date(2025, 4, 8)) == []
    assert [a.pk for a in services.effective_sweep(today=date(2025, 4, 9))] == [agreement.pk]
    agreement.refresh_from_db()
    assert agreement.effective_on == date(2025, 4, 9)


def test_the_page_and_the_api_show_the_receipt_the_clocks_run_from(tree):
    from django.test import Client
    from django.urls import reverse

    agreement = _file(tree, "", received_on=date(2025, 3, 24))
    client = Client()
    client.force_login(tree.chair_a)
    page = client.get(reverse("agreement_detail", kwargs={"pk": agreement.pk})).content.decode()
    assert "审查异议期届满（审查机关 2025-03-24 收到文本）" in page
    detail = client.get(reverse("api:agreement_detail", kwargs={"agreement_id": agreement.pk})).json()
    assert detail["received_on"] == "2025-03-24" and detail["objection_due"] == "2025-04-08"
    deadlines = client.get(reverse("api:agreement_deadlines", kwargs={"agreement_id": agreement.pk})).json()
    assert next(d for d in deadlines if d["code"] == "objection")["due"] == "2025-04-08"


def test_recounting_the_deadlines_starts_from_the_receipts(tree):
    from gonghui.agreements.models import Agreement
    from gonghui.agreements.services.deadlines import deadlines_recompute

    agreement = _sign(tree, _approved(tree, "shanghai"), notice_received_on=date(2025, 3, 20))
    agreement = services.agreement_file(
        actor=tree.chair_a, agreement=agreement, filed_on=date(2025, 3, 21), received_on=date(2025, 3, 24)
    )
    Agreement.objects.filter(pk=agreement.pk).update(
        filing_due=date(2025, 3, 25), objection_due=date(2025, 4, 5)
    )
    assert deadlines_recompute(year=2025) == 2
    agreement.refresh_from_db()
    assert (agreement.filing_due, agreement.objection_due) == (date(2025, 3, 31), date(2025, 4, 8))


# --- Team size: Zhejiang's floor for enterprises above designated size ---------------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "large", "short"),
    [("zhejiang", True, True), ("zhejiang", False, False), ("", True, False)],
)
def test_zhejiang_asks_five_a_side_of_an_enterprise_above_designated_size(tree, jurisdiction, large, short):
    from gonghui.core.errors import DomainError
    from gonghui.orgs.models import Enterprise

    Org.objects.filter(pk=tree.district.pk).update(jurisdiction=jurisdiction)
    Enterprise.objects.filter(pk=tree.ent_a.pk).update(above_designated_size=large)
    agreement = walk(new_agreement(tree), S.NEGOTIATING, actor=tree.chair_a)
    teams(agreement, tree.chair_a, date(2025, 3, 6))
    problems = services.team_problems(agreement)
    expected = "职工方协商代表只有 3 人，每方至少 5 人（规模以上企业，《浙江省集体合同条例》第十条）。"
    assert (expected in problems) is short
    if short:
        with pytest.raises(DomainError, match="每方至少 5 人"):
            services.meeting_record(
                actor=tree.chair_a,
                agreement=agreement,
                held_on=date(2025, 3, 8),
                note_taker="周记录",
                minutes="首次协商。",
            )
        assert not agreement.meetings.exists()


def test_a_regional_agreement_keeps_the_general_floor(tree):
    from gonghui.agreements.models import Agreement, Level
    from gonghui.orgs.models import Enterprise

    Org.objects.filter(pk=tree.district.pk).update(jurisdiction="zhejiang")
    Enterprise.objects.filter(pk=tree.ent_a.pk).update(above_designated_size=True)
    agreement = walk(new_agreement(tree), S.NEGOTIATING, actor=tree.chair_a)
    Agreement.objects.filter(pk=agreement.pk).update(level=Level.REGIONAL)
    agreement.refresh_from_db()
    teams(agreement, tree.chair_a, date(2025, 3, 6))
    assert services.team_problems(agreement) == []


# --- The rule catalogue -----------------------------------------------------------------------------------


def test_the_catalogue_shows_each_agreement_threshold_in_the_statutes_words_with_its_article(tree):
    from django.test import Client
    from django.urls import reverse

    from gonghui.core.rules import UNREAD, all_rules

    client = Client()
    client.force_login(tree.chair_a)
    page = client.get(reverse("rule_list")).content.decode()
    thresholds = [r for r in all_rules() if r.id.startswith("agreement.") and not r.is_period]
    assert thresholds
    for rule in thresholds:
        if rule.verified == UNREAD:
            # A statute whose articles were not read quotes nothing: it says so, naming the text applied instead.
            assert not rule.wording and "条款待核实" in rule.cite and rule.cite in page, rule.id
            continue
        assert rule.wording, rule.id
        assert f"“{rule.wording}”" in page and rule.cite in page, rule.id
