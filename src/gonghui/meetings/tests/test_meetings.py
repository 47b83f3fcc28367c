from datetime import date

import pytest

from gonghui.core.errors import DomainError, NotFound, PermissionDenied
from gonghui.core.tests.clock import pinned
from gonghui.meetings.models import CommitteeMeeting
from gonghui.meetings.selectors import meeting_get, meeting_list
from gonghui.meetings.services import meeting_record

pytestmark = [pytest.mark.django_db, pinned]


def _record(tree, **changes):
    fields = {
        "actor": tree.chair_a,
        "node": tree.union_a,
        "held_on": date(2026, 1, 10),
        "title": "工会委员会第三次会议",
        "members_total": 7,
        "members_present": 6,
        "decisions": "审议通过年度工作计划。",
    }
    return meeting_record(**{**fields, **changes})


def test_chair_records_a_meeting_that_the_federation_reads(tree):
    meeting = _record(tree)
    assert list(meeting_list(user=tree.cadre_a)) == [meeting]
    assert meeting_get(user=tree.auditor_a, pk=meeting.pk) == meeting
    with pytest.raises(NotFound):
        meeting_get(user=tree.chair_b, pk=meeting.pk)
    assert not meeting_list(user=tree.member_user).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": " "}, "请填写会议名称"),
        ({"decisions": ""}, "请填写会议决定事项"),
        ({"held_on": date(2026, 7, 1)}, "不能晚于今天"),
        ({"members_total": 0}, "应到委员人数"),
        ({"members_present": 8}, "实到委员人数"),
    ],
)
def test_bad_meeting_input_is_refused(tree, changes, message):
    with pytest.raises(DomainError, match=message):
        _record(tree, **changes)
    assert not CommitteeMeeting.objects.exists()


def test_only_the_unions_people_record_its_meetings(tree):
    with pytest.raises(PermissionDenied):
        _record(tree, actor=tree.chair_b)
    with pytest.raises(PermissionDenied):
        _record(tree, actor=tree.auditor_a)


def test_meeting_page_records_and_returns_to_the_plan(client, tree):
    client.force_login(tree.chair_a)
    response = client.post(
        "/meetings/new/?next=/plans/",
        {
            "node": tree.union_a.pk,
            "held_on": "2026-01-10",
            "title": "工会委员会会议",
            "members_total": 7,
            "members_present": 9,
            "decisions": "通过计划",
        },
    )
    assert "实到委员人数须在 0 与应到人数之间" in response.content.decode()
    response = client.post(
        "/meetings/new/?next=/plans/",
        {
            "node": tree.union_a.pk,
            "held_on": "2026-01-10",
            "title": "工会委员会会议",
            "members_total": 7,
            "members_present": 6,
            "decisions": "通过计划",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/plans/"
    assert CommitteeMeeting.objects.get().members_present == 6
    assert "工会委员会会议" in client.get("/meetings/").content.decode()
