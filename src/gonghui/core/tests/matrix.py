"""Vocabulary for permission-matrix entries (tests/test_permission_matrix.py), and the kernel's own entries.

Each app with pages or API operations contributes a `gonghui.<app>.tests.matrix` module, found by the generic
test for every installed app (core.registry.app_modules), with:
  MATRIX        url name → (method, kwargs builder (objects, side) → dict or None, expected status per role)
  API_MATRIX    api url name → (method, kwargs builder, body builder, expected status per role)
  POST_DATA     url name → body builder, where an empty POST would not reach the permission check
  BUSINESS_MODELS  models a GET crawl must never change
  objects(tree, side, base) → dict of extra objects for side "a" (union_a) or "b" (union_b); `base` holds the
                 tree's (union, area, enterprise, member, chair) and those of the apps before it in INSTALLED_APPS
                 order: core's token; orgs' transfer, batch and assignment.
Expected statuses are for the objects of side "a"; the same request for side "b" must answer 404 to union A's
people and to town A's cadre.
"""

from gonghui.core.models import ApiToken

ROLES = ["anon", "member", "chair_a", "staff_a", "auditor_a", "cadre_a", "chair_b", "cadre_b", "superuser"]
OK, FOUND, NOT_FOUND, NOT_ALLOWED = 200, 302, 404, 405
UNAUTHORIZED, FORBIDDEN, CONFLICT = 401, 403, 409

ROSTER_KEEPERS = ("chair_a", "staff_a")
A_READERS = ("chair_a", "staff_a", "cadre_a")


def _all(status, **overrides):
    """Same outcome for every signed-in role, anonymous users go to the login page."""
    return {"anon": FOUND, **dict.fromkeys(ROLES[1:], status), **overrides}


def _only(status, *roles, **overrides):
    """`status` for the named roles and the superuser, 404 for the other signed-in roles."""
    return {**_all(NOT_FOUND), **dict.fromkeys([*roles, "superuser"], status), **overrides}


def _api(status, **overrides):
    """The API answers 401 to anonymous callers instead of redirecting to the login page."""
    return {**_all(status), "anon": UNAUTHORIZED, **overrides}


def _api_only(status, *roles, **overrides):
    return {**_only(status, *roles), "anon": UNAUTHORIZED, **overrides}


# --- The kernel's own pages: signing in, the rule catalogue, the calendar, API tokens -------------------

MATRIX = {
    "login": ("GET", None, {**_all(FOUND), "anon": OK}),
    "logout": ("POST", None, {**_all(FOUND)}),
    "rule_list": ("GET", None, _all(OK)),
    "calendar": ("GET", None, _all(OK)),
    "token_list": ("GET", None, _all(OK)),
    "token_revoke": (
        "POST",
        lambda o, s: {"pk": o[s]["token"].pk},
        _only(FOUND, "chair_a", superuser=NOT_FOUND),
    ),
}

API_MATRIX = {
    "api-root": ("GET", None, None, _api(NOT_FOUND, anon=NOT_FOUND)),
    "openapi-json": ("GET", None, None, _api(OK, anon=OK)),
    "openapi-view": ("GET", None, None, _api(OK, anon=OK)),
}

BUSINESS_MODELS = [ApiToken]


def objects(tree, side, base):
    from gonghui.core.services import token_create

    token, _ = token_create(actor=base["chair"], name="同步")
    return {"token": token}
