import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gonghui.core.tests.clock import demo_pinned
from gonghui.orgs.models import Member
from gonghui.portal.models import ApplicationStatus, JoinApplication

pytestmark = [pytest.mark.django_db, demo_pinned]


def test_demo_has_pending_applications_and_members_open_mine_and_their_card():
    call_command("demo", stdout=io.StringIO())
    statuses = list(JoinApplication.objects.values_list("status", flat=True))
    assert statuses.count(ApplicationStatus.PENDING) == 4
    assert ApplicationStatus.DECLINED in statuses
    member = Member.objects.filter(user__isnull=False).select_related("user").first()
    client = Client()
    client.force_login(member.user)
    assert client.get(reverse("portal_home")).status_code == 200
    card = client.get(reverse("portal_card"))
    assert card.status_code == 200 and member.id_number not in card.content.decode()
