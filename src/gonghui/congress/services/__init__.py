"""Every change to congresses. Each function checks the actor's permission, runs in one transaction and writes
the audit log. Votes go through voting.services; this app only says who the electorate is and who was present.

By topic: `terms` (terms, representatives, import), `sessions` (sessions, agenda, votes), `checkin` (voting
codes, check-in, code sign-in) and `committees` (standing committees, democratic evaluation). Everything
public is re-exported here: callers write `services.session_open`.
"""

from .checkin import (
    CODE_BYTES,
    CODE_FAILURE_LIMIT,
    CODE_FAILURE_WINDOW_SECONDS,
    CodeSignIn,
    IssuedCode,
    checkin_by_code,
    checkin_manual,
    code_digest,
    normalize_code,
    voting_codes_issue,
)
from .committees import committee_create, committee_member_add, committee_record_add, evaluation_create
from .sessions import (
    agenda_add,
    agenda_vote_setup,
    meeting_attendance,
    session_close,
    session_create,
    session_open,
    session_vote_close,
    session_vote_open,
)
from .terms import (
    IMPORT_COLUMNS,
    IMPORT_FLAGS,
    MAX_IMPORT_ERRORS,
    YES,
    representative_add,
    representative_leave,
    representatives_import,
    term_create,
)

__all__ = [
    "CODE_BYTES",
    "CODE_FAILURE_LIMIT",
    "CODE_FAILURE_WINDOW_SECONDS",
    "CodeSignIn",
    "IMPORT_COLUMNS",
    "IMPORT_FLAGS",
    "IssuedCode",
    "MAX_IMPORT_ERRORS",
    "YES",
    "agenda_add",
    "agenda_vote_setup",
    "checkin_by_code",
    "checkin_manual",
    "code_digest",
    "committee_create",
    "committee_member_add",
    "committee_record_add",
    "evaluation_create",
    "meeting_attendance",
    "normalize_code",
    "representative_add",
    "representative_leave",
    "representatives_import",
    "session_close",
    "session_create",
    "session_open",
    "session_vote_close",
    "session_vote_open",
    "term_create",
    "voting_codes_issue",
]
