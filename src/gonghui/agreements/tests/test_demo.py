import pytest
from django.utils import timezone

from gonghui.agreements.models import Agreement, AgreementStatus, EmployerLink
from gonghui.agreements.selectors import agreement_list
from gonghui.orgs.demo import build_demo

pytestmark = pytest.mark.django_db


def test_demo_shows_a_wage_agreement_due_for_renewal_and_an_unanswered_offer():
    build_demo()
    employer = EmployerLink.objects.get().user
    wage = Agreement.objects.get(
        kind__code="wage", coverage__enterprise=EmployerLink.objects.get().enterprise
    )
    assert wage.status == AgreementStatus.EXPIRING
    assert wage.review_poll.status == "certified" and wage.wage_increase_pct == 6
    offered = Agreement.objects.get(kind__code="comprehensive", status=AgreementStatus.OFFERED)
    assert offered.status == AgreementStatus.OFFERED
    assert set(agreement_list(user=employer)) == {wage, offered}


def test_demo_town_tells_the_statistics_story():
    from django.contrib.auth import get_user_model

    from gonghui.agreements import stats
    from gonghui.agreements.models import AgreementTarget
    from gonghui.orgs.models import Org

    build_demo()
    cadre = get_user_model().objects.get(username="zhen")
    town = Org.objects.get(name="柳溪镇总工会")
    today = timezone.localdate()
    data = stats.node_stats(user=cadre, node=town, options=stats.Options(year=today.year))
    signing = [data.total.rates[k.pk]["signing"] for k in data.kinds]
    assert all(r.percent is not None for r in signing) and any(r.percent > 0 for r in signing)
    assert all(r.target is not None for r in signing[:4])  # the town's plan: 95 / 90 / 98 / 80
    assert AgreementTarget.objects.filter(node=town).count() == 4
    assert stats.late_filing_list(user=cadre, node=town).count() == 1
    assert stats.expiring_list(user=cadre, node=town).count() >= 2
    assert stats.without_agreement_list(user=cadre, node=town).exists()
    regional = Agreement.objects.get(level="regional")
    assert regional.status == AgreementStatus.IN_FORCE and regional.coverage.count() == 3
    school = Agreement.objects.get(node__name="柳溪镇中心小学工会")
    assert school.status == AgreementStatus.IN_FORCE
    assert school.review_poll.status == "certified" and school.review_poll.electorate_size < 60


def test_demo_jiangsu_union_waits_for_an_offer_reply_counted_by_the_jiangsu_pack(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from gonghui.core.calendar import rule_deadline
    from gonghui.orgs.jurisdiction import org_rule

    build_demo()
    offer = Agreement.objects.get(node__path__startswith=_jiangsu_town().path)
    assert (offer.kind.code, offer.status) == ("wage", AgreementStatus.OFFERED)
    sent_on = offer.offered_on
    rule = org_rule(offer.node, "agreement.offer_reply", sent_on)
    assert rule.jurisdiction == "jiangsu"
    assert offer.offer_reply_due == rule_deadline(rule, sent_on).date
    client.force_login(get_user_model().objects.get(username="jszhuxi"))
    page = client.get(reverse("agreement_detail", args=[offer.pk])).content.decode()
    assert "《江苏省集体协商条例》（条款待核实" in page


def _jiangsu_town():
    from gonghui.orgs.models import Org

    return Org.objects.get(name="苇塘镇总工会")
