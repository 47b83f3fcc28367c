"""Demo data for joining online, built by `gonghui demo` (registered in hooks.py): a few applications waiting
at the showcase union and at the industrial park's joint union (couriers and riders), one of them close to its
deadline, and one declined (none accepted: the demo's roster stays the one planned), so the committee's list,
the desk and the reminders have something to show. Every application goes through the services."""

import random
from datetime import timedelta

from django.utils import timezone

from gonghui.core.idnumber import id_check_char
from gonghui.orgs.models import Member

from . import services
from .models import JoinApplication, WorkKind

APPLICANTS = [
    # (name, employer, work kind, union landmark, what happens)
    ("韩晓东", None, WorkKind.EMPLOYEE, "showcase", "pending"),
    ("蒋丽娜", None, WorkKind.EMPLOYEE, "showcase", "pending_late"),
    ("邓志刚", "顺捷快递柳溪站点", WorkKind.NEW_FORM, "joint", "pending"),
    ("冯佳怡", "饱了么外卖柳溪站", WorkKind.NEW_FORM, "joint", "pending"),
    ("彭海燕", "恒安物业外包服务部", WorkKind.EMPLOYEE, "showcase", "declined"),
]


def _id_number(rng, region: str) -> str:
    while True:
        born = f"{rng.randint(1975, 2003)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        body = f"{region}{born}{rng.randint(0, 999):03d}"
        number = body + id_check_char(body)
        if not Member.objects.filter(id_number=number).exists():
            return number


def build(*, users, landmarks, as_of, seed) -> None:
    rng = random.Random(f"{seed}/portal")
    showcase = landmarks["showcase"]
    region = Member.objects.filter(union=showcase).values_list("id_number", flat=True).first()[:6]
    employer = showcase.enterprises.order_by("pk").first()
    chair = users["zhuxi"]
    for name, works_at, kind, where, outcome in APPLICANTS:
        application = services.join_apply(
            actor=None,
            union=landmarks[where],
            name=name,
            id_number=_id_number(rng, region),
            phone=f"13{rng.randint(0, 999999999):09d}",
            employer=works_at or (employer.name if employer else "本单位"),
            work_kind=kind,
        )
        if outcome == "pending_late":  # received four weeks ago: two days left to answer
            JoinApplication.objects.filter(pk=application.pk).update(
                submitted_at=timezone.now() - timedelta(days=28),
                deadline=timezone.localdate() + timedelta(days=2),
            )
        elif outcome == "declined":
            services.join_decline(
                actor=chair,
                application=application,
                reason="申请人系外包公司人员，与本单位无劳动关系，请向所在单位工会或区域联合工会申请。",
            )
