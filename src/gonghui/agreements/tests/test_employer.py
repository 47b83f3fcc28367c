"""Employer representatives see only their enterprise's agreements, only from the offer on, and act on the
employer side (answer the offer, name their team, sign, file)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.agreements.models import AgreementStatus, Decision, Side, StepKind
from gonghui.agreements.selectors import agreement_list
from gonghui.core.errors import PermissionDenied
from gonghui.core.tests.clock import pinned

from .factories import employer_rep, new_agreement, start, walk

S = AgreementStatus
# Agreements are walked from factories.start(), a day in 2025: run on the day the dates were written for.
pytestmark = [pytest.mark.django_db, pinned]


@pytest.fixture
def employer(tree):
    return employer_rep(tree)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_employer_sees_nothing_before_the_offer(tree, employer):
    agreement = walk(new_agreement(tree), S.DISCUSSED, actor=tree.chair_a)
    client = _client(employer)
    assert client.get(reverse("agreement_detail", kwargs={"pk": agreement.pk})).status_code == 404
    assert (
        client.get(reverse("api:agreement_detail", kwargs={"agreement_id": agreement.pk})).status_code == 404
    )
    assert not agreement_list(user=employer).exists()


def test_employer_sees_their_agreement_from_the_offer_and_answers_it(tree, employer):
    agreement = walk(new_agreement(tree), S.OFFERED, actor=tree.chair_a)
    client = _client(employer)
    page = client.get(reverse("agreement_detail", kwargs={"pk": agreement.pk}))
    assert page.status_code == 200
    assert "登记书面答复" in page.content.decode()
    assert client.get(reverse("agreement_list")).status_code == 200
    response = client.post(
        reverse("agreement_act", kwargs={"pk": agreement.pk, "action": "answer"}),
        {"answer-on": (start() + timedelta(days=3)).isoformat(), "answer-decision": Decision.APPROVE},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == S.NEGOTIATING
    assert agreement.steps.get(kind=StepKind.ANSWERED).actor == employer


def test_employer_cannot_see_another_enterprises_agreement(tree, employer):
    other = walk(
        new_agreement(tree, union=tree.union_a2, enterprise=tree.ent_a2, chair=tree.superuser),
        S.OFFERED,
        actor=tree.superuser,
    )
    response = _client(employer).get(reverse("agreement_detail", kwargs={"pk": other.pk}))
    assert response.status_code == 404
    assert not agreement_list(user=employer).filter(pk=other.pk).exists()


def test_employer_cannot_take_union_steps_or_name_worker_negotiators(tree, employer):
    from gonghui.agreements import services

    agreement = walk(new_agreement(tree), S.NEGOTIATING, actor=tree.chair_a)
    client = _client(employer)
    response = client.post(reverse("agreement_act", kwargs={"pk": agreement.pk, "action": "agree"}))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.negotiator_add(actor=employer, agreement=agreement, side=Side.WORKERS, name="甲", on=start())
    services.negotiator_add(
        actor=employer, agreement=agreement, side=Side.EMPLOYER, name="赵总", on=start(), is_chief=True
    )
    assert agreement.negotiators.filter(side=Side.EMPLOYER).count() == 1


def test_employer_pages_and_files(tree, employer):
    agreement = walk(new_agreement(tree), S.NEGOTIATING, actor=tree.chair_a)
    client = _client(employer)
    for name in ("negotiator_add", "agreement_docx"):
        assert client.get(reverse(name, kwargs={"pk": agreement.pk})).status_code == 200, name
    assert client.get(reverse("filing_form_docx", kwargs={"pk": agreement.pk})).status_code == 302  # unsigned
    for name in ("agreement_edit", "meeting_add", "draft_create", "check_add"):
        assert client.get(reverse(name, kwargs={"pk": agreement.pk})).status_code == 404, name
