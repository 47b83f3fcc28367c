"""The poll pages as managers, electors and tellers use them: what they see, what they are refused, what changes."""

from datetime import date
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedSessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from gonghui.core.spreadsheets import write_xlsx
from gonghui.core.tests.matrix import ROLES
from gonghui.orgs.models import Member, MemberStatus
from gonghui.orgs.tests.factories import MemberFactory, UserFactory, old_15_digit, typed_full_width
from gonghui.voting import services
from gonghui.voting.models import Ballot, Elector, Poll, PollStatus, QuestionForm, VoterMark
from gonghui.voting.tests.factories import decrypted, shares_of

pytestmark = pytest.mark.django_db

YES_NO = {"text": "审议通过《职工福利方案》", "form": QuestionForm.YES_NO, "options": [], "seats": 1}
ELECTION = {
    "text": "选举工会委员",
    "form": QuestionForm.CHOOSE,
    "options": ["王芳", "李强", "赵敏"],
    "seats": 2,
}


# --- Helpers (also used by test_api.py and test_report.py) -----------------------------------------------


def elector_user(member: Member):
    """A login for a member, so they can vote."""
    if member.user_id is None:
        member.user = UserFactory()
        member.save(update_fields=["user"])
    return member.user


def session_reads() -> int:
    """Statements a signed-in request spends on its session: none where sessions are read from the cache
    (Redis, settings.SESSION_ENGINE), the session row where they live in the database alone."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    return 0 if issubclass(store, CachedSessionStore) else 1


def make_poll(tree, *, questions=(YES_NO,), opened=True, **fields) -> Poll:
    """A poll of union A with every member of union A as an elector and chair_a + staff_a as tellers."""
    chair = tree.chair_a
    poll = services.poll_create(
        actor=chair, node=tree.union_a, title="第三届职代会表决", questions=list(questions), **fields
    )
    services.electorate_set(actor=chair, poll=poll, members=Member.objects.filter(union=tree.union_a))
    services.tellers_set(actor=chair, poll=poll, users=[tree.chair_a, tree.staff_a])
    return services.poll_open(actor=chair, poll=poll) if opened else poll


def vote_all(tree, poll, choices: dict) -> None:
    for member in Member.objects.filter(union=tree.union_a):
        services.cast(voter=elector_user(member), poll=poll, choices=choices)


def certify(tree, poll, attendance=None) -> Poll:
    poll = services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll), attendance=attendance)
    services.tally_confirm(actor=tree.chair_a, poll=poll)
    return services.tally_confirm(actor=tree.staff_a, poll=poll)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Managers ----------------------------------------------------------------------------------------


def _create_data(**overrides):
    data = {
        "title": "选举第四届工会委员会",
        "kind": "election",
        "policy": "plurality",
        "q-text": ["选举工会委员"],
        "q-form": ["choose"],
        "q-options": ["王芳\n李强\n\n赵敏 "],
        "q-seats": ["2"],
    }
    return {**data, **overrides}


def test_chair_creates_a_poll_with_candidates_one_per_line(tree):
    response = client_for(tree.chair_a).post(reverse("poll_create"), _create_data())
    poll = Poll.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("poll_detail", args=[poll.pk])
    question = poll.questions.get()
    assert (question.form, question.options, question.seats) == ("choose", ["王芳", "李强", "赵敏"], 2)
    assert (poll.node, poll.status, poll.secret) == (tree.union_a, PollStatus.DRAFT, False)


def test_secret_checkbox_makes_a_secret_ballot(tree):
    client_for(tree.chair_a).post(reverse("poll_create"), _create_data(secret="on"))
    assert Poll.objects.get().secret is True


def test_create_refuses_a_candidate_list_without_enough_surplus_and_saves_nothing(tree):
    response = client_for(tree.chair_a).post(
        reverse("poll_create"), _create_data(**{"q-options": ["王芳\n李强"]})
    )
    assert response.status_code == 200
    assert "候选人至少应有" in response.content.decode()
    assert not Poll.objects.exists()


def test_create_names_the_row_without_candidates(tree):
    data = _create_data(**{"q-text": ["选举主席", "选举委员"], "q-form": ["choose", "choose"]})
    data["q-options"], data["q-seats"] = ["张三\n李四\n王五", ""], ["1", "1"]
    response = client_for(tree.chair_a).post(reverse("poll_create"), data)
    assert "请填写候选人，每行一个。" in response.content.decode()
    assert not Poll.objects.exists()


def test_create_without_questions_is_refused(tree):
    data = _create_data(**{"q-text": [], "q-form": [], "q-options": [], "q-seats": []})
    response = client_for(tree.chair_a).post(reverse("poll_create"), data)
    assert "请至少添加一个表决事项" in response.content.decode()
    assert not Poll.objects.exists()


def test_add_question_button_returns_one_blank_row(tree):
    response = client_for(tree.chair_a).get(reverse("poll_question_row"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.count('name="q-text"') == 1 and "<html" not in html


def test_edit_page_shows_the_draft_as_it_is(tree):
    poll = make_poll(tree, opened=False, questions=[YES_NO, {**YES_NO, "text": "审议《劳动竞赛方案》"}])
    html = client_for(tree.chair_a).get(reverse("poll_edit", args=[poll.pk])).content.decode()
    assert html.count('class="question-row') == 2 and "审议《劳动竞赛方案》" in html
    assert "abstain" not in html.split('name="q-options"')[1].split("</textarea>")[0]


def test_edit_replaces_questions_and_settings_together(tree):
    poll = make_poll(tree, opened=False)
    data = {
        "title": "修改后的名称",
        "kind": "congress_item",
        "policy": "congress",
        "q-text": ["事项一", "事项二"],
        "q-form": ["yes_no", "yes_no"],
        "q-options": ["", ""],
        "q-seats": ["1", "1"],
    }
    client_for(tree.staff_a).post(reverse("poll_edit", args=[poll.pk]), data)
    poll.refresh_from_db()
    assert poll.title == "修改后的名称"
    assert list(poll.questions.values_list("text", flat=True)) == ["事项一", "事项二"]


def test_edit_switches_the_policy_and_the_question_form_together(tree):
    poll = make_poll(tree, opened=False)
    data = _create_data(**{"title": "改成选举", "kind": "other", "q-options": ["王芳\n李强\n赵敏"]})
    response = client_for(tree.chair_a).post(reverse("poll_edit", args=[poll.pk]), data)
    assert response.status_code == 302
    poll.refresh_from_db()
    assert (poll.title, poll.policy) == ("改成选举", "plurality")
    assert list(poll.questions.values_list("form", "options")) == [("choose", ["王芳", "李强", "赵敏"])]


def test_edit_that_the_service_refuses_leaves_the_settings_as_they_were(tree):
    poll = make_poll(tree, opened=False)
    data = {
        "title": "改成选举",
        "kind": "other",
        "policy": "plurality",
        "q-text": ["事项"],
        "q-form": ["yes_no"],
    }
    data.update({"q-options": [""], "q-seats": ["1"]})
    response = client_for(tree.chair_a).post(reverse("poll_edit", args=[poll.pk]), data)
    assert "应为" in response.content.decode()
    poll.refresh_from_db()
    assert (poll.title, poll.policy) == ("第三届职代会表决", "congress")


def test_an_open_poll_cannot_be_edited(tree):
    poll = make_poll(tree)
    response = client_for(tree.chair_a).get(reverse("poll_edit", args=[poll.pk]), follow=True)
    assert "表决已开始，不能再修改" in response.content.decode()


def test_poll_list_searches_titles_and_filters_by_status(tree):
    make_poll(tree)
    services.poll_create(actor=tree.chair_a, node=tree.union_a, title="年度评议", questions=[YES_NO])
    client = client_for(tree.chair_a)
    html = client.get(reverse("poll_list"), {"q": "评议"}).content.decode()
    assert "年度评议" in html and "第三届职代会表决" not in html
    html = client.get(reverse("poll_list"), {"status": "open"}).content.decode()
    assert "第三届职代会表决" in html and "年度评议" not in html


def test_electorate_from_a_branch_takes_its_active_members_only(tree):
    poll = services.poll_create(actor=tree.chair_a, node=tree.union_a, title="分会表决", questions=[YES_NO])
    MemberFactory(union=tree.union_a, unit=tree.branch_a, status=MemberStatus.RETIRED)
    client_for(tree.chair_a).post(
        reverse("poll_electorate", args=[poll.pk]), {"source": "unit", "unit": tree.branch_a.pk}
    )
    assert list(Elector.objects.filter(poll=poll).values_list("member", flat=True)) == [
        tree.member_a_branch.pk
    ]


def _upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content)


def test_electorate_upload_with_weights(tree):
    poll = services.poll_create(actor=tree.chair_a, node=tree.union_a, title="代表大会", questions=[YES_NO])
    first, second = tree.members_a[0], tree.members_a[1]
    csv = f"身份证号,权数\n{first.id_number},120\n{second.id_number.lower()},\n".encode()
    client_for(tree.chair_a).post(
        reverse("poll_electorate", args=[poll.pk]), {"source": "file", "file": _upload("代表.csv", csv)}
    )
    weights = dict(Elector.objects.filter(poll=poll).values_list("member", "weight"))
    assert weights == {first.pk: 120, second.pk: 1}


def test_electorate_upload_finds_numbers_typed_full_width_or_in_15_digits(tree):
    """The roster import accepts both forms, so the weighted electorate must find the same people."""
    poll = services.poll_create(actor=tree.chair_a, node=tree.union_a, title="代表大会", questions=[YES_NO])
    first, second = tree.members_a[0], MemberFactory(union=tree.union_a, birth_date=date(1968, 5, 4))
    csv = f"身份证号,权数\n{typed_full_width(first.id_number)},30\n{old_15_digit(second.id_number)},20\n"
    client_for(tree.chair_a).post(
        reverse("poll_electorate", args=[poll.pk]),
        {"source": "file", "file": _upload("代表.csv", csv.encode())},
    )
    weights = dict(Elector.objects.filter(poll=poll).values_list("member", "weight"))
    assert weights == {first.pk: 30, second.pk: 20}


def test_electorate_upload_reports_unknown_and_foreign_ids_and_changes_nothing(tree):
    poll = make_poll(tree, opened=False)
    before = Elector.objects.filter(poll=poll).count()
    outsider = tree.members_b[0]
    csv = f"{tree.members_a[0].id_number}\n{outsider.id_number}\n11010519491231002X\n".encode()
    response = client_for(tree.chair_a).post(
        reverse("poll_electorate", args=[poll.pk]), {"source": "file", "file": _upload("名单.csv", csv)}
    )
    html = response.content.decode()
    assert html.count("不是本组织范围内的在会会员") == 2
    assert outsider.id_number not in html and outsider.id_number[-4:] in html
    assert Elector.objects.filter(poll=poll).count() == before


def test_electorate_upload_refuses_an_id_stored_as_a_number(tree):
    poll = services.poll_create(actor=tree.chair_a, node=tree.union_a, title="表决", questions=[YES_NO])
    book = write_xlsx(["身份证号", "权数"], [[float(tree.members_a[0].id_number[:17]), 2]])
    response = client_for(tree.chair_a).post(
        reverse("poll_electorate", args=[poll.pk]), {"source": "file", "file": _upload("名单.xlsx", book)}
    )
    assert "身份证号被 Excel 存成了数字" in response.content.decode()
    assert not Elector.objects.filter(poll=poll).exists()


def test_electorate_upload_refuses_a_bad_weight(tree):
    poll = services.poll_create(actor=tree.chair_a, node=tree.union_a, title="表决", questions=[YES_NO])
    csv = f"{tree.members_a[0].id_number},1.5\n".encode()
    response = client_for(tree.chair_a).post(
        reverse("poll_electorate", args=[poll.pk]), {"source": "file", "file": _upload("名单.csv", csv)}
    )
    assert "第 1 行：权数应为 1 以上的整数" in response.content.decode()


def test_tellers_form_names_unknown_usernames(tree):
    poll = make_poll(tree, opened=False)
    response = client_for(tree.chair_a).post(
        reverse("poll_tellers", args=[poll.pk]), {"usernames": "staff_a\nno_such_user"}
    )
    assert "没有这些用户：no_such_user" in response.content.decode()
    assert set(poll.tellers.values_list("user__username", flat=True)) == {"chair_a", "staff_a"}


def test_opening_without_enough_tellers_says_why_and_stays_a_draft(tree):
    poll = make_poll(tree, opened=False)
    services.tellers_set(actor=tree.chair_a, poll=poll, users=[tree.chair_a])
    response = client_for(tree.chair_a).post(reverse("poll_open", args=[poll.pk]), follow=True)
    assert "只指定了 1 名" in response.content.decode()
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT


def test_turnout_while_open_shows_counts_and_no_choice(tree):
    poll = make_poll(tree)
    services.cast(voter=tree.member_user, poll=poll, choices={1: "yes"})
    response = client_for(tree.chair_a).get(
        reverse("poll_turnout", args=[poll.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'hx-trigger="every 3s"' in html
    assert '<div class="value" id="turnout-voted">1</div>' in html
    assert "赞成" not in html


def test_turnout_polling_stops_once_the_poll_closes(tree):
    poll = make_poll(tree)
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    response = client_for(tree.chair_a).get(
        reverse("poll_turnout", args=[poll.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 286 and "hx-trigger" not in response.content.decode()


def test_close_with_attendance_above_the_electorate_changes_nothing(tree):
    poll = make_poll(tree)
    response = client_for(tree.chair_a).post(
        reverse("poll_close", args=[poll.pk]), {"attendance": 99}, follow=True
    )
    assert "实到人数应在已投票人数" in response.content.decode()
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN


def test_close_records_the_attendance(tree):
    poll = make_poll(tree)
    shares = "\n".join(shares_of(poll))
    client_for(tree.chair_a).post(reverse("poll_close", args=[poll.pk]), {"attendance": 3, "shares": shares})
    poll.refresh_from_db()
    assert (poll.status, poll.attendance_count) == (PollStatus.CLOSED, 3)


def test_opening_shows_each_teller_their_key_share_once_and_keeps_none(tree):
    poll = make_poll(tree, opened=False)
    client = client_for(tree.chair_a)
    response = client.post(reverse("poll_open", args=[poll.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert html.count('class="card share-sheet"') == poll.tellers.count()
    assert "最多可以丢失 0 份" in html and "一份也不能丢失" in html
    for share in shares_of(poll, k=poll.tellers.count()):
        assert share in html
        assert share not in client.get(reverse("poll_detail", args=[poll.pk])).content.decode()
        assert share[-10:] not in str(list(Poll.objects.filter(pk=poll.pk).values()))


def test_closing_with_a_wrong_share_says_so_and_the_poll_stays_open(tree):
    poll = make_poll(tree)
    first, second = shares_of(poll)
    wrong = second[:-6] + ("A" if second[-6] != "A" else "B") + second[-5:]
    response = client_for(tree.chair_a).post(
        reverse("poll_close", args=[poll.pk]), {"shares": f"{first}\n{wrong}"}, follow=True
    )
    assert "第 2 份密钥份额格式不对或有抄错" in response.content.decode()
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN


# --- Electors ----------------------------------------------------------------------------------------


def test_my_polls_links_open_ballots_and_marks_those_already_cast(tree):
    poll = make_poll(tree)
    client = client_for(tree.member_user)
    vote_link = f'href="{reverse("poll_vote", args=[poll.pk])}"'
    html = client.get(reverse("my_polls")).content.decode()
    assert poll.title in html and vote_link in html and "已投票" not in html
    services.cast(voter=tree.member_user, poll=poll, choices={1: "no"})
    html = client.get(reverse("my_polls")).content.decode()
    assert vote_link not in html and f'id="voted-{poll.pk}"' in html and "已投票" in html
    assert reverse("receipt_check", args=[poll.pk]) in html


def test_my_polls_shows_no_poll_the_user_is_not_an_elector_of(tree):
    make_poll(tree)
    html = client_for(tree.chair_b).get(reverse("my_polls")).content.decode()
    assert "第三届职代会表决" not in html and "现在没有等您投的票" in html


def test_vote_page_has_one_card_per_question_with_large_choices(tree):
    poll = make_poll(tree, policy="plurality", questions=[ELECTION], kind="other")
    html = client_for(tree.member_user).get(reverse("poll_vote", args=[poll.pk])).content.decode()
    assert html.count('class="card mb-3"') == 1
    assert html.count('type="checkbox" class="btn-check" name="pick-1"') == 3 and "最多选 2 人" in html


def test_vote_returns_the_receipt_once_and_keeps_it_nowhere(tree):
    poll = make_poll(tree)
    client = client_for(tree.member_user)
    response = client.post(reverse("poll_vote", args=[poll.pk]), {"yn-1": "yes"})
    html = response.content.decode()
    assert response.status_code == 200 and "请现在抄下或拍下这个回执码" in html
    receipt = html.split('id="receipt">')[1].split("<")[0]
    assert [digest for *_, digest in decrypted(poll)] == [services.receipt_digest(receipt)]
    assert "no-store" in response["Cache-Control"]
    stored = str(dict(client.session.items()))
    assert receipt not in stored and "yes" not in stored
    assert receipt not in client.get(reverse("my_polls")).content.decode()


def test_a_second_submit_is_refused_with_409_and_counts_once(tree):
    poll = make_poll(tree)
    client = client_for(tree.member_user)
    client.post(reverse("poll_vote", args=[poll.pk]), {"yn-1": "yes"})
    response = client.post(reverse("poll_vote", args=[poll.pk]), {"yn-1": "no"})
    assert response.status_code == 409
    assert "您已投票" in response.content.decode()
    assert [choices for choices, *_ in decrypted(poll)] == [{"1": "yes"}]


def test_an_unanswered_question_is_refused_and_nothing_is_written(tree):
    poll = make_poll(tree, questions=[YES_NO, {**YES_NO, "text": "审议通过《劳动竞赛方案》"}])
    response = client_for(tree.member_user).post(reverse("poll_vote", args=[poll.pk]), {"yn-1": "yes"})
    assert response.status_code == 400 and "第 2 项还没有选择" in response.content.decode()
    assert not VoterMark.objects.filter(poll=poll).exists() and not Ballot.objects.filter(poll=poll).exists()


def test_ticking_no_candidate_is_an_abstention(tree):
    poll = make_poll(tree, policy="plurality", questions=[ELECTION], kind="other")
    client = client_for(tree.member_user)
    form = client.get(reverse("poll_vote", args=[poll.pk])).content.decode()
    assert '<input type="hidden" name="pick-1" value="">' in form
    response = client.post(reverse("poll_vote", args=[poll.pk]), {"pick-1": [""]})
    assert response.status_code == 200
    assert decrypted(poll)[0][0] == {"1": []}


def test_too_many_candidates_are_refused(tree):
    poll = make_poll(tree, policy="plurality", questions=[ELECTION], kind="other")
    response = client_for(tree.member_user).post(
        reverse("poll_vote", args=[poll.pk]), {"pick-1": ["王芳", "李强", "赵敏"]}
    )
    assert response.status_code == 400 and "最多选 2 人" in response.content.decode()


def test_someone_not_on_the_electorate_cannot_vote(tree):
    poll = make_poll(tree)
    response = client_for(tree.chair_a).post(reverse("poll_vote", args=[poll.pk]), {"yn-1": "yes"})
    assert response.status_code == 404
    assert not Ballot.objects.filter(poll=poll).exists()


def test_vote_on_a_closed_poll_says_it_is_closed(tree):
    poll = make_poll(tree)
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    response = client_for(tree.member_user).post(reverse("poll_vote", args=[poll.pk]), {"yn-1": "yes"})
    assert response.status_code == 400 and "不在投票时间内" in response.content.decode()


def test_vote_post_costs_no_query_beyond_sign_in_and_cast(tree):
    """The hot path: 800 electors within a minute. The view adds nothing to what cast itself needs: before the
    vote only the session and the user are read (the current node is resolved only when read), and after it
    only what the page's layout reads."""
    poll, twin = make_poll(tree), make_poll(tree)
    client = client_for(tree.member_user)
    other = elector_user(tree.members_a[1])
    with CaptureQueriesContext(connection) as cast_alone:
        services.cast(voter=other, poll=Poll(pk=twin.pk), choices={1: "yes"})
    with CaptureQueriesContext(connection) as vote:
        response = client.post(reverse("poll_vote", args=[poll.pk]), {"yn-1": "yes"})
    assert response.status_code == 200

    sql = [q["sql"] for q in vote.captured_queries]
    n, k = len(cast_alone), 1 + session_reads()
    signing_in, casting, rendering = sql[:k], sql[k : k + n], sql[k + n :]
    assert ["django_session"] * session_reads() + ["auth_user"] == [
        "django_session" if "django_session" in s else "auth_user" if "auth_user" in s else s
        for s in signing_in
    ]
    assert [s.split()[0] for s in casting] == [q["sql"].split()[0] for q in cast_alone.captured_queries]
    assert rendering == []  # the booth's receipt page has no menu: no role query


def test_error_reports_of_the_vote_view_hide_the_choices(tree):
    poll = make_poll(tree)
    response = client_for(tree.member_user).post(reverse("poll_vote", args=[poll.pk]), {"yn-1": "yes"})
    reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert reported["yn-1"] != "yes"


def test_receipt_check_tells_a_counted_code_from_an_unknown_one(tree):
    poll = make_poll(tree)
    receipt = services.cast(voter=tree.member_user, poll=poll, choices={1: "yes"})
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    client = client_for(tree.member_user)
    url = reverse("receipt_check", args=[poll.pk])
    assert "已被计入" in client.post(url, {"code": receipt.lower().replace("-", " ")}).content.decode()
    assert "没有找到" in client.post(url, {"code": "AAAA-BBBB-CCCC-DDDD"}).content.decode()


# --- Tellers and results --------------------------------------------------------------------------------


def test_two_tellers_enter_confirm_paper_counts_and_certify(tree):
    poll = make_poll(tree)
    paper_voter = tree.members_a[2]
    chair, staff = client_for(tree.chair_a), client_for(tree.staff_a)
    chair.post(
        reverse("poll_paper_issue", args=[poll.pk]), {"elector": poll.electors.get(member=paper_voter).pk}
    )
    refused = client_for(elector_user(paper_voter)).post(
        reverse("poll_vote", args=[poll.pk]), {"yn-1": "yes"}
    )
    assert refused.status_code == 409
    services.cast(voter=tree.member_user, poll=poll, choices={1: "yes"})
    chair.post(reverse("poll_close", args=[poll.pk]), {"shares": "\n".join(shares_of(poll))})

    chair.post(
        reverse("poll_tally", args=[poll.pk]), {"ballots": 1, "c-1-yes": 0, "c-1-no": 1, "c-1-abstain": 0}
    )
    count = poll.paper_counts.get()
    same = chair.post(reverse("paper_count_confirm", args=[poll.pk, count.pk]), follow=True)
    assert "录入人不能核对自己录入的计数" in same.content.decode()
    staff.post(reverse("paper_count_confirm", args=[poll.pk, count.pk]))
    chair.post(reverse("poll_confirm", args=[poll.pk]))
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED
    staff.post(reverse("poll_confirm", args=[poll.pk]))
    poll.refresh_from_db()
    assert poll.status == PollStatus.CERTIFIED
    assert poll.tally["ballots"] == 1  # the web ballot; the paper box is added in the result
    result = staff.get(reverse("poll_result", args=[poll.pk])).content.decode()
    assert '<div class="value" id="ballots">2</div>' in result


def test_paper_count_above_the_issued_ballots_is_refused(tree):
    poll = make_poll(tree)
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    response = client_for(tree.chair_a).post(
        reverse("poll_tally", args=[poll.pk]), {"ballots": 3, "c-1-yes": 3, "c-1-no": 0, "c-1-abstain": 0}
    )
    assert "超出了发出张数" in response.content.decode()
    assert not poll.paper_counts.exists()


def test_result_shows_a_bar_per_choice_and_the_reason(tree):
    poll = make_poll(tree, min_group_size=2)
    vote_all(tree, poll, {1: "yes"})
    certify(tree, poll, attendance=4)
    html = client_for(tree.member_user).get(reverse("poll_result", args=[poll.pk])).content.decode()
    assert html.count("<rect") == 3 and "<title>赞成：4</title>" in html
    assert "到会 4 人" in html and "通过" in html


def test_result_below_the_minimum_group_size_shows_no_numbers(tree):
    poll = make_poll(tree)  # minimum group size 5, four electors
    vote_all(tree, poll, {1: "yes"})
    certify(tree, poll)
    html = client_for(tree.chair_a).get(reverse("poll_result", args=[poll.pk])).content.decode()
    assert "<svg" not in html and "不公布各选项票数" in html
    assert "赞成：" not in html


def _role_client(tree, role) -> Client:
    users = {"member": tree.member_user, "auditor_a": tree.auditor_a}
    client = Client()
    if role != "anon":
        client.force_login(users.get(role) or getattr(tree, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_no_result_anywhere_while_the_poll_is_open(tree, role):
    """V8: no tally for anyone while open, the superuser and the tellers included."""
    poll = make_poll(tree)
    vote_all(tree, poll, {1: "yes"})
    client = _role_client(tree, role)
    for url in (
        reverse("poll_result", args=[poll.pk]),
        reverse("poll_report", args=[poll.pk]),
        reverse("api:poll_result", kwargs={"poll_id": poll.pk}),
    ):
        status = client.get(url).status_code
        assert status in ((302, 401) if role == "anon" else (404,)), f"{role} {url}: {status}"
