"""On PostgreSQL with a UTF-8 collation, `path LIKE 'prefix%'` needs a varchar_pattern_ops index to be one
index range scan (SQLite and the C collation use the ordinary index)."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX IF NOT EXISTS orgs_org_path_like ON orgs_org (path varchar_pattern_ops)")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS orgs_org_path_like")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
