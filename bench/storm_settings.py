"""Settings of the vote-storm server: the production settings with a urlconf that adds one bare endpoint, so
that production code carries no benchmark route. Importable when bench/ is on PYTHONPATH (bench/_storm.py)."""

from gonghui.settings import *  # noqa: F403

ROOT_URLCONF = "storm_urls"
