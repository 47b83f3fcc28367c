"""Looking a poll up for a page: 404 for one the user may not see, or may not manage or count."""

from django.http import Http404

from gonghui.core.views import get_or_404
from gonghui.orgs import selectors as org_selectors

from .. import selectors
from ..roles import PollCap


def _poll(request, pk: int):
    return get_or_404(selectors.poll_get, user=request.user, pk=pk)


def _managed_poll(request, pk: int):
    """A poll the user may change; one they may only read is as good as missing here."""
    poll = _poll(request, pk)
    if not org_selectors.has_cap(request.user, PollCap.MANAGE_POLLS, poll.node):
        raise Http404
    return poll


def _teller_poll(request, pk: int):
    """The poll, for its tellers and for those who manage it."""
    poll = _poll(request, pk)
    if not (
        selectors.is_teller(user=request.user, poll=poll)
        or org_selectors.has_cap(request.user, PollCap.MANAGE_POLLS, poll.node)
    ):
        raise Http404
    return poll
