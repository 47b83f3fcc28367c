"""The one view guard: the node the user is working at (request.node), if they hold a capability there."""

from django.http import Http404

from .models import Org
from .selectors import has_cap


def node_for(request, cap: str | None = None) -> Org:
    """The current node, if the user holds `cap` there (any node they work at when `cap` is None); otherwise
    404, so that nothing is revealed about a node or a page the user may not see."""
    node = request.node
    if node is None or (cap is not None and not has_cap(request.user, cap, node)):
        raise Http404
    return node
