"""Demo data for this app, built by `gonghui demo` after the congress demo (registered in hooks.py).

The showcase union's closed session gets proposals in every state: awaiting the committee, turned into an
opinion, accepted, with the handler (one overdue), answered, closed 满意 / 基本满意, and one sent back as 不满意
and closed 不满意 after the second answer. Every step goes through the services; only the dates are moved back
afterwards, since the whole demo is built in one moment.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gonghui.congress.models import Representative, RepresentativeStatus, Session, SessionStatus

from . import services
from .models import Category, Proposal, Rating, Step

PROPOSALS = [
    # (title, category, body, how far it got)
    ("提高夜班津贴标准", Category.WAGES, "夜班津贴多年未调整，建议参照同行业水平提高。", "closed_satisfied"),
    ("车间夏季防暑降温设施改造", Category.SAFETY, "二车间通风差，建议加装冷风机。", "closed_satisfied"),
    ("增设职工食堂夜宵窗口", Category.LIVING, "夜班职工下班后无处就餐。", "closed_basically"),
    (
        "完善职工代表巡视制度",
        Category.DEMOCRACY,
        "建议每季度组织代表巡视一次并通报结果。",
        "closed_unsatisfied",
    ),
    ("增开职工通勤班车线路", Category.LIVING, "新城区居住的职工通勤时间超过一小时。", "returned"),
    ("年度体检增加女职工专项", Category.WAGES, "建议体检增加乳腺和宫颈检查项目。", "answered"),
    ("叉车作业区设置隔离护栏", Category.SAFETY, "仓库叉车与行人混行，存在安全隐患。", "overdue"),
    ("设立职工书屋", Category.OTHER, "建议利用闲置会议室设立职工书屋。", "assigned"),
    ("修订绩效考核办法", Category.DEMOCRACY, "现行办法未经职代会审议，建议提交审议。", "accepted"),
    ("调整本人岗位", Category.OTHER, "本人希望调到技术岗位。", "converted"),
    ("宿舍区增设电动车充电桩", Category.LIVING, "宿舍区电动车违规充电，存在火灾隐患。", "submitted"),
]


def build(*, users, landmarks, as_of, seed) -> None:
    rng = random.Random(f"{seed}/proposals")
    union = landmarks["showcase"]
    session = (
        Session.objects.filter(term__node=union, status=SessionStatus.CLOSED).order_by("-held_on").first()
    )
    if session is None:
        return
    chair, handler = users["zhuxi"], users["xingzheng"]
    reps = list(
        Representative.objects.filter(
            term=session.term, status=RepresentativeStatus.ACTIVE, member__user__isnull=False
        )
        .select_related("member__user")
        .order_by("pk")
    )
    delegate = next(r for r in reps if r.member.user_id == users["daibiao"].pk)
    others = [r for r in reps if r.pk != delegate.pk]
    for index, (title, category, body, outcome) in enumerate(PROPOSALS):
        proposer = delegate if index % 3 == 0 else others[index]
        cosigners = rng.sample([r for r in others if r.pk != proposer.pk], 2 + index % 2)
        proposal = services.proposal_submit(
            actor=proposer.member.user,
            session=session,
            title=title,
            category=category,
            body=body,
            cosigners=cosigners,
        )
        _advance(proposal, outcome, chair=chair, handler=handler, proposer=proposer.member.user)
        _back_date(proposal, session.held_on, overdue=outcome == "overdue")


def _advance(proposal: Proposal, outcome: str, *, chair, handler, proposer) -> None:
    if outcome == "submitted":
        return
    if outcome == "converted":
        services.proposal_convert(
            actor=chair, proposal=proposal, reason="属个人岗位调整诉求，已转人力资源部按程序办理。"
        )
        return
    services.proposal_accept(actor=chair, proposal=proposal)
    if outcome == "accepted":
        return
    department = {Category.SAFETY: "安全环保部", Category.LIVING: "行政后勤部"}.get(
        proposal.category, "人力资源部"
    )
    services.proposal_assign(actor=chair, proposal=proposal, department=department, handler=handler)
    if outcome in ("assigned", "overdue"):
        return
    services.proposal_answer(
        actor=handler,
        proposal=proposal,
        answer="经研究，同意采纳。",
        measures="已列入本年度计划，年底前落实。",
    )
    if outcome == "answered":
        return
    rating = {"closed_satisfied": Rating.SATISFIED, "closed_basically": Rating.BASICALLY}.get(
        outcome, Rating.UNSATISFIED
    )
    services.proposal_rate(actor=proposer, proposal=proposal, rating=rating)
    if outcome == "closed_unsatisfied":
        services.proposal_answer(
            actor=handler, proposal=proposal, answer="受场地所限，暂不具备条件，明年再议。"
        )
        services.proposal_rate(actor=proposer, proposal=proposal, rating=Rating.UNSATISFIED)


def _back_date(proposal: Proposal, held_on: date, *, overdue: bool) -> None:
    """Spread the steps over the weeks after the session, never into the future; an overdue proposal's
    deadline is moved into the past."""
    now = timezone.now()
    start = timezone.make_aware(datetime.combine(held_on, time(9, 30)))
    steps = list(proposal.steps.order_by("at", "pk"))
    for index, step in enumerate(steps):
        step.at = min(
            start + timedelta(days=6 * index, hours=index), now - timedelta(minutes=len(steps) - index)
        )
    Step.objects.bulk_update(steps, ["at"])
    changes = {"submitted_at": steps[0].at}
    if overdue:
        changes["deadline"] = timezone.localdate() - timedelta(days=9)
    Proposal.objects.filter(pk=proposal.pk).update(**changes)
