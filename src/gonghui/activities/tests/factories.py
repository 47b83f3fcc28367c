"""Activities test data: a builder for an activity through the service (the way staff make one), relative to
the pinned clock (core.tests.clock.NOW)."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import ActivityKind


def seed_kinds() -> None:
    """Put back the kinds migration 0002 seeds: a transactional test before this one may have emptied them."""
    importlib.import_module("gonghui.activities.migrations.0002_seed_kinds").seed(apps, None)


def kind(name: str = "文体活动") -> ActivityKind:
    seed_kinds()
    return ActivityKind.objects.get(name=name)


def activity(actor, node, *, kind_name: str = "文体活动", days: int = 5, **fields):
    """An activity of `node` `days` from now, sign-up open until the day before."""
    start = timezone.now() + timedelta(days=days)
    values = {
        "title": f"{kind_name}活动",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "职工之家",
        "signup_closes": start - timedelta(days=1),
    }
    chosen = kind(kind_name)
    if chosen.is_training:
        values["hours"] = 4
    values.update(fields)
    return services.activity_create(actor=actor, node=node, kind=chosen, **values)
