"""The four kinds every federation counts (docs/domain.md §2.12; 劳动合同法 第五十二条 names the three special ones)."""

from django.db import migrations

BUILTIN_KINDS = [
    ("comprehensive", "综合集体合同", False, 10),
    ("wage", "工资专项集体协议", True, 20),
    ("women", "女职工权益保护专项集体合同", True, 30),
    ("safety", "劳动安全卫生专项集体合同", True, 40),
]


def seed(apps, schema_editor):
    AgreementKind = apps.get_model("agreements", "AgreementKind")
    for code, name, is_special, position in BUILTIN_KINDS:
        AgreementKind.objects.update_or_create(
            code=code,
            defaults={"name": name, "is_special": is_special, "position": position, "builtin": True},
        )


def unseed(apps, schema_editor):
    apps.get_model("agreements", "AgreementKind").objects.filter(builtin=True).delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
