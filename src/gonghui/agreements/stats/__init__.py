"""The federation's view of collective contracts: the five rates per kind of agreement as named formulas,
their drill-down by child node, the lists a federation works through, and the trend by month
(docs/domain.md §2.12, §4 item 5).

Federations differ on what they count (docs/domain.md §2.12: "enterprises or workers, all or unionised"), so each rate
is a `Formula` with its numerator, denominator and scope written out; the page and the export show the text.
Definitions chosen here:

- 签订率 (signing): enterprises in scope covered by a binding agreement of the kind (status in
  models.BINDING; through Coverage rows, so a regional or industry agreement counts for every enterprise it
  covers) ÷ enterprises in scope. With unit "workers": their workers (Enterprise.worker_count) ÷ the workers
  of all enterprises in scope.
- 报审率 (submitted for review): agreements signed in the year that were submitted to the labour
  administration (filed_on set) ÷ agreements signed in the year.
- 备案率 (filed in time): of the agreements signed in the year and submitted, those submitted within the
  filing deadline (filed_on ≤ filing_due, 《集体合同规定》第四十二条: 10 days) ÷ those submitted. Some
  federations use "registered after review" instead; we count timeliness, which the union can influence, and
  list the late ones beside it.
- 履约率 (performance): agreements whose performance check for the year found them fully or largely kept
  (全面履行 or 基本履行) ÷ agreements checked for the year (a check is recorded only while in force).
- 覆盖率 (coverage): workers covered by binding agreements of the kind (Coverage.worker_count recorded when
  the agreement was made, the largest if several agreements of the kind cover the enterprise, at most the
  enterprise's present workforce) ÷ workers of the enterprises in scope.

Scope: the enterprises of the node's subtree (orgs.selectors.enterprise_scope_q: through their union, or
their area while they have none), all of them or only those with a union. Agreement-based rates (报审率,
备案率, 履约率) count the agreements signed by unions of the subtree, by the union that signed them.

Drill-down: one row per child node plus a row for the node's own level (enterprises without a union directly
in its area, agreements the node signed itself), so the rows add up to the node's figures. Every figure comes
from grouped queries: their number does not grow with the number of children or enterprises.

By topic: `formulas` (the five rates, written out), `rates` (the table: rates per kind, drilled down by child),
`targets`, `lists` and `trends`; `_common` holds the scope and unit switches and the permission check they all
share. Everything public is re-exported here: callers write `stats.node_stats`.
"""

from ._common import (
    SCOPE_ALL,
    SCOPE_UNIONISED,
    SCOPES,
    UNIT_ENTERPRISES,
    UNIT_WORKERS,
    UNITS,
    Options,
    stats_node,
)
from .formulas import FORMULA, FORMULAS, Counts, Formula, Rate, percent
from .lists import enterprise_kinds, expiring_list, kinds_in_force, late_filing_list, without_agreement_list
from .rates import PERFORMED, NodeStats, Row, node_figures, node_stats
from .targets import ancestor_paths, target_list, target_map
from .trends import Month, trend

__all__ = [
    "FORMULA",
    "FORMULAS",
    "PERFORMED",
    "SCOPES",
    "SCOPE_ALL",
    "SCOPE_UNIONISED",
    "UNITS",
    "UNIT_ENTERPRISES",
    "UNIT_WORKERS",
    "Counts",
    "Formula",
    "Month",
    "NodeStats",
    "Options",
    "Rate",
    "Row",
    "ancestor_paths",
    "enterprise_kinds",
    "expiring_list",
    "kinds_in_force",
    "late_filing_list",
    "node_figures",
    "node_stats",
    "percent",
    "stats_node",
    "target_list",
    "target_map",
    "trend",
    "without_agreement_list",
]
