"""Which rule pack a union follows: its own jurisdiction, else its nearest ancestor's (docs/domain.md).

A page asks for several rules of the same node (a congress term page checks seven), so within a request each
node's chain is read once (`chains_memo`, entered by orgs.middleware) instead of once per rule.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from gonghui.core.rules import NATIONAL, Rule, rule_for

from .models import Org

# path -> jurisdictions on the node and its ancestors, nearest first; None outside a request.
_chains: ContextVar[dict[str, tuple[str, ...]] | None] = ContextVar("jurisdiction_chains", default=None)


@contextmanager
def chains_memo() -> Iterator[None]:
    """Read each node's chain once inside the block (a request); outside one every call reads it afresh."""
    token = _chains.set({})
    try:
        yield
    finally:
        _chains.reset(token)


def forget_chains() -> None:
    """Drop what the current request remembers, after a node's jurisdiction changed."""
    chains = _chains.get()
    if chains is not None:
        chains.clear()


def _jurisdictions(org: Org) -> tuple[str, ...]:
    chains = _chains.get()
    if chains is None:
        return _read_jurisdictions(org)
    if org.path not in chains:
        chains[org.path] = _read_jurisdictions(org)
    return chains[org.path]


def _read_jurisdictions(org: Org) -> tuple[str, ...]:
    """Jurisdictions set on the node and its ancestors, nearest first, in one query on the path prefixes."""
    prefixes = [org.path[:end] for end in range(Org.steplen, len(org.path) + 1, Org.steplen)]
    rows = Org.objects.filter(path__in=prefixes).exclude(jurisdiction="").order_by("-depth")
    return tuple(dict.fromkeys(rows.values_list("jurisdiction", flat=True)))


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
