"""Pages for polls: managers prepare, open and close them; electors vote on a phone; tellers count and confirm.

Thin, like every view: the rules (who may vote, what may be seen while a poll is open, when results show) live
in services/ and selectors.py. The vote POST is the one hot path (800 electors within a minute): it parses
the form without reading the questions, calls `cast` and renders the receipt, nothing else.

By page: `managers` (list, prepare, open, close), `tellers` (paper ballots, counts, confirmation), `results`
(result page, tally report) and `booth` (the electors' pages). Re-exported here for urls.py.
"""

from .booth import (
    my_polls,
    parse_choices,
    poll_vote,
    receipt_check,
)
from .managers import (
    HTMX_STOP_POLLING,
    TURNOUT_REFRESH_SECONDS,
    poll_close,
    poll_create,
    poll_detail,
    poll_edit,
    poll_electorate,
    poll_list,
    poll_open,
    poll_question_row,
    poll_tellers,
    poll_turnout,
)
from .results import (
    BAR_GAP,
    BAR_HEIGHT,
    CHART_WIDTH,
    LABEL_WIDTH,
    bar_chart,
    poll_report,
    poll_result,
)
from .tellers import (
    paper_count_confirm,
    poll_confirm,
    poll_paper_issue,
    poll_tally,
)

__all__ = [
    "TURNOUT_REFRESH_SECONDS",
    "HTMX_STOP_POLLING",
    "poll_list",
    "poll_create",
    "poll_edit",
    "poll_question_row",
    "poll_detail",
    "poll_turnout",
    "poll_electorate",
    "poll_tellers",
    "poll_open",
    "poll_close",
    "poll_tally",
    "poll_paper_issue",
    "paper_count_confirm",
    "poll_confirm",
    "poll_result",
    "poll_report",
    "BAR_GAP",
    "BAR_HEIGHT",
    "CHART_WIDTH",
    "LABEL_WIDTH",
    "bar_chart",
    "my_polls",
    "poll_vote",
    "parse_choices",
    "receipt_check",
]
