"""API shapes for polls. A result carries per-choice counts only when the selector shows them (null otherwise);
no shape carries who voted or what one voter chose."""

from datetime import datetime

from ninja import Field, Schema

from gonghui.core.api import Id, OrgRef, Strict, text

from .models import Policy, PollKind, PollStatus, QuestionForm


class QuestionOut(Schema):
    position: int
    text: str
    form: QuestionForm
    options: list[str] = Field(description="yes_no：yes/no/abstain；choose：候选人；rating：等次（好的在前）")
    seats: int = Field(description="choose：最多可选人数")


class PollOut(Schema):
    id: int
    title: str
    node: OrgRef
    kind: PollKind
    secret: bool
    policy: Policy
    status: PollStatus
    min_group_size: int = Field(description="选票少于此数时不公布各选项票数")
    tellers_required: int
    electorate_size: int = Field(description="应到人数（开始投票时固定；准备中为 0）")
    opened_at: datetime | None
    closed_at: datetime | None


class PollDetailOut(PollOut):
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(poll) -> list:
        return list(poll.questions.all())


class PollFilters(Schema):
    node: Id | None = Field(None, description="组织 id：只看该组织及其下级的表决；默认为您所在的组织")
    status: PollStatus | None = None
    q: text(100) = Field("", description="名称包含")


class TurnoutOut(Schema):
    voted: int = Field(description="已投票人数（含领取纸质选票）")
    electorate: int = Field(description="应到人数")
    weight_voted: int | None = Field(None, description="已投权数；投票进行中不公布（只公布人数）")
    weight_total: int


class QuestionResultOut(Schema):
    position: int
    text: str
    counts: dict[str, int] | None = Field(description="各选项票数（按权数）；选票少于最少公布人数时为 null")
    passed: bool | None = Field(description="yes_no 事项是否通过")
    elected: list[str] = Field(description="choose 事项的当选人")
    rates: dict[str, float] = Field(description="rating 事项各等次比例（%）")
    reason: str


class ResultOut(Schema):
    poll_id: int
    status: PollStatus
    certified: bool
    ballots: int = Field(description="收回选票张数（网上与已核对的纸质票）")
    weight: int
    electorate_size: int
    electorate_weight: int
    attendance: int
    weighted: bool
    counts_shown: bool
    fingerprint: str = Field(description="封存选票的 SHA-256 指纹")
    questions: list[QuestionResultOut]


class BallotIn(Strict):
    choices: dict[int, str | list[str]] = Field(
        description='事项序号 → 选择："yes"/"no"/"abstain"（yes_no），候选人姓名列表（choose），等次（rating）',
        examples=[{"1": "yes", "2": ["张三", "李四"], "3": "称职"}],
    )


class ReceiptOut(Schema):
    receipt: str = Field(description="回执码：只返回这一次，系统只保存其摘要")


class ReceiptCheckIn(Strict):
    code: text(100, 1)


class ReceiptCheckOut(Schema):
    counted: bool | None = Field(description="是否已计入；投票进行中为 null（选票加密，结束计票后才能查验）")
