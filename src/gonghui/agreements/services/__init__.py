"""Every change to an agreement. Each function checks the actor's permission, locks the agreement, checks the
step is the next one the law allows, writes in one transaction with a Step row and an audit event, and raises
DomainError with a Chinese message otherwise, so a refused step changes nothing.

Clocks (answer to an offer, filing, objection period, publication, re-submission) are computed from the rule
pack of the agreement's union when they start and stored on the agreement (see models.py).

By stage: `agreements` (creating, editing, coverage, kinds, employer links), `bargaining` (drafts, committee,
offer and answer, teams, meetings), `review` (the workers' vote, signing, filing, effect, publication), `term`
(performance checks, expiry, renewal, ending) and `targets` (the federation's plan). Everything public is
re-exported here: callers write `services.agreement_sign`.
"""

from .agreements import (
    AGREEMENT_FIELDS,
    agreement_create,
    agreement_update,
    check_term,
    employer_link_create,
    kind_create,
    plus_years,
    term_notes,
)
from .bargaining import (
    comment_add,
    committee_record,
    draft_agree,
    draft_create,
    meeting_record,
    negotiator_add,
    negotiator_leave,
    offer_answer,
    offer_send,
    point_raise,
    team_notes,
    team_problems,
)
from .deadlines import deadlines_recompute
from .review import (
    agreement_file,
    agreement_publish,
    agreement_sign,
    approval_record,
    effective_sweep,
    objection_record,
    review_electorate,
    review_open,
    review_outcome,
    review_record,
)
from .targets import target_create, target_delete, target_update
from .term import agreement_end, agreement_renew, expiry_sweep, performance_check_record

__all__ = [
    "deadlines_recompute",
    "AGREEMENT_FIELDS",
    "agreement_create",
    "agreement_end",
    "agreement_file",
    "agreement_publish",
    "agreement_renew",
    "agreement_sign",
    "agreement_update",
    "approval_record",
    "check_term",
    "term_notes",
    "comment_add",
    "committee_record",
    "draft_agree",
    "draft_create",
    "effective_sweep",
    "employer_link_create",
    "expiry_sweep",
    "kind_create",
    "meeting_record",
    "negotiator_add",
    "negotiator_leave",
    "objection_record",
    "offer_answer",
    "offer_send",
    "performance_check_record",
    "plus_years",
    "point_raise",
    "review_electorate",
    "review_open",
    "review_outcome",
    "review_record",
    "target_create",
    "target_delete",
    "target_update",
    "team_notes",
    "team_problems",
]
