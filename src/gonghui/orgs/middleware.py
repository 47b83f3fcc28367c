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


class CurrentNodeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.node = _current_node(request)
        return self.get_response(request)
