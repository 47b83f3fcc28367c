"""What each app adds to the whole: menu entries, demo data, daily sweeps and work-desk items.

core and orgs show the menu, build the demo and queue the sweeps without naming any app above them. Each app
declares what it adds in its own `hooks.py`, which core's AppConfig imports for every installed app at start-up
(as Wagtail discovers `wagtail_hooks.py`). The other contributions are found by convention: capabilities in the
app's roles.py (core.roles.capability), pages in its urls.py and API routers in its api.py (gonghui.urls and
gonghui.api include them), permission-matrix entries in its tests/matrix.py.

Registration order is INSTALLED_APPS order, which runs downward (core, orgs, the ballot engine, the apps built
on it): demo builders and sweeps run in that order, so an app's demo can use the data of the apps below it.
"""

import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# --- Menu ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    icon: str  # a bootstrap-icons name
    # Who sees it: a capability the user holds somewhere, a test of the user, or None for everyone signed in.
    # A page the user cannot open is never linked.
    visible: str | Callable[[Any], bool] | None = None
    order: int = 50


@dataclass
class MenuSection:
    title: str = ""
    order: int = 50
    entries: list[MenuEntry] = field(default_factory=list)


MENU: dict[str, MenuSection] = {}


def menu_section(key: str, title: str, *, order: int) -> None:
    """A heading of the menu; sections show in `order`, each only when one of its entries shows."""
    section = MENU.setdefault(key, MenuSection())
    section.title, section.order = title, order


def menu_entry(
    section: str,
    label: str,
    url_name: str,
    icon: str,
    *,
    visible: str | Callable[[Any], bool] | None = None,
    order: int = 50,
) -> None:
    """An entry under a section (declared by this app or one below it), placed by `order` within it."""
    MENU.setdefault(section, MenuSection()).entries.append(MenuEntry(label, url_name, icon, visible, order))


# --- Demo data and daily sweeps -----------------------------------------------------------------------

# build(*, users: dict[username, User], landmarks: dict[key, Org], as_of: date, seed: int), run by
# `gonghui demo` inside its transaction once the area, its members and the demo logins exist.
DEMO_BUILDERS: list[Callable[..., None]] = []
# Tasks (django.tasks) that `gonghui daily` queues. Each must be idempotent within a day: `make run` queues
# them hourly and cron may run twice.
DAILY_TASKS: list[Any] = []


def demo_builder(build: Callable[..., None]) -> Callable[..., None]:
    DEMO_BUILDERS.append(build)
    return build


def daily_task(task):
    DAILY_TASKS.append(task)
    return task


# --- Work desk (工作台) ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeskItem:
    """One line of a user's work desk: something that needs them, and the page where they act on it."""

    title: str
    url: str
    due: date | None = None
    overdue: bool = False
    detail: str = ""
    count: int | None = None
    # Roughly what kind of thing it is, for grouping: "deadline", "vote", "review", "request", "task", "info".
    kind: str = "task"
    # What the date means, shown before it: "答复期限", "应于此日前召开", "投票截止", "续订期已于此日开始".
    due_label: str = ""


# provider(user) → the items it has for the user, read through the app's scoped selectors.
DESK_PROVIDERS: list[Callable[[Any], Iterable[DeskItem]]] = []


def desk_items(provider: Callable[[Any], Iterable[DeskItem]]) -> Callable[[Any], Iterable[DeskItem]]:
    DESK_PROVIDERS.append(provider)
    return provider


def desk_for(user) -> list[DeskItem]:
    """Everything every app has for the user today: overdue first, then the soonest due, undated last (in the
    order the apps gave them)."""
    if not user.is_authenticated:
        return []
    items = [item for provider in DESK_PROVIDERS for item in provider(user)]
    return sorted(items, key=lambda item: (not item.overdue, item.due is None, item.due or date.max))


# --- Plan progress (计划进度) -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressProvider:
    """A figure an app keeps that a plan item can link to, so its progress is counted, never typed in.

    `value(node, year, params)` counts the records of `node` in `year` (for a federation, its whole subtree) and
    returns a number, or None when there is nothing to measure (a rate over no enterprises). `params` is what the
    item chose among `choices(node, year)` (e.g. which AgreementTarget a rate is measured against); `target(params)`
    is the target such a linked record sets itself, so the item links to it instead of copying it."""

    key: str
    label: str
    unit: str
    value: Callable[..., Any]
    choices: Callable[..., list[tuple[str, str]]] | None = None
    target: Callable[[dict], Any] | None = None


PROGRESS_PROVIDERS: dict[str, ProgressProvider] = {}


def progress_provider(
    key: str,
    label: str,
    *,
    unit: str,
    value: Callable[..., Any],
    choices: Callable[..., list[tuple[str, str]]] | None = None,
    target: Callable[[dict], Any] | None = None,
) -> ProgressProvider:
    """Declare a figure plan items can link to (each app in its hooks.py); keys are "<app>.<what>"."""
    provider = ProgressProvider(key, label, unit, value, choices, target)
    PROGRESS_PROVIDERS[key] = provider
    return provider


# --- The member's own union (我的) ------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberSection:
    """A part of a member's home (我的): `items(user, member)` gives what it shows, read through the app's
    scoped selectors; `template` renders them (as `items`, with `section`). Shown only when it has items.
    Activities, aid and honours plug in here as they land."""

    key: str
    title: str
    items: Callable[[Any, Any], list]
    template: str
    order: int = 50


MEMBER_SECTIONS: list[MemberSection] = []
# The url name of the member's home, registered by the app that draws it: where a member who holds no staff
# role lands after signing in. None (no such app installed) leaves everyone on the work desk.
MEMBER_HOME: list[str] = []


def member_section(
    key: str,
    title: str,
    items: Callable[[Any, Any], list],
    *,
    template: str = "core/_member_section.html",
    order: int = 50,
) -> None:
    """Add a part to the member's home (my votes, my proposals, …), placed by `order`. `items` gives dicts with
    "title", "url" ("" for none: link only to a page the member can open), "detail", "when" (a date or None)
    and "urgent" (something waits for the member); the default template lists them, and the API returns them
    as they are."""
    if any(section.key == key for section in MEMBER_SECTIONS):
        raise ValueError(f"member section {key!r} registered twice")
    MEMBER_SECTIONS.append(MemberSection(key, title, items, template, order))


def member_home(url_name: str) -> None:
    MEMBER_HOME[:] = [url_name]


def member_sections_for(user, member) -> list[tuple[MemberSection, list]]:
    """The sections that have something for this member, in order, each with its items."""
    found = []
    for section in sorted(MEMBER_SECTIONS, key=lambda s: s.order):
        items = list(section.items(user, member))
        if items:
            found.append((section, items))
    return found


# --- Audit log labels ---------------------------------------------------------------------------------

# What the audit log shows for the codes the services write: an action ("member.import" → "导入名册"), a key of
# its changes ("filename" → "文件名", or "agreement.answer:decision" for one action's own), a value
# ("approve" → "同意"). Keys the owning model knows as a field need no entry: its verbose name is used.
AUDIT_ACTIONS: dict[str, str] = {}
AUDIT_FIELDS: dict[str, str] = {}
AUDIT_VALUES: dict[str, str] = {}
# Keys whose values name a person by an id or a login (a handler, the tellers, the cosigners): key → a function
# from one such value to the person's name.
AUDIT_PEOPLE: dict[str, Callable[[Any], str]] = {}


def audit_labels(
    *,
    actions: dict[str, str] | None = None,
    fields: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    people: dict[str, Callable[[Any], str]] | None = None,
) -> None:
    AUDIT_ACTIONS.update(actions or {})
    AUDIT_FIELDS.update(fields or {})
    AUDIT_VALUES.update(values or {})
    AUDIT_PEOPLE.update(people or {})


# --- Apps ---------------------------------------------------------------------------------------------


def gonghui_apps() -> list:
    """The installed Gonghui apps, in INSTALLED_APPS order (downward first: core, orgs, …)."""
    from django.apps import apps

    return [app for app in apps.get_app_configs() if app.name.startswith("gonghui.")]


def app_modules(submodule: str, *, busiest_first: bool = False) -> list:
    """Each Gonghui app's `submodule` (urls, api, tests.matrix), for the apps that have one.

    `busiest_first` puts first the apps whose AppConfig sets `urls_first = True` (the ballot engine: 800 votes a
    minute from phones), so that their pages and API operations resolve without walking a hundred other
    patterns (a sixth of a vote's CPU when they came last; docs/benchmarks.md, "Vote storm")."""
    ours = gonghui_apps()
    if busiest_first:
        ours.sort(key=lambda app: not getattr(app, "urls_first", False))
    found = []
    for app in ours:
        name = f"{app.name}.{submodule}"
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:  # a parent package (tests/) is missing
            spec = None
        if spec is not None:
            found.append(importlib.import_module(name))
    return found
