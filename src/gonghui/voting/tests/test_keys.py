"""The poll's key: shares handed to the tellers at opening, k of them needed to close; every bad share refused."""

import pytest
from nacl.public import PrivateKey

from gonghui.core.errors import Conflict, DomainError
from gonghui.voting import crypto, services
from gonghui.voting.models import Ballot, EncryptedBallot, Poll, PollStatus, Teller

from .factories import HANDED, open_poll, shares_of, tellers, voters

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_tellers(tree):
    """Five voters have voted in a poll whose key is split 2-of-3 among three tellers."""
    people = voters(tree, 5)
    poll = open_poll(tree, people, poll_tellers=tellers(tree, 3), tellers_required=2)
    for user in people:
        services.cast(voter=user, poll=poll, choices={1: "yes"})
    return poll


def _unchanged(poll) -> None:
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.status == PollStatus.OPEN and poll.tally == {}
    assert EncryptedBallot.objects.filter(poll=poll).count() == 5
    assert not Ballot.objects.filter(poll=poll).exists()


def test_opening_hands_one_share_to_each_teller_and_stores_only_digests(tree, three_tellers):
    poll = Poll.objects.get(pk=three_tellers.pk)
    texts = HANDED[poll.pk]
    assert len(texts) == 3 and len(set(texts)) == 3
    assert len(bytes(poll.public_key)) == 32
    rows = list(Teller.objects.filter(poll=poll).values_list("share_index", "share_digest"))
    assert sorted(index for index, _ in rows) == [1, 2, 3]
    shares = [crypto.parse_share(text) for text in texts]
    assert {digest for _, digest in rows} == {share.digest for share in shares}
    stored = str(list(Poll.objects.filter(pk=poll.pk).values())) + str(list(Teller.objects.values()))
    assert not any(text.split("-")[2] in stored for text in texts)


@pytest.mark.parametrize("pair", [(0, 1), (0, 2), (1, 2)])
def test_any_two_of_three_shares_close_and_count(tree, three_tellers, pair):
    texts = HANDED[three_tellers.pk]
    poll = services.poll_close(actor=tree.chair_a, poll=three_tellers, shares=[texts[i] for i in pair])
    assert poll.status == PollStatus.CLOSED
    assert poll.tally["questions"]["1"] == {"yes": 5, "no": 0, "abstain": 0}


def test_a_share_typed_with_spaces_and_in_lower_case_is_read(tree, three_tellers):
    first, second = shares_of(three_tellers)
    sloppy = second.lower().replace("-", " - ")
    poll = services.poll_close(actor=tree.chair_a, poll=three_tellers, shares=[first, sloppy])
    assert poll.status == PollStatus.CLOSED


def _mistyped(text: str) -> str:
    head, *groups, check = text.split("-")
    groups[2] = ("B" if groups[2][0] != "B" else "C") + groups[2][1:]
    return "-".join([head, *groups, check])


def _forged(poll, index: int) -> str:
    """A share with a valid check for this poll and teller number, but a value nobody was handed."""
    return crypto.Share(poll.pk, index, b"\x42" * crypto.SECRET_BYTES).text()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda poll, texts: [texts[0]], "须有 2 名计票人各自出示密钥份额，现在只有 1 份"),
        (lambda poll, texts: [], "现在只有 0 份"),
        (lambda poll, texts: [texts[0], texts[0]], "同一份只算一次"),
        (lambda poll, texts: [texts[0], _mistyped(texts[1])], "第 2 份密钥份额格式不对或有抄错"),
        (lambda poll, texts: [texts[0], "我不知道"], "第 2 份密钥份额格式不对"),
        (lambda poll, texts: [_forged(poll, 2), texts[0]], "第 1 份密钥份额不是本次表决发给计票人的份额"),
        (lambda poll, texts: [texts[0], _forged(poll, 7)], "不是本次表决发给计票人的份额"),
    ],
    ids=[
        "fewer than k",
        "none",
        "the same share twice",
        "mistyped",
        "not a share",
        "forged",
        "no such teller",
    ],
)
def test_a_close_with_bad_shares_is_refused_and_nothing_changes(tree, three_tellers, make, message):
    with pytest.raises(DomainError, match=message):
        services.poll_close(
            actor=tree.chair_a, poll=three_tellers, shares=make(three_tellers, HANDED[three_tellers.pk])
        )
    _unchanged(three_tellers)


def test_a_share_of_another_poll_is_refused(tree, three_tellers):
    other = open_poll(tree, voters(tree, 2, prefix="other"), poll_tellers=[tree.chair_a, tree.staff_a])
    foreign = shares_of(other)
    with pytest.raises(DomainError, match="第 2 份密钥份额属于另一次表决"):
        services.poll_close(
            actor=tree.chair_a, poll=three_tellers, shares=[HANDED[three_tellers.pk][0], foreign[1]]
        )
    _unchanged(three_tellers)


def test_an_altered_ballot_stops_the_close_and_nothing_changes(tree, three_tellers):
    other_key = bytes(PrivateKey.generate().public_key)
    stray = crypto.encrypt_ballot(other_key, {"1": "no"}, 1, "0" * 64)
    EncryptedBallot.objects.filter(pk=EncryptedBallot.objects.filter(poll=three_tellers).first().pk).update(
        box=stray
    )
    with pytest.raises(DomainError, match="无法用本次表决的密钥解开"):
        services.poll_close(actor=tree.chair_a, poll=three_tellers, shares=shares_of(three_tellers))
    assert Poll.objects.get(pk=three_tellers.pk).status == PollStatus.OPEN


def test_a_second_close_is_refused(tree, three_tellers):
    services.poll_close(actor=tree.chair_a, poll=three_tellers, shares=shares_of(three_tellers))
    with pytest.raises(Conflict, match="不在投票中"):
        services.poll_close(actor=tree.chair_a, poll=three_tellers, shares=shares_of(three_tellers))
    assert Ballot.objects.filter(poll=three_tellers).count() == 5


def test_the_shares_rebuild_the_key_only_together():
    public, shares = crypto.new_poll_key(1, 3, 5)
    assert crypto.rebuild_key(public, shares[:3]) is not None
    assert crypto.rebuild_key(public, shares[2:]) is not None
    assert crypto.rebuild_key(public, shares[:2]) is None  # two of a 3-of-5 key rebuild some other key
    box = crypto.encrypt_ballot(public, {"1": "yes"}, 3, "d" * 64)
    assert crypto.decrypt_ballot(crypto.rebuild_key(public, shares[1:4]), box) == ({"1": "yes"}, 3, "d" * 64)


def test_every_ballot_encrypts_to_the_same_length_whatever_it_chooses():
    public, _shares = crypto.new_poll_key(1, 1, 1)
    lengths = {
        len(crypto.encrypt_ballot(public, choices, weight, "d" * 64))
        for choices, weight in [
            ({"1": "no"}, 1),
            ({"1": "abstain"}, 120),
            ({"1": []}, 1),
            ({"1": ["欧阳明远", "司马清晖", "诸葛文澜", "赵钱孙李"]}, 1),
        ]
    }
    assert len(lengths) == 1
