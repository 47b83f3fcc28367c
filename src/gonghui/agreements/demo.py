"""Demo data for this app, built by `gonghui demo` after the area and the congress (registered in hooks.py).

The showcase union has this year's wage agreement in force, its renewal window open (reviewed by the
congress's representatives through voting.services.cast), and a comprehensive contract whose offer the
employer has not answered in time. The employer login (xingzheng) speaks for the showcase enterprise.

The town federation's statistics tell the seed's story (_town): small unions with agreements newly signed,
the industrial park's joint union with a regional agreement for its workshops, agreements whose renewal
window is open, one filing sent three weeks after signing, unionised enterprises still without an agreement,
and the targets of the town's plan. Small unions hold their reviews as a meeting with paper ballots (the
tellers issue, count and cross-check them). The school's 教代会 representatives review the school's contract.
In the Jiangsu town the largest union has sent its wage offer: its reply clock follows the Jiangsu pack.
Dates count back from today, because services refuse steps dated in the future.
"""

import random
from datetime import timedelta

from django.utils import timezone

from gonghui.orgs.models import Enterprise, Member, MemberStatus, OrgCategory, OrgKind
from gonghui.voting import services as voting

from . import services
from .models import BINDING, AgreementKind, ContentArea, Decision, Fulfilment, Indicator, Level, Side

WAGE_TEXT = {
    ContentArea.PAY: "职工年度平均工资增长不低于百分之六。\n企业最低工资标准为每月二千六百元，高于当地最低工资标准。",
    ContentArea.HOURS: "实行标准工时制度，加班须经本人同意并依法支付加班工资。",
    ContentArea.TERM: "本协议期限一年。",
}
COMPREHENSIVE_TEXT = {
    ContentArea.PAY: "工资分配遵循按劳分配原则，实行同工同酬。",
    ContentArea.REST: "职工享受国家规定的法定节假日、年休假、婚丧假、探亲假。",
    ContentArea.SAFETY: "企业为职工提供符合国家标准的劳动安全卫生条件和劳动防护用品。",
}


def build(*, users, landmarks, as_of, seed) -> None:
    rng = random.Random(f"{seed}/agreements")
    chair, union = users["zhuxi"], landmarks["showcase"]
    enterprise = Enterprise.objects.filter(union=union).order_by("pk").first()
    services.employer_link_create(actor=chair, node=union, user=users["xingzheng"], enterprise=enterprise)
    today = timezone.localdate()
    _wage_in_force(rng, chair, users["ganshi"], union, enterprise, today - timedelta(days=300))
    comprehensive = services.agreement_create(
        actor=chair,
        node=union,
        kind=AgreementKind.objects.get(code=AgreementKind.COMPREHENSIVE),
        title=f"{enterprise.name}集体合同",
        enterprises=[enterprise],
        on=today - timedelta(days=60),
    )
    services.draft_create(actor=chair, agreement=comprehensive, clauses=COMPREHENSIVE_TEXT)
    services.committee_record(
        actor=chair, agreement=comprehensive, on=today - timedelta(days=45), decision=Decision.APPROVE
    )
    services.offer_send(actor=chair, agreement=comprehensive, on=today - timedelta(days=40))
    _town(rng, users, landmarks, today)
    _school(users, landmarks["school"], today)
    _jiangsu(users["jszhuxi"], landmarks["js_showcase"], today)


def _jiangsu(chair, union, today) -> None:
    """A wage offer awaiting the employer's answer in the Jiangsu union (docs/domain.md, "Jiangsu")."""
    enterprise = Enterprise.objects.filter(union=union).order_by("pk").first()
    agreement = services.agreement_create(
        actor=chair,
        node=union,
        kind=AgreementKind.objects.get(code=AgreementKind.WAGE),
        title=f"{enterprise.name}工资专项集体协议",
        enterprises=[enterprise],
        on=today - timedelta(days=20),
    )
    services.draft_create(actor=chair, agreement=agreement, clauses=WAGE_TEXT)
    services.committee_record(
        actor=chair, agreement=agreement, on=today - timedelta(days=12), decision=Decision.APPROVE
    )
    services.offer_send(actor=chair, agreement=agreement, on=today - timedelta(days=8))


def _wage_in_force(rng, chair, staff, union, enterprise, day) -> None:
    agreement = services.agreement_create(
        actor=chair,
        node=union,
        kind=AgreementKind.objects.get(code=AgreementKind.WAGE),
        title=f"{enterprise.name}工资专项集体协议",
        enterprises=[enterprise],
        on=day,
    )
    services.draft_create(actor=chair, agreement=agreement, clauses=WAGE_TEXT)
    services.committee_record(actor=chair, agreement=agreement, on=day, decision=Decision.APPROVE)
    services.offer_send(actor=chair, agreement=agreement, on=day + timedelta(days=1))
    services.offer_answer(
        actor=chair, agreement=agreement, on=day + timedelta(days=5), decision=Decision.APPROVE
    )
    for name in ("刘委员", "何代表"):
        services.negotiator_add(
            actor=chair, agreement=agreement, side=Side.WORKERS, name=name, on=day + timedelta(days=5)
        )
    for i, name in enumerate(("陈立新", "周晓梅", "吴人事")):
        services.negotiator_add(
            actor=chair,
            agreement=agreement,
            side=Side.EMPLOYER,
            name=name,
            on=day + timedelta(days=5),
            is_chief=i == 0,
        )
    services.meeting_record(
        actor=chair,
        agreement=agreement,
        held_on=day + timedelta(days=8),
        note_taker="郑秘书",
        minutes="双方就年度工资增幅进行协商，企业方同意增长百分之六。",
        place="公司会议室",
    )
    services.agreement_update(actor=chair, agreement=agreement, wage_increase_pct=6, minimum_wage=2600)
    services.draft_agree(actor=chair, agreement=agreement, on=day + timedelta(days=9))
    agreement = services.review_open(actor=chair, agreement=agreement, on=day + timedelta(days=12))
    poll = agreement.review_poll
    voting.tellers_set(actor=chair, poll=poll, users=[chair, staff])
    shares = [share.text for share in voting.poll_open(actor=chair, poll=poll).handed_shares]
    for elector in poll.electors.select_related("member__user"):
        user = elector.member.user
        if user is not None and rng.random() < 0.92:
            voting.cast(
                voter=user, poll=poll, choices={1: rng.choices(["yes", "no", "abstain"], [90, 6, 4])[0]}
            )
    voting.poll_close(actor=chair, poll=poll, shares=shares)
    for teller in (chair, staff):
        voting.tally_confirm(actor=teller, poll=poll)
    agreement, passed = services.review_record(actor=chair, agreement=agreement, on=day + timedelta(days=14))
    if not passed:  # a seed whose vote fails shows a draft back in negotiation: a story too
        return
    starts_on = day + timedelta(days=20)
    services.agreement_sign(
        actor=chair,
        agreement=agreement,
        signed_on=day + timedelta(days=15),
        starts_on=starts_on,
        ends_on=services.plus_years(starts_on, 1) - timedelta(days=1),
        notice_received_on=day + timedelta(days=15),  # asked only in Shanghai (上海 第二十三条)
    )
    agreement = services.agreement_file(
        actor=chair,
        agreement=agreement,
        filed_on=day + timedelta(days=18),
        authority="区人力资源和社会保障局",
    )
    services.effective_sweep(today=agreement.objection_due + timedelta(days=1))
    agreement.refresh_from_db()
    services.agreement_publish(
        actor=chair,
        agreement=agreement,
        on=agreement.effective_on + timedelta(days=2),
        note="厂务公开栏、企业微信群",
    )
    services.expiry_sweep(today=timezone.localdate())


# --- The town federation's story -------------------------------------------------------------------------

# The seed's town plan: 综合 ≥95 %, 工资 ≥90 %, 女职工 ≥98 %, 安全卫生 80 % (docs/domain.md §2.12, 集体合同 family).
TOWN_TARGETS = {
    AgreementKind.COMPREHENSIVE: 95,
    AgreementKind.WAGE: 90,
    AgreementKind.WOMEN: 98,
    AgreementKind.SAFETY: 80,
}
WOMEN_TEXT = {
    ContentArea.WOMEN_MINORS: "女职工每年进行一次妇科疾病及乳腺疾病检查，费用由企业承担。",
    ContentArea.REST: "女职工依法享受产假、哺乳时间，怀孕七个月以上不安排加班和夜班。",
}
SAFETY_TEXT = {
    ContentArea.SAFETY: "企业按国家标准配发劳动防护用品，每年组织职业健康检查。",
    ContentArea.TRAINING: "新职工上岗前接受不少于二十四学时的安全培训。",
}
KIND_TEXT = {
    AgreementKind.COMPREHENSIVE: COMPREHENSIVE_TEXT,
    AgreementKind.WAGE: WAGE_TEXT,
    AgreementKind.WOMEN: WOMEN_TEXT,
    AgreementKind.SAFETY: SAFETY_TEXT,
}


def _town(rng, users, landmarks, today) -> None:
    """Agreements in the town's small unions (their reviews are quick), the joint union's regional one, and
    the plan's targets set by the town's cadre. The agreements are run by the administrator, standing in for
    the small unions' chairs, who have no demo logins."""
    admin, tellers = users["admin"], [users["admin"], users["zhen"]]
    town, joint = landmarks["town"], landmarks["joint"]
    skip = {landmarks["showcase"].pk, landmarks["school"].pk, joint.pk}
    small = [
        e
        for e in Enterprise.objects.filter(area=town, union__kind=OrgKind.UNION, worker_count__lt=130)
        .select_related("union")
        .order_by("worker_count", "pk")
        if e.union_id not in skip and e.union.path.startswith(town.path) and _has_members(e.union)
    ]
    story = [
        # (kind, days ago the work started, term in years, days from signing to filing)
        (AgreementKind.COMPREHENSIVE, 120, 3, 4),  # newly signed this year
        (AgreementKind.WAGE, 110, 1, 5),
        (AgreementKind.COMPREHENSIVE, 95, 3, 3),
        (AgreementKind.WOMEN, 90, 3, 6),
        (AgreementKind.SAFETY, 80, 2, 2),
        (AgreementKind.WAGE, 320, 1, 4),  # renewal window open
        (AgreementKind.WAGE, 330, 1, 6),
        (AgreementKind.COMPREHENSIVE, 60, 3, 21),  # filed three weeks after signing: late
    ]
    made = []
    for (kind, ago, years, filing), enterprise in zip(story, small, strict=False):
        made.append(
            _in_force(
                rng,
                admin,
                tellers,
                enterprise.union,
                kind,
                [enterprise],
                today - timedelta(days=ago),
                years,
                filing,
            )
        )
    workshops = list(Enterprise.objects.filter(union=joint).order_by("pk"))
    if workshops and _has_members(joint):
        _in_force(
            rng,
            admin,
            tellers,
            joint,
            AgreementKind.COMPREHENSIVE,
            workshops,
            today - timedelta(days=150),
            3,
            5,
            level=Level.REGIONAL,
            title="柳溪镇工业园区区域性集体合同",
        )
    services.expiry_sweep(today=today)
    for agreement in filter(None, made):
        agreement.refresh_from_db()
        if agreement.status in BINDING[1:] and agreement.kind.code == AgreementKind.WAGE:
            services.performance_check_record(
                actor=admin,
                agreement=agreement,
                year=today.year,
                checked_on=today,
                result=rng.choice([Fulfilment.FULFILLED, Fulfilment.PARTLY]),
                findings="工资增幅已落实，加班工资按时足额支付。",
            )
    for code, percent in TOWN_TARGETS.items():
        services.target_create(
            actor=users["zhen"],
            node=town,
            year=today.year,
            kind=AgreementKind.objects.get(code=code),
            indicator=Indicator.SIGNING,
            percent=percent,
        )


def _has_members(union) -> bool:
    """A demo built with few members leaves some unions empty: no review can be held there."""
    return Member.objects.filter(union=union, status=MemberStatus.ACTIVE).exists()


def _in_force(
    rng,
    actor,
    tellers,
    node,
    kind_code,
    enterprises,
    day,
    years,
    filing_days,
    *,
    level=Level.ENTERPRISE,
    title="",
):
    """One agreement from draft to publication, its review a meeting with paper ballots; None if the vote
    fails (a story too)."""
    kind = AgreementKind.objects.get(code=kind_code)
    agreement = services.agreement_create(
        actor=actor,
        node=node,
        kind=kind,
        level=level,
        title=title or f"{enterprises[0].name}{kind.name}",
        enterprises=enterprises,
        employer_name="柳溪镇工业园区企业联合会" if level != Level.ENTERPRISE else "",
        on=day,
    )
    services.draft_create(actor=actor, agreement=agreement, clauses=KIND_TEXT[kind_code])
    services.committee_record(actor=actor, agreement=agreement, on=day, decision=Decision.APPROVE)
    services.offer_send(actor=actor, agreement=agreement, on=day + timedelta(days=1))
    services.offer_answer(
        actor=actor, agreement=agreement, on=day + timedelta(days=4), decision=Decision.APPROVE
    )
    on = day + timedelta(days=4)
    has_chief = agreement.negotiators.filter(side=Side.WORKERS, is_chief=True).exists()  # the union chair
    for i, name in enumerate(("工会主席", "职工代表甲", "职工代表乙")[1 if has_chief else 0 :]):
        services.negotiator_add(
            actor=actor,
            agreement=agreement,
            side=Side.WORKERS,
            name=f"{node.name[:4]}{name}",
            on=on,
            is_chief=not has_chief and i == 0,
        )
    school = node.category == OrgCategory.SCHOOL
    posts = (
        ("学校校长", "学校人事处长", "学校财务处长")
        if school
        else ("企业总经理", "企业人事经理", "企业财务经理")
    )
    for i, name in enumerate(posts):
        services.negotiator_add(
            actor=actor, agreement=agreement, side=Side.EMPLOYER, name=name, on=on, is_chief=i == 0
        )
    services.meeting_record(
        actor=actor,
        agreement=agreement,
        held_on=day + timedelta(days=6),
        note_taker="镇总工会记录员",
        minutes="双方逐条协商，达成一致。",
    )
    services.draft_agree(actor=actor, agreement=agreement, on=day + timedelta(days=7))
    agreement = services.review_open(actor=actor, agreement=agreement, on=day + timedelta(days=9))
    _paper_review(rng, actor, tellers, agreement.review_poll)
    agreement, passed = services.review_record(actor=actor, agreement=agreement, on=day + timedelta(days=10))
    if not passed:
        return None
    return _sign_file_publish(actor, agreement, day + timedelta(days=11), years, filing_days)


def _paper_review(rng, actor, tellers, poll) -> None:
    """The review at a meeting: the tellers issue a paper ballot to each representative or worker present,
    one counts the box, the other checks the count, both confirm the tally."""
    voting.tellers_set(actor=actor, poll=poll, users=tellers)
    shares = [share.text for share in voting.poll_open(actor=actor, poll=poll).handed_shares]
    electors = [e.member for e in poll.electors.select_related("member").order_by("pk")]
    present = electors[:1] + [m for m in electors[1:] if rng.random() < 0.9]
    for member in present:
        voting.paper_issue(actor=tellers[0], poll=poll, member=member)
    voting.poll_close(actor=actor, poll=poll, shares=shares, attendance=len(present))
    no = rng.randint(0, max(0, len(present) // 15))
    box = voting.paper_count_enter(
        actor=tellers[0], poll=poll, ballots=len(present), counts={1: {"yes": len(present) - no, "no": no}}
    )
    voting.paper_count_confirm(actor=tellers[1], count=box)
    for teller in tellers:
        voting.tally_confirm(actor=teller, poll=poll)


def _sign_file_publish(actor, agreement, signed_on, years, filing_days):
    starts_on = signed_on + timedelta(days=4)
    services.agreement_sign(
        actor=actor,
        agreement=agreement,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=services.plus_years(starts_on, years) - timedelta(days=1),
        notice_received_on=signed_on,  # asked only in Shanghai (上海 第二十三条)
    )
    agreement = services.agreement_file(
        actor=actor,
        agreement=agreement,
        filed_on=signed_on + timedelta(days=filing_days),
        authority="明湖区人力资源和社会保障局",
    )
    services.effective_sweep(today=agreement.objection_due + timedelta(days=1))
    agreement.refresh_from_db()
    return services.agreement_publish(
        actor=actor, agreement=agreement, on=agreement.effective_on + timedelta(days=2), note="厂务公开栏"
    )


def _school(users, school, today) -> None:
    """The school's comprehensive contract put to its 教代会: the representatives vote on paper at the
    session; the chair and the administrator count."""
    chair = users["xuexiao"]
    enterprise = Enterprise.objects.filter(union=school).first()
    if enterprise is None or not _has_members(school):
        return
    rng = random.Random(f"{school.pk}/school-review")
    _in_force(
        rng,
        chair,
        [chair, users["admin"]],
        school,
        AgreementKind.COMPREHENSIVE,
        [enterprise],
        today - timedelta(days=70),
        3,
        5,
        title="柳溪镇中心小学集体合同",
    )
