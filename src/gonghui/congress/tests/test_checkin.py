import hashlib

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.congress import selectors, services
from gonghui.congress.auth import VotingCodeBackend
from gonghui.congress.models import CheckIn, CheckInMethod, SessionStatus, VotingCode
from gonghui.core.auth import ModelBackend
from gonghui.core.errors import Conflict, DomainError

pytestmark = pytest.mark.django_db


def _open(tree, congress):
    services.session_open(actor=tree.chair_a, session=congress.session)
    return services.voting_codes_issue(actor=tree.chair_a, session=congress.session)


def _sign_in(code, via=""):
    client = Client()
    data = {"code": code, **({"via": via} if via else {})}
    return client, client.post(reverse("checkin_code"), data)


def test_only_the_digest_of_a_code_is_stored(tree, congress):
    issued = _open(tree, congress)
    assert len(issued) == len(congress.reps)
    stored = set(VotingCode.objects.values_list("digest", flat=True))
    for card in issued:
        normalized = card.code.replace("-", "")
        assert len(normalized) >= 22  # 14 random bytes in base32: 112 bits
        assert hashlib.sha256(normalized.encode()).hexdigest() in stored
        assert not VotingCode.objects.filter(digest__contains=normalized[:8]).exists()


def test_members_without_an_account_get_one_without_a_usable_password(tree, congress):
    _open(tree, congress)
    for rep in congress.reps:
        rep.member.refresh_from_db()
        assert rep.member.user is not None
        assert not rep.member.user.has_usable_password()


def test_signing_in_with_a_code_checks_in_and_logs_in(tree, congress):
    card = _open(tree, congress)[0]
    client, response = _sign_in(card.code.lower())  # typed in lower case, with dashes: still fine
    assert response.status_code == 302
    assert response["Location"] == reverse("my_polls")
    checkin = CheckIn.objects.get(session=congress.session)
    assert checkin.representative == card.representative
    assert checkin.method == CheckInMethod.CODE
    assert client.get(reverse("my_polls")).status_code == 200
    assert int(client.session["_auth_user_id"]) == card.representative.member.user_id
    assert selectors.quorum(congress.session).present == 1


def test_a_code_sign_in_is_read_like_a_password_sign_in(tree, congress):
    client, _response = _sign_in(_open(tree, congress)[0].code)
    assert client.session[BACKEND_SESSION_KEY] == "gonghui.core.auth.ModelBackend"


def test_sessions_signed_in_by_code_before_the_change_stay_signed_in(tree, congress):
    """A deploy during a congress must not sign representatives out: their sessions name the old backend."""
    card = _open(tree, congress)[0]
    client = Client()
    client.force_login(card.representative.member.user, backend="gonghui.congress.auth.VotingCodeBackend")
    assert client.get(reverse("my_polls")).status_code == 200


def test_the_old_backend_checks_no_password(tree):
    """Registered after ModelBackend, it must not hash a wrong password a second time."""
    credentials = {"username": tree.chair_a.username, "password": "pass-word-123"}
    assert ModelBackend().authenticate(None, **credentials) == tree.chair_a
    assert VotingCodeBackend().authenticate(None, **credentials) is None


def test_qr_link_shows_a_confirm_button_and_changes_nothing(tree, congress):
    card = _open(tree, congress)[0]
    response = Client().get(reverse("checkin_code", args=[card.code]))
    assert response.status_code == 200
    assert "确认签到" in response.content.decode()
    assert not CheckIn.objects.exists()
    _client, response = _sign_in(card.code, via="qr")
    assert CheckIn.objects.get().method == CheckInMethod.QR


def test_signing_in_twice_counts_once(tree, congress):
    card = _open(tree, congress)[0]
    _sign_in(card.code)
    _client, response = _sign_in(card.code)
    assert response.status_code == 302
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ("wrong", "签到码不正确"),
        ("reissued", "已作废"),
        ("closed", "会议已经闭会"),
        ("left", "已不是本届在任代表"),
        ("planned", "签到尚未开始"),
    ],
)
def test_refused_codes_say_why_and_check_nobody_in(tree, congress, spoil, message):
    card = _open(tree, congress)[0]
    code = card.code
    if spoil == "wrong":
        code = "AAAA-" + code[5:]
    elif spoil == "reissued":
        services.voting_codes_issue(
            actor=tree.chair_a, session=congress.session, representatives=[card.representative]
        )
    elif spoil == "closed":
        services.session_close(actor=tree.chair_a, session=congress.session)
    elif spoil == "left":
        services.representative_leave(
            actor=tree.chair_a, representative=card.representative, left_on=timezone.localdate()
        )
    elif spoil == "planned":
        type(congress.session).objects.filter(pk=congress.session.pk).update(status=SessionStatus.PLANNED)
    client, response = _sign_in(code)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CheckIn.objects.exists()
    assert "_auth_user_id" not in client.session


def test_guessing_codes_is_locked_out_per_address(tree, congress):
    card = _open(tree, congress)[0]
    for attempt in range(services.CODE_FAILURE_LIMIT):
        _client, response = _sign_in(f"GUESS-{attempt:04d}")
        assert "签到码不正确" in response.content.decode()
    # Now even the right code is refused from this address, without being looked up.
    _client, response = _sign_in(card.code)
    assert "输错次数过多" in response.content.decode()
    assert not CheckIn.objects.exists()
    # Another address (another phone network) is not affected.
    response = Client(REMOTE_ADDR="10.9.8.7").post(reverse("checkin_code"), {"code": card.code})
    assert response.status_code == 302


def test_sign_in_with_a_code_does_no_password_hashing(tree, congress, settings, monkeypatch):
    card = _open(tree, congress)[0]
    import django.contrib.auth.hashers as hashers

    def refuse(*args, **kwargs):
        raise AssertionError("a password hash was computed on the code sign-in path")

    monkeypatch.setattr(hashers, "check_password", refuse)
    monkeypatch.setattr(hashers, "make_password", refuse)
    monkeypatch.setattr(get_user_model(), "check_password", refuse)
    _client, response = _sign_in(card.code)
    assert response.status_code == 302


def test_reissuing_revokes_the_old_code(tree, congress):
    old = _open(tree, congress)[0]
    new = services.voting_codes_issue(
        actor=tree.chair_a, session=congress.session, representatives=[old.representative]
    )[0]
    assert VotingCode.objects.filter(representative=old.representative, revoked=False).count() == 1
    _client, response = _sign_in(old.code)
    assert "已作废" in response.content.decode()
    _client, response = _sign_in(new.code)
    assert response.status_code == 302


def test_no_codes_after_the_session_closed(tree, congress):
    services.session_open(actor=tree.chair_a, session=congress.session)
    services.session_close(actor=tree.chair_a, session=congress.session)
    with pytest.raises(DomainError, match="闭会"):
        services.voting_codes_issue(actor=tree.chair_a, session=congress.session)


def test_manual_checkin_once_and_only_while_open(tree, congress):
    rep = congress.reps[0]
    with pytest.raises(DomainError, match="签到尚未开始"):
        services.checkin_manual(actor=tree.staff_a, session=congress.session, representative=rep)
    services.session_open(actor=tree.chair_a, session=congress.session)
    services.checkin_manual(actor=tree.staff_a, session=congress.session, representative=rep)
    with pytest.raises(Conflict, match="已经签到"):
        services.checkin_manual(actor=tree.staff_a, session=congress.session, representative=rep)
    assert CheckIn.objects.get().recorded_by == tree.staff_a


def test_session_steps_in_order(tree, congress):
    with pytest.raises(DomainError, match="只有签到进行中的会议可以闭会"):
        services.session_close(actor=tree.chair_a, session=congress.session)
    services.session_open(actor=tree.chair_a, session=congress.session)
    with pytest.raises(DomainError, match="只有筹备中的会议"):
        services.session_open(actor=tree.chair_a, session=congress.session)


def test_quorum_needs_two_thirds_of_active_representatives(tree, congress):
    services.session_open(actor=tree.chair_a, session=congress.session)
    quorum = selectors.quorum(congress.session)
    assert (quorum.present, quorum.expected, quorum.needed, quorum.reached) == (0, 6, 4, False)
    for rep in congress.reps[:4]:
        services.checkin_manual(actor=tree.staff_a, session=congress.session, representative=rep)
    assert selectors.quorum(congress.session).reached


def test_quorum_fragment_shows_present_over_expected(tree, congress):
    services.session_open(actor=tree.chair_a, session=congress.session)
    services.checkin_manual(actor=tree.staff_a, session=congress.session, representative=congress.reps[0])
    client = Client()
    client.force_login(tree.auditor_a)
    html = client.get(reverse("congress_session_quorum", args=[congress.session.pk])).content.decode()
    assert 'id="quorum-present">1<' in html and 'id="quorum-expected">6<' in html
    assert 'hx-trigger="every 3s"' in html


def test_code_sheet_shows_each_code_once_with_a_qr(tree, congress):
    services.session_open(actor=tree.chair_a, session=congress.session)
    client = Client()
    client.force_login(tree.staff_a)
    url = reverse("congress_codes_issue", args=[congress.session.pk])
    html = client.post(url).content.decode()
    assert html.count("data:image/svg+xml") == len(congress.reps)
    assert html.count('class="font-monospace fw-bold voting-code"') == len(congress.reps)
    assert "no-store" in client.post(url)["Cache-Control"]
    assert "data:image/svg+xml" not in client.get(url).content.decode()  # GET issues nothing


def test_reissuing_one_card_from_the_desk_leaves_the_others_valid(tree, congress):
    cards = _open(tree, congress)
    client = Client()
    client.force_login(tree.staff_a)
    lost = cards[0].representative
    html = client.post(
        reverse("congress_codes_issue", args=[congress.session.pk]), {"representative": lost.pk}
    ).content.decode()
    assert html.count("data:image/svg+xml") == 1 and lost.member.name in html
    assert "已作废" in _sign_in(cards[0].code)[1].content.decode()
    assert _sign_in(cards[1].code)[1].status_code == 302
