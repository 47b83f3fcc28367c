import functools

from django.utils.functional import cached_property

from .jurisdiction import chains_memo
from .models import Org
from .selectors import home_nodes

SESSION_KEY = "current_node_id"


def _current_node(request):
    """The node the user works on: chosen with the node switcher, or their first (highest) role's node.

    Any node inside the user's reach can be chosen (drill-down); a stale or foreign id falls back to the first.
    """
    nodes = home_nodes(request.user) if request.user.is_authenticated else []
    if not nodes:
        return None
    wanted = request.session.get(SESSION_KEY)
    if wanted:
        node = Org.objects.filter(pk=wanted).first()
        if node is not None and any(node.path.startswith(home.path) for home in nodes):
            return node
    return nodes[0]


class _LazyNode:
    """`request.node`, resolved on first read and kept for the rest of the request.

    A cached property rather than django.utils.functional.SimpleLazyObject: a lazy object wrapping None is
    truthy and `is not None`, and callers test `request.node is None` / `if not node`. Here the attribute is the
    Org or None itself. Setting `request.node` (a test, a view) still works: it lands in the instance dict.
    """

    @cached_property
    def node(self):
        return _current_node(self)


@functools.cache
def _with_lazy_node(request_class: type) -> type:
    """WSGIRequest (or ASGIRequest) with the lazy `node`; one subclass per request class, made once."""
    return type(request_class.__name__, (_LazyNode, request_class), {"__module__": request_class.__module__})


class CurrentNodeMiddleware:
    """Gives every request `request.node` without paying for it up front: resolving it reads the user's role
    assignments (and the session's choice), which a vote through the API (the 800-electors hot path) never
    needs. Pages that show the node, the node switcher and the API's default list node read it as before.

    It also scopes the request's memo of jurisdiction chains (orgs.jurisdiction), so the rules a page asks
    for cost one query per node."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not isinstance(request, _LazyNode):
            request.__class__ = _with_lazy_node(type(request))
        with chains_memo():
            return self.get_response(request)
