"""Voting test data: voters (members with logins), and polls built through the services as a chair would
(`draft_poll`, `open_poll`, `certify`)."""

from django.contrib.auth import get_user_model

from gonghui.orgs.models import Member
from gonghui.orgs.tests.factories import MemberFactory, UserFactory
from gonghui.voting import crypto, services
from gonghui.voting.models import Policy, PollKind, QuestionForm

YES_NO = {"text": "关于《职工福利方案》的决议", "form": QuestionForm.YES_NO}


def voters(tree, n: int, *, prefix: str = "voter") -> list:
    """n members of union A, each with a login; in two bulk inserts so hundreds stay fast."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{prefix}{i}", password="!") for i in range(n)
    )
    members = Member.objects.bulk_create(
        MemberFactory.build(union=tree.union_a, enterprise=tree.ent_a, user=user) for user in users
    )
    for user, member in zip(users, members, strict=True):
        user.member = member
    return users


def tellers(tree, n: int = 2) -> list:
    return [UserFactory(username=f"teller{i}") for i in range(n)]


def draft_poll(
    tree,
    electorate,
    *,
    questions=None,
    policy=Policy.CONGRESS,
    kind=PollKind.CONGRESS_ITEM,
    poll_tellers=None,
    **options,
):
    """A draft poll of union A with its electorate (users or {user: weight}) and tellers set."""
    chair = tree.chair_a
    poll = services.poll_create(
        actor=chair,
        node=tree.union_a,
        title="第三届职代会第二次会议表决",
        questions=questions or [YES_NO],
        kind=kind,
        policy=policy,
        **options,
    )
    if isinstance(electorate, dict):
        members = {user.member: weight for user, weight in electorate.items()}
    else:
        members = [user.member for user in electorate]
    services.electorate_set(actor=chair, poll=poll, members=members)
    services.tellers_set(actor=chair, poll=poll, users=poll_tellers or tellers(tree))
    return poll


def open_poll(tree, electorate, **kwargs):
    poll = draft_poll(tree, electorate, **kwargs)
    return services.poll_open(actor=tree.chair_a, poll=poll)


def certify(poll, poll_tellers) -> None:
    for teller in poll_tellers:
        services.tally_confirm(actor=teller, poll=poll)


# {poll id: [share text, ...]} for the polls opened in the running test (filled by `watch_shares`).
HANDED: dict[int, list[str]] = {}


def watch_shares(monkeypatch) -> None:
    """Record the shares every poll opened in this test hands out (the root conftest does this for every test)."""
    HANDED.clear()
    original = crypto.new_poll_key

    def recording(poll_id, k, n):
        public, shares = original(poll_id, k, n)
        HANDED[poll_id] = [share.text() for share in shares]
        return public, shares

    monkeypatch.setattr(crypto, "new_poll_key", recording)


def shares_of(poll, k: int | None = None) -> list[str]:
    """k of the shares the poll's tellers were handed at opening (tellers_required unless given)."""
    return HANDED[poll.pk][: poll.tellers_required if k is None else k]


def decrypted(poll) -> list[tuple[dict, int, str]]:
    """What the poll's encrypted ballots hold, read as k tellers would at close: [(choices, weight, digest)]."""
    from gonghui.voting.models import Poll
    from gonghui.voting.seal import open_ballots

    public_key = bytes(Poll.objects.values_list("public_key", flat=True).get(pk=poll.pk))
    key = crypto.rebuild_key(public_key, [crypto.parse_share(text) for text in shares_of(poll)])
    return open_ballots(poll, key)
