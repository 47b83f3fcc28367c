"""What the agreement pages say: a renewal window that opened is not a missed deadline, and ending an agreement
asks first."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.agreements.models import Agreement, AgreementStatus
from gonghui.core.tests.clock import pinned

from .factories import new_agreement, walk

S = AgreementStatus
pytestmark = [pytest.mark.django_db, pinned]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def in_force(tree) -> Agreement:
    return walk(new_agreement(tree), S.IN_FORCE, actor=tree.chair_a)


def test_an_open_renewal_window_reads_as_opened_not_as_late(tree, in_force):
    today = timezone.localdate()
    Agreement.objects.filter(pk=in_force.pk).update(status=S.EXPIRING, ends_on=today + timedelta(days=30))
    client = _client(tree.chair_a)

    detail = client.get(reverse("agreement_detail", args=[in_force.pk])).content.decode()
    listing = client.get(reverse("agreement_list")).content.decode()

    assert "续订期已开始，可提出续订" in detail
    assert "续订期已于" in listing and "开始" in listing
    assert "续订期开始已逾期" not in listing


def test_ending_an_agreement_asks_first_and_a_second_click_ends_it(tree, in_force):
    client = _client(tree.chair_a)
    detail = client.get(reverse("agreement_detail", args=[in_force.pk])).content.decode()
    assert 'class="btn btn-outline-danger btn-sm mt-2" type="submit" name="do" value="end"' in detail
    data = {"end-on": timezone.localdate().isoformat(), "end-note": "企业关闭"}
    url = reverse("agreement_act", args=[in_force.pk, "end"])

    asked = client.post(url, data)

    assert asked.status_code == 200
    assert "确定终止" in asked.content.decode() and "确认终止合同" in asked.content.decode()
    assert Agreement.objects.get(pk=in_force.pk).status == S.IN_FORCE

    done = client.post(url, {**data, "confirmed": "1"})

    assert done.status_code == 302
    assert Agreement.objects.get(pk=in_force.pk).status == S.ENDED


def test_going_back_from_the_question_changes_nothing(tree, in_force):
    client = _client(tree.chair_a)
    asked = client.post(
        reverse("agreement_act", args=[in_force.pk, "end"]), {"end-on": timezone.localdate().isoformat()}
    ).content.decode()
    assert f'href="{reverse("agreement_detail", args=[in_force.pk])}"' in asked
    assert Agreement.objects.get(pk=in_force.pk).status == S.IN_FORCE
