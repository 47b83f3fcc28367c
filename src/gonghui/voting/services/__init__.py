"""Every change to polls: draft → open → closed (sealed, tallied) → certified by k of n tellers.

Secrecy rules this module keeps (docs/reliability.md §1.4):
- A vote writes a VoterMark (who) and an EncryptedBallot (what, sealed to the poll's public key) and nothing
  else: no audit event per voter, no log line, no session entry. Only k tellers' key shares, presented at close,
  open the ballots (voting/crypto.py, voting/seal.py). The VoterMark is the record that someone voted; the
  audit log holds the poll's lifecycle (created, opened, closed and sealed, paper counts, confirmations,
  certified), never choices or who voted when.
- `cast` locks the poll row FOR SHARE and `poll_close` FOR UPDATE, so a close waits for the votes in flight and
  counts exactly the votes that were accepted. On SQLite, IMMEDIATE transactions serialise writers instead.
- One person one vote is the VoterMark primary key (poll, member): a second vote's mark meets it with
  `ON CONFLICT DO NOTHING`, inserts nothing and is answered 409, with no error for the server to log.

Split by topic (a file past ~400 lines becomes a package, the house style): polls.py sets a poll up and opens it,
casting.py records votes and hands out paper ballots, counting.py closes, counts paper and certifies. Every
public name is re-exported here, so callers keep writing `services.cast`.
"""

from .casting import (
    cast,
    paper_issue,
    receipt_digest,
)
from .counting import (
    certification_digest,
    paper_count_confirm,
    paper_count_enter,
    poll_close,
    tally_confirm,
)
from .polls import (
    POLICY_FORMS,
    POLL_FIELDS,
    electorate_set,
    minimum_candidates,
    poll_create,
    poll_open,
    poll_update,
    questions_set,
    tellers_set,
)

__all__ = [
    "POLL_FIELDS",
    "POLICY_FORMS",
    "poll_create",
    "poll_update",
    "questions_set",
    "electorate_set",
    "tellers_set",
    "poll_open",
    "minimum_candidates",
    "cast",
    "paper_issue",
    "receipt_digest",
    "poll_close",
    "paper_count_enter",
    "paper_count_confirm",
    "tally_confirm",
    "certification_digest",
]
