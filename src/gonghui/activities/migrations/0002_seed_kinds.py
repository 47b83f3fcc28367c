"""The kinds of activity most unions run (an administrator adds more). From the sample work plans: 三八 for women
workers, 五四 for young workers, sports and culture, reading days, lectures and 普法, safety training and fire
drills, skill training, cadre training at the higher union, and events run by other bodies."""

from django.db import migrations

KINDS = [
    # name, audience, is_training, waitlist, external
    ("三八妇女节活动", "women", False, True, False),
    ("五四青年节活动", "youth", False, True, False),
    ("文体活动", "all", False, True, False),
    ("读书活动", "all", False, True, False),
    ("讲座/普法", "all", False, True, False),
    ("安全培训/消防演练", "all", True, False, False),
    ("技能培训", "all", True, True, False),
    ("干部培训", "cadres", True, False, False),
    ("退休职工活动", "retirees", False, True, False),
    ("职工代表培训", "representatives", True, False, False),
    ("外部活动", "all", False, False, True),
]


def seed(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for order, (name, audience, training, waitlist, external) in enumerate(KINDS, start=1):
        ActivityKind.objects.get_or_create(
            name=name,
            defaults={
                "audience": audience,
                "is_training": training,
                "waitlist": waitlist,
                "external": external,
                "order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
