"""The Jiangsu rule pack (docs/domain.md, "Jiangsu"): its statutes are named and dated, none of their articles was
read, so every Jiangsu rule keeps the national value, is marked UNREAD and says so in its citation; a union
under a Jiangsu federation gets those versions (and none of Zhejiang's), from the day the statute took effect."""

from datetime import date

import pytest
from django.urls import reverse

from gonghui.agreements import rules as agreement_rules
from gonghui.congress import rules as congress_rules
from gonghui.core.rules import NATIONAL, STATUTE, UNREAD, all_rules, rule_for
from gonghui.core.tests.clock import pinned
from gonghui.orgs.jurisdiction import org_jurisdiction, org_rule
from gonghui.orgs.models import Jurisdiction, Org
from gonghui.voting import rules as voting_rules

ON = date(2026, 6, 1)
JIANGSU = [r for r in all_rules() if r.jurisdiction == "jiangsu"]


def test_the_jiangsu_pack_covers_the_collective_contract_and_congress_rules():
    ids = {r.id for r in JIANGSU}
    assert {r.id for r in agreement_rules.JIANGSU_RULES} <= ids
    assert {
        "agreement.offer_reply",
        "agreement.approval_majority",
        "agreement.filing",
        "agreement.review",
    } <= ids
    assert {"congress.seats_min", "congress.managers_max", "congress.session_interval"} <= ids
    assert {"voting.congress_attendance", "voting.congress_majority"} <= ids
    assert len(JIANGSU) == len(ids)  # one version each


def test_no_jiangsu_rule_claims_a_statute_text_that_was_not_read():
    assert JIANGSU and all(r.verified == UNREAD for r in JIANGSU)
    assert not [r for r in JIANGSU if r.verified == STATUTE or r.wording]
    for rule in JIANGSU:
        national = rule_for(rule.id, NATIONAL, ON)
        assert rule.cite.startswith(
            ("《江苏省集体协商条例》（条款待核实", "《江苏省企业民主管理条例》（条款待核实")
        )
        assert national.cite in rule.cite  # names the rule actually applied
        # Not read, so no Jiangsu threshold or deadline differs from the national one.
        assert (rule.value, rule.bound, rule.convention, rule.counts_back, rule.norm) == (
            national.value,
            national.bound,
            national.convention,
            national.counts_back,
            national.norm,
        )


def test_the_statutes_apply_from_the_day_they_took_effect():
    assert rule_for("agreement.offer_reply", "jiangsu", date(2023, 5, 1)).jurisdiction == "jiangsu"
    before = rule_for("agreement.offer_reply", "jiangsu", date(2023, 4, 30))
    assert (before.jurisdiction, before.cite) == (NATIONAL, "《集体合同规定》第三十二条")
    # The national congress rules, whose values the Jiangsu versions carry, date from 2012: not earlier.
    assert rule_for("voting.congress_majority", "jiangsu", date(2012, 2, 13)).jurisdiction == "jiangsu"
    with pytest.raises(LookupError):
        rule_for("voting.congress_majority", "jiangsu", date(2011, 1, 1))


def test_required_seats_in_jiangsu_follow_the_national_formula():
    for workforce in (80, 600, 1200, 6000):
        assert congress_rules.required_seats(workforce, "jiangsu") == congress_rules.required_seats(
            workforce, NATIONAL
        )
    assert congress_rules.required_seats(1200, "jiangsu") != congress_rules.required_seats(1200, "zhejiang")


@pytest.fixture
def jiangsu_tree(tree):
    Org.objects.filter(pk=tree.town_a.pk).update(jurisdiction=Jurisdiction.JIANGSU)
    Org.objects.filter(pk=tree.town_b.pk).update(jurisdiction=Jurisdiction.ZHEJIANG)
    return tree


@pytest.mark.django_db
def test_a_union_under_a_jiangsu_town_gets_the_jiangsu_versions_and_others_do_not(jiangsu_tree):
    tree = jiangsu_tree
    assert org_jurisdiction(tree.union_a) == "jiangsu"
    for rule_id in {r.id for r in JIANGSU}:
        assert org_rule(tree.union_a, rule_id, ON).jurisdiction == "jiangsu"
        assert org_rule(tree.union_b, rule_id, ON).jurisdiction != "jiangsu"
    reply_js = org_rule(tree.union_a, "agreement.offer_reply", ON)
    reply_zj = org_rule(tree.union_b, "agreement.offer_reply", ON)
    assert (reply_js.value, reply_js.convention_name) == (20, "自然日")
    assert (reply_zj.value, reply_zj.convention_name) == (10, "工作日")
    majority = org_rule(tree.union_a, "voting.congress_majority", ON)
    assert (
        majority.cite.startswith("《江苏省企业民主管理条例》")
        and majority == voting_rules.JIANGSU_CONGRESS_RULES[1]
    )


@pytest.mark.django_db
def test_zhejiang_only_clocks_do_not_reach_a_jiangsu_union(jiangsu_tree):
    for rule_id in ("agreement.draft_to_congress", "agreement.publication", "agreement.dissolution_filing"):
        assert org_rule(jiangsu_tree.union_b, rule_id, ON).jurisdiction == "zhejiang"
        with pytest.raises(LookupError):
            org_rule(jiangsu_tree.union_a, rule_id, ON)


@pytest.mark.django_db
def test_the_catalogue_lists_the_jiangsu_pack_and_says_it_was_not_read(client, tree):
    client.force_login(tree.cadre_a)
    page = client.get(reverse("rule_list"), {"q": "江苏"}).content.decode()
    assert page.count("<td>江苏省</td>") == len(JIANGSU)
    assert "《江苏省集体协商条例》（条款待核实，暂按《集体合同规定》第三十二条）" in page
    assert "条文未读" not in page  # the checking flag is for administrators
    client.force_login(tree.superuser)
    page = client.get(reverse("rule_list"), {"q": "江苏"}).content.decode()
    assert page.count("条文未读</span>") == len(JIANGSU)


# --- On a Jiangsu union's pages ------------------------------------------------------------------------------


@pytest.mark.django_db
@pinned
def test_a_jiangsu_unions_agreement_page_counts_the_offer_reply_by_the_jiangsu_pack(jiangsu_tree, client):
    from gonghui.agreements import services
    from gonghui.agreements.tests.factories import new_agreement, walk

    tree = jiangsu_tree
    offered = {}
    for union in (tree.union_a, tree.union_b):
        agreement = walk(new_agreement(tree, union=union), "discussed", actor=tree.superuser)
        offered[union] = services.offer_send(actor=tree.superuser, agreement=agreement, on=date(2025, 3, 3))
    # Jiangsu keeps the national 20 calendar days (3 March + 20 = a Sunday → Monday 24 March); Zhejiang, 10
    # working days.
    assert offered[tree.union_a].offer_reply_due == date(2025, 3, 24)
    assert offered[tree.union_b].offer_reply_due == date(2025, 3, 17)
    client.force_login(tree.chair_a)
    page = client.get(reverse("agreement_detail", args=[offered[tree.union_a].pk])).content.decode()
    assert "《江苏省集体协商条例》（条款待核实，暂按《集体合同规定》第三十二条）" in page
    assert "《浙江省集体合同条例》" not in page


@pytest.mark.django_db
@pinned
def test_a_jiangsu_unions_congress_needs_the_national_seats_not_zhejiangs(jiangsu_tree, client):
    from gonghui.congress.selectors import composition
    from gonghui.congress.tests.factories import build_congress

    tree = jiangsu_tree
    jiangsu = build_congress(tree.union_a, worker_count=1200, women_worker_count=400).term
    zhejiang = build_congress(tree.union_b, worker_count=1200, women_worker_count=400).term
    assert composition(jiangsu).seats_required == 60  # 5 % of 1,200
    assert composition(zhejiang).seats_required == 100  # 《浙江省企业民主管理条例》第十条
    client.force_login(tree.chair_a)
    page = client.get(reverse("congress_term_detail", args=[jiangsu.pk])).content.decode()
    assert "最低名额 60 人" in page
