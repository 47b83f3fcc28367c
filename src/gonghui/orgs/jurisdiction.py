"""Which rule pack a union follows: its own jurisdiction, else its nearest ancestor's (DOMAIN.md §4)."""

from datetime import date

from gonghui.core.rules import NATIONAL, Rule, rule_for

from .models import Org


def _jurisdictions(org: Org) -> list[str]:
    """Jurisdictions set on the node and its ancestors, nearest first, in one query on the path prefixes."""
    prefixes = [org.path[:end] for end in range(Org.steplen, len(org.path) + 1, Org.steplen)]
    rows = Org.objects.filter(path__in=prefixes).exclude(jurisdiction="").order_by("-depth")
    return list(dict.fromkeys(rows.values_list("jurisdiction", flat=True)))


def org_jurisdiction(org: Org) -> str:
    """The jurisdiction whose rules apply to the node: its own, else the nearest ancestor's, else national."""
    chain = _jurisdictions(org)
    return chain[0] if chain else NATIONAL


def org_rule(org: Org, rule_id: str, on: date | None = None) -> Rule:
    """The version of a rule that applies to the node on `on`.

    A city federation under a provincial one falls back to the province's rule before the national one, so
    each ancestor's jurisdiction is tried, nearest first.
    """
    return rule_for(rule_id, _jurisdictions(org), on)
