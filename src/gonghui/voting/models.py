"""The ballot engine: polls with questions, an electorate fixed at opening, and two unlinked sets of rows for
who voted (VoterMark) and what was voted (Ballot). docs/reliability.md §1.4 explains why neither table may carry a
timestamp, a sequential id or a reference to the other, and why both are rewritten at close (the seal).
While a poll is open, "what" is an EncryptedBallot that only k tellers' key shares can open (voting/crypto.py);
the seal writes the plaintext Ballots and the Receipts, each set in its own random order."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Member, Org


def random_id() -> int:
    """A random positive 63-bit key: on SQLite the primary key is the rowid, so row order says nothing."""
    return secrets.randbits(63) or 1


class PollKind(models.TextChoices):
    CONGRESS_ITEM = "congress_item", _("大会表决事项")
    AGREEMENT_REVIEW = "agreement_review", _("集体合同审议")
    ELECTION = "election", _("选举")
    EVALUATION = "evaluation", _("民主评议")
    OTHER = "other", _("其他")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("准备中")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已结束，待计票确认")
    CERTIFIED = "certified", _("结果已确认")


class Policy(models.TextChoices):
    """How a question passes. The numbers behind each live in voting/rules.py."""

    CONGRESS = "congress", _("到会三分之二以上，全体应到人数过半数同意")
    MAJORITY_OF_CAST = "majority_of_cast", _("投票人数过半数同意")
    PLURALITY = "plurality", _("得票多者当选（须达到最低得票比例）")
    RATING = "rating", _("评议（统计各等次比例）")


class Poll(models.Model):
    node = models.ForeignKey(Org, verbose_name=_("组织"), on_delete=models.PROTECT, related_name="polls")
    title = models.CharField(_("表决名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=PollKind.choices, default=PollKind.OTHER)
    secret = models.BooleanField(_("无记名投票"), default=True)
    policy = models.CharField(_("通过规则"), max_length=20, choices=Policy.choices, default=Policy.CONGRESS)
    min_share = models.DecimalField(
        _("当选最低得票比例"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    min_group_size = models.PositiveSmallIntegerField(_("最少公布人数"), default=5)
    tellers_required = models.PositiveSmallIntegerField(_("须确认的计票人数"), default=2)
    status = models.CharField(_("状态"), max_length=20, choices=PollStatus.choices, default=PollStatus.DRAFT)
    # Snapshot at opening: the electorate's size and total weight are the denominators of "more than half of all".
    electorate_size = models.PositiveIntegerField(_("应到人数"), default=0)
    electorate_weight = models.PositiveIntegerField(_("应到权数"), default=0)
    # Present at the meeting (check-in), when the poll belongs to one; otherwise turnout counts as attendance.
    attendance_count = models.PositiveIntegerField(_("实到人数"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Written by the seal: per-question counts and the SHA-256 over the sorted canonical ballot list.
    tally = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    # Secret polls: the X25519 public key ballots are sealed to while open (voting/crypto.py). Its private half
    # exists only as the tellers' shares, never on the server.
    public_key = models.BinaryField(max_length=32, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("表决")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class QuestionForm(models.TextChoices):
    YES_NO = "yes_no", _("赞成/反对/弃权")
    CHOOSE = "choose", _("从候选人中选择")
    RATING = "rating", _("等次评议")


class Question(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("表决事项"), max_length=300)
    form = models.CharField(
        _("形式"), max_length=10, choices=QuestionForm.choices, default=QuestionForm.YES_NO
    )
    # yes_no: fixed; choose: candidate names; rating: scale labels best first (优秀/称职/基本称职/不称职).
    options = models.JSONField(_("选项"), default=list)
    seats = models.PositiveSmallIntegerField(_("应选名额"), default=1)  # choose: at most this many marks

    class Meta:
        ordering = ["poll", "position"]
        constraints = [models.UniqueConstraint(fields=["poll", "position"], name="question_position_unique")]

    def __str__(self) -> str:
        return self.text


class Elector(models.Model):
    """One eligible person, fixed when the poll opens. A delegate's weight is the members they represent."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="electors")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    weight = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "member"], name="elector_once")]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.member_id}"


class Origin(models.TextChoices):
    WEB = "web", _("网上投票")
    PAPER = "paper", _("纸质选票")


class VoterMark(models.Model):
    """WHO voted. No time, no address, no session, no sequential id, no reference to a ballot."""

    pk = models.CompositePrimaryKey("poll", "member")
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(max_length=5, choices=Origin.choices, default=Origin.WEB)

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.member_id}"


class EncryptedBallot(models.Model):
    """WHAT was voted, while the poll is open: choices, weight and receipt digest sealed to the poll's public key.

    Written beside the voter's VoterMark in one transaction, so the WAL and any backup hold the two side by side;
    that is why nothing here is readable without k tellers' shares. Deleted by the seal at close."""

    id = models.BigIntegerField(primary_key=True, default=random_id)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="+")
    box = models.BinaryField()

    def __str__(self) -> str:
        return str(_("选票"))


class Ballot(models.Model):
    """WHAT was voted, after the seal: written only at close, in random order, under random keys, from the
    decrypted ballots. No voter, no time, no receipt (receipts live apart, in Receipt)."""

    id = models.BigIntegerField(primary_key=True, default=random_id)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField()  # {question position: choice}; validated against the questions at cast
    # 1 in an unweighted poll. In a weighted one, empty: a sealed ballot carrying a weight only one delegate has
    # would be that delegate's, so weights stay inside the encrypted ballots and only the weighted totals per
    # question (Poll.tally) are written at the seal.
    weight = models.PositiveIntegerField(null=True, default=1)

    def __str__(self) -> str:
        return str(_("选票"))  # never the choices: a ballot printed in a log or error report says nothing


class Teller(models.Model):
    """计票人/监票人 named for one poll: they enter paper counts and confirm the tally."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="tellers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_fingerprint = models.CharField(max_length=64, blank=True)
    # The teller's key share of a secret poll (voting/crypto.py): its number, and a digest to recognise it at
    # close. The share itself is shown once at opening and never stored.
    share_index = models.PositiveSmallIntegerField(null=True, blank=True)
    share_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="teller_once")]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.user_id}"


class Receipt(models.Model):
    """A receipt code's digest, after the seal: written at close in an order of its own, apart from the ballots,
    so that a code proves its ballot was counted and says nothing about what it chose."""

    pk = models.CompositePrimaryKey("poll", "digest")
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="+")
    digest = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(_("回执"))


class PaperCount(models.Model):
    """Counts from one box of paper ballots, entered by one teller and confirmed by another."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="paper_counts")
    ballots = models.PositiveIntegerField(_("纸质选票张数"))
    counts = models.JSONField(_("各事项计数"))  # {question position: {choice: count}}
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.ballots}"
