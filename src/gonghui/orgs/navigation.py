"""The menu, from what each app registered (core.registry). An entry shows only to users who may open its page."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from gonghui.core.registry import MENU, MenuEntry

from .selectors import home_nodes, reach_paths


def nav_context(request) -> dict:
    """The layout's menu, node switcher and current node, each worked out only when a template reads it.

    They need the user's roles (one query); the voting booth's pages (voting/booth_base.html), which the 800
    electors of a congress load, show none of them and so cost no query. `current_node` is a callable, which the
    template language calls when it reads the variable: a lazy object wrapping None would be truthy.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "menu": SimpleLazyObject(lambda: _menu(user, request.resolver_match)),
        "current_node": lambda: getattr(request, "node", None),
        "switch_nodes": SimpleLazyObject(lambda: home_nodes(user)),
    }


def _visible(entry: MenuEntry, user) -> bool:
    if entry.visible is None:
        return True
    if callable(entry.visible):
        return entry.visible(user)
    return bool(reach_paths(user, entry.visible))


def _menu(user, resolver_match) -> list[dict]:
    current = resolver_match.url_name if resolver_match else ""
    sections = []
    for section in sorted(MENU.values(), key=lambda s: s.order):
        items = [
            {"label": e.label, "url": reverse(e.url_name), "icon": e.icon, "active": e.url_name == current}
            for e in sorted(section.entries, key=lambda e: e.order)
            if _visible(e, user)
        ]
        if items:
            sections.append({"title": section.title, "items": items})
    return sections
