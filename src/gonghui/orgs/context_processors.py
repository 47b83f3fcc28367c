from .navigation import nav_context


def navigation(request) -> dict:
    """The current node, the nodes the user can switch to and the menu, for the layout."""
    return nav_context(request)
