"""The e-member card's number and token (orgs/cards.py): what staff scan at a check-in."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing

from gonghui.orgs.cards import CardError, card_token, member_from_card, member_number
from gonghui.orgs.models import MemberStatus

pytestmark = pytest.mark.django_db


def test_member_number_is_stable_and_carries_a_check_digit(tree):
    member = tree.members_a[1]
    number = member_number(member)
    assert len(number) == 9 and number.startswith(f"{member.pk:08d}")
    member.union = tree.union_b  # a transfer moves the row: the number stays
    member.save()
    assert member_number(member) == number
    # Luhn: a single mistyped digit no longer checks.
    wrong = number[:-2] + str((int(number[-2]) + 1) % 10) + number[-1]
    digits = [int(c) for c in reversed(wrong)]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))
    assert total % 10 != 0


def test_card_token_names_the_member_and_nothing_personal(tree):
    member = tree.members_a[1]
    token = card_token(member)
    assert member_from_card(token) == member
    assert member.id_number not in token and member.name not in token


def test_forged_token_is_refused(tree):
    token = card_token(tree.members_a[1])
    forged = signing.TimestampSigner(salt="someone.else").sign_object({"m": tree.members_a[2].pk})
    for bad in (forged, token[:-2] + "xx", "", "not-a-token"):
        with pytest.raises(CardError) as refused:
            member_from_card(bad)
        assert refused.value.code == "card_invalid"


def test_expired_token_is_refused_with_its_reason(tree):
    with time_machine.travel("2026-06-15 10:00 +0800", tick=False) as traveller:
        token = card_token(tree.members_a[1])
        traveller.shift(timedelta(seconds=119))
        assert member_from_card(token, max_age=120) == tree.members_a[1]
        traveller.shift(timedelta(seconds=2))
        with pytest.raises(CardError) as refused:
            member_from_card(token, max_age=120)
    assert refused.value.code == "card_expired"
    assert "过期" in refused.value.message


def test_card_of_a_member_who_left_is_refused(tree):
    member = tree.members_a[1]
    token = card_token(member)
    member.status = MemberStatus.WITHDRAWN
    member.save()
    with pytest.raises(CardError) as refused:
        member_from_card(token)
    assert refused.value.code == "card_inactive"
