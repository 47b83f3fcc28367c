"""Pages for agreements. Thin: parse, select, call a service, render. A refused step shows the service's
Chinese message and changes nothing.

By page: `lists`, `lifecycle` (one agreement and its steps), `drafts`, `documents` (Word files),
`administration` and `statistics` (the federation's figures and targets). Re-exported here for urls.py.
"""

from .administration import employer_link_list, kind_list
from .documents import agreement_docx, filing_form_docx
from .drafts import comment_add, draft_create, draft_detail, draft_diff, point_add
from .lifecycle import (
    ACTIONS,
    Action,
    agreement_act,
    agreement_detail,
    agreement_edit,
    check_add,
    meeting_add,
    negotiator_add,
    negotiator_leave,
)
from .lists import agreement_create, agreement_export, agreement_list
from .statistics import STATS_LISTS, agreement_stats, agreement_stats_export, agreement_target_list

__all__ = [
    "ACTIONS",
    "Action",
    "STATS_LISTS",
    "agreement_act",
    "agreement_create",
    "agreement_detail",
    "agreement_docx",
    "agreement_edit",
    "agreement_export",
    "agreement_list",
    "agreement_stats",
    "agreement_stats_export",
    "agreement_target_list",
    "check_add",
    "comment_add",
    "draft_create",
    "draft_detail",
    "draft_diff",
    "employer_link_list",
    "filing_form_docx",
    "kind_list",
    "meeting_add",
    "negotiator_add",
    "negotiator_leave",
    "point_add",
]
