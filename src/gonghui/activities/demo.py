"""Demo data for activities, built by `gonghui demo` after the apps below (registered in hooks.py).

A year of the showcase union's and the school's activities with 人次 like the sample plans report (三八, 五四,
sports, reading, 普法, a fire drill, skill training, cadres sent to the town's course), an area-wide training of
the town that its unions enrolled people in, an event run by another body, and coming activities open for
sign-up (the member `huiyuan` has signed up for one). Everything goes through the services; the dates of
attendance are then set to each activity's day, since the demo is built in one moment.
"""

import importlib
import random
from datetime import datetime, time, timedelta

from django.apps import apps
from django.utils import timezone

from gonghui.orgs.models import Member, MemberStatus, Org, OrgKind

from . import services
from .models import Activity, ActivityKind, Attendance, Enrolment

# (kind, title, month, day, place, people, capacity)
SHOWCASE_YEAR = [
    ("三八妇女节活动", "“巾帼建功”三八节插花活动", 3, 7, "职工之家", 45, 60),
    ("文体活动", "春季健步走", 4, 12, "滨江公园", 160, None),
    ("五四青年节活动", "青年职工座谈会", 5, 4, "三楼会议室", 30, 40),
    ("讲座/普法", "《劳动合同法》普法讲座", 5, 20, "多功能厅", 120, None),
    ("安全培训/消防演练", "安全生产月消防演练", 6, 16, "厂区北门", 210, None),
    ("读书活动", "职工读书分享会", 4, 23, "职工书屋", 35, 40),
    ("技能培训", "数控车工技能提升培训", 7, 10, "培训中心", 48, 50),
    ("文体活动", "工间操比赛", 9, 18, "厂区广场", 150, None),
    ("技能培训", "新员工岗前安全培训", 10, 15, "培训中心", 36, None),
]
SCHOOL_YEAR = [
    ("三八妇女节活动", "女教师健康讲座", 3, 8, "报告厅", 40, None),
    ("读书活动", "教师读书月分享", 4, 23, "图书馆", 35, None),
    ("文体活动", "教职工排舞比赛", 5, 15, "体育馆", 60, None),
    ("技能培训", "信息化教学能力培训", 8, 25, "计算机教室", 55, None),
]
COMING = [
    ("文体活动", "冬季趣味运动会", 12, "厂区广场", 200),
    ("技能培训", "叉车司机复训", 18, "培训中心", 30),
]


def _at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(datetime(year, month, day).date(), time(hour)))


def _people(union: Org, kind: ActivityKind, count: int, rng: random.Random, on) -> list[Member]:
    members = Member.objects.filter(union=union, status=MemberStatus.ACTIVE)
    if kind.audience == "women":
        members = members.filter(sex="F")
    if kind.audience == "youth":
        members = members.filter(birth_date__gt=on.replace(year=on.year - 36))
    pool = list(members.order_by("pk")[: count * 3])
    return rng.sample(pool, min(count, len(pool)))


def _held(actor, node, plan, year, rng, **extra) -> Activity:
    name, title, month, day, place, people, capacity = plan
    kind = ActivityKind.objects.get(name=name)
    start = _at(year, month, day)
    activity = services.activity_create(
        actor=actor,
        node=node,
        kind=kind,
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place=place,
        organisers=node.name,
        capacity=capacity,
        hours=3 if kind.is_training else None,
        cost=people * 20,
        **extra,
    )
    return activity


def _attended(actor, activity: Activity, members: list[Member]) -> None:
    if not members:
        return
    services.activity_attend(actor=actor, activity=activity, members=members)
    Attendance.objects.filter(activity=activity).update(at=activity.starts_at)


def build(*, users, landmarks, as_of, seed) -> None:
    # The kinds migration 0002 seeds, put back if a test database was emptied since (get_or_create: idempotent).
    importlib.import_module("gonghui.activities.migrations.0002_seed_kinds").seed(apps, None)
    # `as_of` is 1 January (it anchors ages); the activities date themselves from today, like the other apps'.
    rng = random.Random(f"{seed}/activities")
    today = timezone.localdate()
    year = today.year
    showcase, school, town = landmarks["showcase"], landmarks["school"], landmarks["town"]
    for node, actor, plans in (
        (showcase, users["zhuxi"], SHOWCASE_YEAR),
        (school, users["xuexiao"], SCHOOL_YEAR),
    ):
        for plan in plans:
            if (plan[2], plan[3]) >= (today.month, today.day):
                continue
            activity = _held(actor, node, plan, year, rng)
            kind = activity.kind
            _attended(actor, activity, _people(node, kind, plan[5], rng, activity.starts_at.date()))
    # The town's area-wide training: its unions enrolled their people, the town ranks them.
    cadre = users["zhen"]
    # Dated in this year when its day has passed, else last year's (a demo built in January still shows it).
    past = year if (today.month, today.day) > (6, 28) else year - 1
    training = _held(
        cadre,
        town,
        ("技能培训", "全镇职工安全生产知识培训班", 6, 28, "镇文体中心", 0, None),
        past,
        rng,
        area_wide=True,
    )
    unions = Org.objects.filter(path__startswith=town.path, kind=OrgKind.UNION).order_by("path")[:8]
    for union in unions:
        people = _people(union, training.kind, rng.randint(5, 40), rng, training.starts_at.date())
        if people:
            services.activity_enrol(actor=cadre, activity=training, members=people)
            _attended(cadre, training, people)
    Enrolment.objects.filter(activity=training).update(at=training.starts_at - timedelta(days=10))
    # An event run by another body: the union records who went.
    external = _held(
        users["zhuxi"], showcase, ("外部活动", "省总工会职工法律知识竞赛", 5, 28, "线上", 0, None), past, rng
    )
    _attended(users["zhuxi"], external, _people(showcase, external.kind, 80, rng, external.starts_at.date()))
    # Coming: sign-up open; the demo member has signed up for the first.
    for index, (name, title, days, place, capacity) in enumerate(COMING):
        start = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(14)))
        activity = services.activity_create(
            actor=users["zhuxi"],
            node=showcase,
            kind=ActivityKind.objects.get(name=name),
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            place=place,
            capacity=capacity,
            signup_closes=start - timedelta(days=1),
            hours=2 if name == "技能培训" else None,
        )
        if index == 0:
            services.activity_signup(actor=users["huiyuan"], activity=activity)
