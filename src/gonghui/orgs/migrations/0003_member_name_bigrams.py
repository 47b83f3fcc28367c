"""Roster search by name on PostgreSQL. People search with two characters ("诗涵", "王芳") or a surname ("王"),
and `name LIKE '%诗涵%'` scans every member in scope: 200 ms at 1,000,000 members (docs/benchmarks.md). pg_trgm
cannot help, since a pattern shorter than three characters yields no trigram. So the name's character pairs
are indexed (GIN over a text[]), the first one anchored with "^": 叶明辉 → {^叶, 叶明, 明辉}.
`orgs_name_bigrams(name) @> ARRAY['明辉']` finds names containing 明辉 (for longer searches, names containing
every pair: a pre-filter for the LIKE), and `@> ARRAY['^叶']` finds the surname 叶. SQLite scans; its rosters
are small."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION orgs_name_bigrams(value text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT coalesce(array_agg(DISTINCT substr('^' || value, i, 2)), '{}')
          FROM generate_series(1, char_length(value)) AS i $$;
CREATE INDEX IF NOT EXISTS orgs_member_name_bigrams ON orgs_member USING gin (orgs_name_bigrams(name));
"""

BACKWARD = """
DROP INDEX IF EXISTS orgs_member_name_bigrams;
DROP FUNCTION IF EXISTS orgs_name_bigrams(text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_path_pattern_index")]
    operations = [migrations.RunPython(forward, backward)]
