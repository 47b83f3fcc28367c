"""Pages of workers' congresses. Thin: parse, call a selector or service, render.

By page: `terms`, `sessions`, `checkin` and `committees` (with democratic evaluation). Re-exported here
for urls.py.
"""

from .checkin import (
    attendance_export,
    checkin_code,
    checkin_desk,
    checkin_manual,
    codes_issue,
    session_quorum,
)
from .committees import (
    committee_create,
    committee_detail,
    committee_member_add,
    committee_record_add,
    evaluation_create,
    evaluation_result,
)
from .sessions import (
    agenda_add,
    agenda_vote_setup,
    session_close,
    session_create,
    session_detail,
    session_open,
    vote_close,
    vote_open,
)
from .terms import (
    representative_add,
    representative_export,
    representative_import,
    representative_leave,
    term_create,
    term_detail,
    term_list,
)

__all__ = [
    "agenda_add",
    "agenda_vote_setup",
    "attendance_export",
    "checkin_code",
    "checkin_desk",
    "checkin_manual",
    "codes_issue",
    "committee_create",
    "committee_detail",
    "committee_member_add",
    "committee_record_add",
    "evaluation_create",
    "evaluation_result",
    "representative_add",
    "representative_export",
    "representative_import",
    "representative_leave",
    "session_close",
    "session_create",
    "session_detail",
    "session_open",
    "session_quorum",
    "term_create",
    "term_detail",
    "term_list",
    "vote_close",
    "vote_open",
]
