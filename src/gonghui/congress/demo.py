"""Demo data for this app, built by `gonghui demo` after the area (registered in hooks.py).

The showcase union gets its third workers' congress: about a hundred representatives (the Zhejiang formula for
its workforce), last year's session closed with a certified vote and a finished democratic evaluation, standing
committees with records, an upcoming session with voting codes issued, and a vote open now (daibiao has not
voted yet). The school gets a 教代会 term.
Every step goes through the services, and every vote through voting.services.cast.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from gonghui.orgs.jurisdiction import org_jurisdiction
from gonghui.orgs.models import Member, MemberStatus
from gonghui.voting import services as voting
from gonghui.voting.models import Policy, QuestionForm

from . import services
from .models import AgendaKind, CommitteeKind, TermKind
from .rules import required_seats


def build(*, users, landmarks, as_of, seed) -> None:
    rng = random.Random(f"{seed}/congress")
    _showcase(rng, users, landmarks["showcase"], as_of)
    _school(rng, users["xuexiao"], landmarks["school"], as_of)


def _roster(union):
    return list(Member.objects.filter(union=union, status=MemberStatus.ACTIVE).order_by("pk"))


def _term(chair, union, kind, starts_on: date, roster):
    worker_count = len(roster)
    return services.term_create(
        actor=chair,
        node=union,
        kind=kind,
        number=3,
        starts_on=starts_on,
        ends_on=starts_on.replace(year=starts_on.year + 5) - timedelta(days=1),
        worker_count=worker_count,
        women_worker_count=sum(m.is_female for m in roster),
        manager_count=worker_count // 12,
        seats_planned=required_seats(worker_count, org_jurisdiction(union)),
    )


def _elect(rng, chair, term, roster, must_include, *, teacher_share=0.0):
    """Elect the seats: women in proportion (rounded up), a manager share under the cap, the rest frontline."""
    seats = term.seats_planned
    women = [m for m in roster if m.is_female and m not in must_include]
    men = [m for m in roster if not m.is_female and m not in must_include]
    women_seats = -(-seats * term.women_worker_count // term.worker_count)
    chosen = [*must_include, *rng.sample(women, min(len(women), women_seats))]
    chosen += rng.sample(men, min(len(men), seats - len(chosen)))
    constituencies = ["生产一团", "生产二团", "技术团", "管理团", "后勤团"]
    if teacher_share:
        constituencies = ["语文组", "数学组", "综合组", "行政后勤组"]
    representatives = []
    for index, member in enumerate(chosen):
        is_manager = index % 7 == 3  # about 14 %
        representatives.append(
            services.representative_add(
                actor=chair,
                term=term,
                member=member,
                constituency=constituencies[index % len(constituencies)],
                elected_on=term.starts_on,
                is_manager=is_manager,
                is_frontline=not is_manager and index % 5 != 4,
                is_teacher=index < seats * teacher_share,
            )
        )
    return representatives


def _showcase(rng, users, union, as_of: date) -> None:
    chair = users["zhuxi"]
    roster = _roster(union)
    delegate = Member.objects.get(user=users["daibiao"])
    term = _term(chair, union, TermKind.WORKERS, date(as_of.year - 2, 3, 1), roster)
    representatives = _elect(rng, chair, term, roster, [delegate])
    tellers = [r for r in representatives if r.member_id != delegate.pk][:2]

    held_on = date(as_of.year, 3, 20)
    if held_on > timezone.localdate():  # a demo built early in the year shows last year's session
        held_on = held_on.replace(year=as_of.year - 1)
    last = services.session_create(
        actor=chair, term=term, number=2, title="三届二次职工代表大会", held_on=held_on
    )
    services.agenda_add(actor=chair, session=last, title="公司年度工作报告", kind=AgendaKind.REPORT)
    item = services.agenda_add(actor=chair, session=last, title="年度工资集体协商方案", kind=AgendaKind.PLAN)
    services.agenda_vote_setup(actor=chair, item=item, tellers=tellers)
    evaluation = services.evaluation_create(
        actor=chair,
        session=last,
        title="民主评议公司领导班子成员",
        cadres=[
            {"name": users["zhuxi"].first_name or "王建国", "post": "工会主席", "user": users["zhuxi"]},
            {"name": "陈立新", "post": "总经理"},
            {"name": "周晓梅", "post": "副总经理（分管安全）"},
        ],
        tellers=tellers,
    )
    services.session_open(actor=chair, session=last)
    present = [r for r in representatives if rng.random() < 0.9 or r.member_id == delegate.pk]
    for representative in present:
        services.checkin_manual(actor=chair, session=last, representative=representative)
    item.refresh_from_db()
    _vote(
        rng,
        chair,
        item.poll,
        present,
        tellers,
        lambda: {1: rng.choices(["yes", "no", "abstain"], [88, 7, 5])[0]},
    )
    evaluation.refresh_from_db()
    grades = ["优秀", "称职", "基本称职", "不称职"]
    _vote(
        rng,
        chair,
        evaluation.poll,
        present,
        tellers,
        lambda: {
            n: rng.choices(grades, weights)[0]
            for n, weights in ((1, [60, 35, 4, 1]), (2, [45, 45, 8, 2]), (3, [30, 50, 15, 5]))
        },
    )
    services.session_close(actor=chair, session=last)

    _committees(chair, term, representatives, as_of)

    upcoming = services.session_create(
        actor=chair,
        term=term,
        number=3,
        title="三届三次职工代表大会",
        held_on=max(timezone.localdate(), as_of) + timedelta(days=14),
    )
    services.agenda_add(actor=chair, session=upcoming, title="公司年度工作报告", kind=AgendaKind.REPORT)
    draft = services.agenda_add(
        actor=chair, session=upcoming, title="职工福利费使用方案", kind=AgendaKind.WELFARE
    )
    services.agenda_vote_setup(actor=chair, item=draft, tellers=tellers)
    services.voting_codes_issue(actor=chair, session=upcoming)
    _open_poll(rng, chair, union, representatives, tellers, next_year=as_of.year + 1)


def _open_poll(rng, chair, union, representatives, tellers, *, next_year: int) -> None:
    """A vote of the representatives between sessions, open now: daibiao has a ballot waiting, the chair sees
    the turnout grow (and no tally until it closes)."""
    poll = voting.poll_create(
        actor=chair,
        node=union,
        title=f"{next_year}年职工疗休养安排（代表征求意见）",
        policy=Policy.MAJORITY_OF_CAST,
        questions=[
            {"text": f"同意{next_year}年疗休养分两批在春秋两季安排", "form": QuestionForm.YES_NO},
            {"text": "同意一线职工优先安排疗休养", "form": QuestionForm.YES_NO},
        ],
    )
    members = list(
        Member.objects.filter(pk__in=[r.member_id for r in representatives]).select_related("user")
    )
    voting.electorate_set(actor=chair, poll=poll, members=members)
    teller_ids = {t.member_id for t in tellers}
    voting.tellers_set(actor=chair, poll=poll, users=[m.user for m in members if m.pk in teller_ids])
    poll = voting.poll_open(actor=chair, poll=poll)
    voters = sorted((m.user for m in members if m.user and m.user.username != "daibiao"), key=lambda u: u.pk)
    for user in rng.sample(voters, len(voters) * 2 // 5):
        voting.cast(voter=user, poll=poll, choices={1: "yes", 2: rng.choice(["yes", "yes", "yes", "no"])})


def _vote(rng, chair, poll, present, tellers, ballot) -> None:
    poll = services.session_vote_open(actor=chair, poll=poll)
    for representative in present:
        representative.member.refresh_from_db()
        voting.cast(voter=representative.member.user, poll=poll, choices=ballot())
    shares = [share.text for share in poll.handed_shares]
    poll = services.session_vote_close(actor=chair, poll=poll, shares=shares)
    for teller in tellers:
        teller.member.refresh_from_db()
        poll = voting.tally_confirm(actor=teller.member.user, poll=poll)


def _committees(chair, term, representatives, as_of: date) -> None:
    for name, duties, records in (
        (
            "提案工作委员会",
            "征集、审查职工代表提案，督促提案落实。",
            [("征集三届三次会议提案", "向各代表团发出提案征集通知，截至月底收到提案 23 件。")],
        ),
        (
            "劳动保护监督检查委员会",
            "监督劳动安全卫生措施落实，组织安全检查。",
            [
                ("夏季防暑降温专项检查", "检查车间通风和防暑药品发放，提出整改意见 4 条。"),
                ("冬季消防安全检查", "整改通道堆物 2 处，已复查。"),
            ],
        ),
    ):
        committee = services.committee_create(
            actor=chair, term=term, name=name, kind=CommitteeKind.COMMITTEE, duties=duties
        )
        for index, representative in enumerate(
            representatives[:5] if "提案" in name else representatives[5:10]
        ):
            services.committee_member_add(
                actor=chair,
                committee=committee,
                member=representative.member,
                post="主任" if index == 0 else "委员",
            )
        for offset, (title, content) in enumerate(records):
            services.committee_record_add(
                actor=chair,
                committee=committee,
                held_on=date(as_of.year - 1, 7 + offset * 4, 10),
                title=title,
                content=content,
            )


def _school(rng, chair, school, as_of: date) -> None:
    roster = _roster(school)
    if not roster:
        return
    term = _term(chair, school, TermKind.TEACHERS, date(as_of.year - 1, 9, 1), roster)
    _elect(rng, chair, term, roster, [], teacher_share=0.7)
