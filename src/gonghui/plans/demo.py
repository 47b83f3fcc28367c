"""Demo data for plans, built by `gonghui demo` after the apps below (registered in hooks.py).

The town federation and the landmark unions (the showcase company, its neighbour, the joint union, the school)
each get this year's plan from the template that fits them, adopted at a committee meeting in January and in
progress: the occurrences and milestones already past are mostly ticked, one milestone is left overdue, a few
items count their progress from the records of the other apps, and one town item is sent down to every union
below the town (its board shows them by unit). Every step goes through the services.
"""

import random
from datetime import date

from django.utils import timezone

from gonghui.meetings.services import meeting_record
from gonghui.orgs.models import Org

from . import services
from .models import Milestone, Occurrence, Plan, PlanItem

PLANS = [
    # (landmark, template, the login who keeps it)
    ("showcase", "company", "zhuxi"),
    ("neighbour", "competition", "zhen"),
    ("joint", "company", "zhen"),
    ("school", "school", "xuexiao"),
    # Last: its item sent down lands in the unions' plans above, and starts a draft for the others.
    ("town", "town", "zhen"),
]
# Items linked to a provider, by a word of their title.
LINKS = {
    "职工代表大会": "congress.sessions_held",
    "职代会": "congress.sessions_held",
    "集体合同": "agreements.in_force",
}


def build(*, users, landmarks, as_of, seed) -> None:
    rng = random.Random(f"{seed}/plans")
    # Dated from the clock, like the other apps' demos (`as_of` anchors ages: 1 January).
    today = timezone.localdate()
    year = today.year
    for landmark, template, login in PLANS:
        node = landmarks.get(landmark)
        actor = users.get(login)
        if node is None or actor is None:
            continue
        node = Org.objects.get(pk=node.pk) if not isinstance(node, Org) else node
        if Plan.objects.filter(node=node, year=year).exists():  # two landmarks naming one union
            continue
        plan = services.plan_draft(
            actor=actor,
            node=node,
            year=year,
            title=f"{node.name}{year}年工作计划",
            source=f"template:{template}",
        )
        for item in PlanItem.objects.filter(plan=plan, level=2).order_by("pk"):
            key = next((k for word, k in LINKS.items() if word in item.title), None)
            if key:
                services.item_link(actor=actor, item=item, provider=key)
        meeting = meeting_record(
            actor=actor,
            node=node,
            held_on=min(today, date(year, 1, 10)),
            title="工会委员会全体会议",
            members_total=7,
            members_present=6,
            decisions=f"审议通过《{plan.title}》。",
        )
        plan = services.plan_adopt(actor=actor, plan=plan, meeting=meeting)
        plan = services.plan_start(actor=actor, plan=plan)
        _progress(plan, actor, today, rng)
        if landmark == "town":
            first = PlanItem.objects.filter(plan=plan, level=2).order_by("pk").first()
            if first is not None:
                services.item_cascade(actor=actor, item=first)


def _progress(plan, actor, today, rng) -> None:
    past = Occurrence.objects.filter(item__plan=plan, due__lte=today).order_by("due", "pk")
    for occurrence in past:
        if rng.random() < 0.8:
            services.occurrence_tick(actor=actor, occurrence=occurrence, on=occurrence.due)
    milestones = list(Milestone.objects.filter(item__plan=plan, due__lte=today).order_by("due", "pk"))
    for milestone in milestones[:-1]:
        services.milestone_done(actor=actor, milestone=milestone, on=milestone.due)
    for milestone in milestones[1:3]:
        services.note_add(
            actor=actor, item=milestone.item, on=milestone.due, text=f"已完成：{milestone.item.title}。"
        )
