"""What the agreement pages share: finding the agreement a URL names among
those the user may see (404 otherwise) or among those the user runs."""

from django.http import Http404

from gonghui.core.views import get_or_404

from .. import selectors
from ..models import AgreementStatus

S = AgreementStatus


def _agreement(request, pk: int):
    return get_or_404(selectors.agreement_get, user=request.user, pk=pk)


def _managed(request, pk: int):
    """The agreement, if the user runs it; 403-free: a reader gets 404 for a page they cannot use."""
    agreement = _agreement(request, pk)
    if not selectors.can_manage(request.user, agreement):
        raise Http404
    return agreement
