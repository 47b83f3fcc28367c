"""Agreement test data. An agreement reaches a state only through the services, so the builders here walk it
there: `new_agreement` starts one, `walk` takes it step by step to the status a test needs.

Dates run from start(), a fixed Monday in 2025, a few days per step, so deadlines counted from them are the same
whatever day the tests run. Services refuse dates that have not come yet: tests that walk run pinned to a later
day (core/tests/clock.py).
"""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.agreements import services
from gonghui.agreements.models import Agreement, AgreementKind, AgreementStatus, ContentArea, Decision, Side
from gonghui.core.roles import Role
from gonghui.orgs.tests.factories import UserFactory, grant
from gonghui.voting import services as voting

S = AgreementStatus
CLAUSES = {
    ContentArea.PAY: "职工月平均工资增长不低于百分之六。\n企业最低工资标准为每月二千六百元。",
    ContentArea.HOURS: "实行标准工时制度，每日工作八小时。",
}


def start() -> date:
    return date(2025, 3, 3)


def employer_rep(tree, enterprise=None, username="employer_a"):
    """An employer representative of union A's enterprise (or `enterprise`)."""
    user = UserFactory(username=username)
    services.employer_link_create(
        actor=tree.chair_a, node=tree.union_a, user=user, enterprise=enterprise or tree.ent_a
    )
    return user


def new_agreement(tree, *, kind="wage", union=None, enterprise=None, chair=None, title="") -> Agreement:
    union = union or tree.union_a
    chair = chair or (tree.chair_a if union == tree.union_a else tree.chair_b)
    enterprise = enterprise or (tree.ent_a if union == tree.union_a else tree.ent_b)
    return services.agreement_create(
        actor=chair,
        node=union,
        kind=AgreementKind.objects.get(code=kind),
        title=title or f"{enterprise.name}{AgreementKind.objects.get(code=kind).name}",
        enterprises=[enterprise],
        on=start(),
    )


def teams(agreement, actor, day):
    """Complete both teams: the chair is the workers' chief already; two more on each side, three employers."""
    for name in ("王工会委员", "李职工代表"):
        services.negotiator_add(actor=actor, agreement=agreement, side=Side.WORKERS, name=name, on=day)
    for i, name in enumerate(("赵总经理", "钱人事经理", "孙财务经理")):
        services.negotiator_add(
            actor=actor, agreement=agreement, side=Side.EMPLOYER, name=name, on=day, is_chief=i == 0
        )


def run_review_vote(agreement, actor, *, yes: int | None = None) -> None:
    """The representatives' part: tellers, open, every elector votes (yes for the first `yes` of them, no for
    the rest; all yes when None), close, two tellers certify."""
    poll = agreement.review_poll
    teller = UserFactory(username=f"teller{poll.pk}")
    grant(teller, agreement.node, Role.UNION_STAFF)
    voting.tellers_set(actor=actor, poll=poll, users=[actor, teller])
    shares = [share.text for share in voting.poll_open(actor=actor, poll=poll).handed_shares]
    for i, elector in enumerate(poll.electors.select_related("member__user").order_by("pk")):
        member = elector.member
        if member.user is None:
            member.user = UserFactory(username=f"voter{member.pk}")
            member.save()
        choice = "yes" if yes is None or i < yes else "no"
        voting.cast(voter=member.user, poll=poll, choices={q.position: choice for q in poll.questions.all()})
    voting.poll_close(actor=actor, poll=poll, shares=shares)
    voting.tally_confirm(actor=actor, poll=poll)
    voting.tally_confirm(actor=teller, poll=poll)


def walk(agreement: Agreement, to: str, *, actor, employer=None) -> Agreement:
    """Advance the agreement step by step until it reaches status `to`."""
    day = start()
    employer = employer or actor
    order = list(S.values)
    target = order.index(to)

    def at(status):
        return order.index(agreement.status) < target and agreement.status == status

    if not agreement.drafts.exists():
        services.draft_create(actor=actor, agreement=agreement, clauses=CLAUSES)
    if at(S.DRAFTING):
        agreement = services.committee_record(
            actor=actor, agreement=agreement, on=day, decision=Decision.APPROVE
        )
    if at(S.DISCUSSED):
        agreement = services.offer_send(actor=actor, agreement=agreement, on=day + timedelta(days=1))
    if at(S.OFFERED):
        agreement = services.offer_answer(
            actor=employer, agreement=agreement, on=day + timedelta(days=3), decision=Decision.APPROVE
        )
    if at(S.NEGOTIATING):
        teams(agreement, actor, day + timedelta(days=3))
        services.meeting_record(
            actor=actor,
            agreement=agreement,
            held_on=day + timedelta(days=5),
            note_taker="周记录",
            minutes="双方就工资增幅协商一致。",
        )
        agreement = services.draft_agree(actor=actor, agreement=agreement, on=day + timedelta(days=6))
    if at(S.AGREED):
        agreement = services.review_open(actor=actor, agreement=agreement, on=day + timedelta(days=8))
    if at(S.IN_REVIEW):
        run_review_vote(agreement, actor)
        agreement, _passed = services.review_record(
            actor=actor, agreement=agreement, on=day + timedelta(days=10)
        )
    if at(S.APPROVED):
        agreement = services.agreement_sign(
            actor=actor,
            agreement=agreement,
            signed_on=day + timedelta(days=12),
            starts_on=day + timedelta(days=15),
            ends_on=services.plus_years(day + timedelta(days=15), 1) - timedelta(days=1),
            # Asked only in Shanghai (上海 第二十三条), ignored elsewhere.
            notice_received_on=day + timedelta(days=12),
        )
    if at(S.SIGNED):
        agreement = services.agreement_file(
            actor=actor, agreement=agreement, filed_on=day + timedelta(days=14), authority="区人力社保局"
        )
    if at(S.FILED):
        services.effective_sweep(today=timezone.localdate())
        agreement.refresh_from_db()
    if at(S.EFFECTIVE):
        agreement = services.agreement_publish(
            actor=actor, agreement=agreement, on=agreement.effective_on + timedelta(days=2), note="厂务公开栏"
        )
    agreement.refresh_from_db()
    assert agreement.status == to, (agreement.status, to)
    return agreement
