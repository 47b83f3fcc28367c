"""The result page with its bar charts, and the tally report the tellers sign (.docx)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gonghui.core.views import docx_response, download_name, get_or_404
from gonghui.orgs import selectors as org_selectors

from .. import selectors
from ..forms import (
    choices_of,
)
from ..report import tally_report_docx
from ..roles import PollCap
from ._common import _poll, _teller_poll


@never_cache
@login_required
def poll_result(request, pk: int):
    poll = _poll(request, pk)  # poll_result decides whether it may be seen yet
    result = get_or_404(selectors.poll_result, user=request.user, poll=poll)
    return render(
        request,
        "voting/poll_result.html",
        {
            "poll": poll,
            "result": result,
            "rows": [(q, bar_chart(q)) for q in result.questions],
            "can_report": selectors.is_teller(user=request.user, poll=poll)
            or org_selectors.has_cap(request.user, PollCap.MANAGE_POLLS, poll.node),
        },
    )


@never_cache
@login_required
def poll_report(request, pk: int):
    """The document the tellers sign and the organisers file; everyone else reads the result page."""
    poll = _teller_poll(request, pk)
    result = get_or_404(selectors.poll_result, user=request.user, poll=poll)
    tellers = list(poll.tellers.select_related("user").order_by("user__username"))
    response = docx_response(
        tally_report_docx(poll, result, tellers),
        download_name(
            poll.node.name, poll.title, _("计票报告"), day=timezone.localdate(poll.closed_at), suffix=".docx"
        ),
    )
    response["Cache-Control"] = "no-store"
    return response


BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 24, 10, 150, 600


def bar_chart(question_result) -> dict | None:
    """A horizontal bar per choice, as geometry for an inline SVG (presentation attributes only: the CSP
    allows no style attribute). None when the counts are withheld."""
    counts = question_result.counts
    if counts is None:
        return None
    labels = dict(choices_of(question_result.question))
    top = max(counts.values(), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 70
    bars = []
    for i, (key, count) in enumerate(counts.items()):
        y = i * (BAR_HEIGHT + BAR_GAP)
        width = round(span * count / top, 1)
        bars.append(
            {
                "label": labels.get(key, key),
                "count": count,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
                "elected": key in question_result.elected,
            }
        )
    return {
        "bars": bars,
        "height": len(bars) * (BAR_HEIGHT + BAR_GAP),
        "width": CHART_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }
