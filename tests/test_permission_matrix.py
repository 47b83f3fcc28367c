"""Every URL × every role × an in-scope and an out-of-scope object (RELIABILITY.md S1, S2, S5, S7, S8, S14).

The URL list comes from the resolver: a new endpoint without an entry in MATRIX fails the build.
Expected outcome per role is for the object in union A (chair_a's union); the object in union B must answer 404 to
everyone below the district except union B's own people.
"""

import importlib
import importlib.util
import io
import json
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.core.models import ApiToken, AuditEvent
from gonghui.core.tests.clock import pinned
from gonghui.core.tests.matrix import (
    A_READERS,
    FORBIDDEN,
    FOUND,
    NOT_FOUND,
    OK,
    ROLES,
    ROSTER_KEEPERS,
    _all,
    _api,
    _api_only,
    _only,
)
from gonghui.core.uscc import make_credit_code
from gonghui.orgs.models import (
    Enterprise,
    ImportBatch,
    ImportStatus,
    Member,
    MembershipTransfer,
    Org,
    RoleAssignment,
)
from gonghui.orgs.tests.factories import make_id_number, org_child

# The apps' objects carry written-out dates (journey.start(), terms, meetings): run on the day they fit.
pytestmark = [pytest.mark.django_db, pinned]

APPS_WITH_MATRIX = ("notices", "voting", "congress", "proposals", "agreements")
APP_MATRICES = [
    importlib.import_module(f"gonghui.{app}.tests.matrix")
    for app in APPS_WITH_MATRIX
    if importlib.util.find_spec(f"gonghui.{app}.tests.matrix")
]

# url name → (method, kwargs builder taking (objects, side "a"/"b"), expected status per role for side "a")
MATRIX = {
    "login": ("GET", None, {**_all(FOUND), "anon": OK}),
    "logout": ("POST", None, {**_all(FOUND)}),
    "home": ("GET", None, _all(OK, member=FOUND)),
    "me": ("GET", None, _all(OK)),
    "switch_node": ("POST", None, _all(FOUND, chair_b=NOT_FOUND, cadre_b=NOT_FOUND)),
    "org_list": ("GET", None, _all(OK, member=NOT_FOUND)),
    "org_overview": (
        "GET",
        lambda o, s: {"pk": o[s]["union"].pk},
        _only(OK, "chair_a", "staff_a", "auditor_a", "cadre_a"),
    ),
    "org_create": ("GET", lambda o, s: {"parent_pk": o[s]["union"].pk}, _only(OK, "chair_a", "cadre_a")),
    "org_edit": ("GET", lambda o, s: {"pk": o[s]["union"].pk}, _only(OK, "chair_a", "cadre_a")),
    "enterprise_list": ("GET", None, _all(OK, member=NOT_FOUND)),
    "enterprise_create": ("GET", None, _only(OK, "chair_a", "cadre_a", "chair_b", "cadre_b")),
    "enterprise_edit": ("GET", lambda o, s: {"pk": o[s]["enterprise"].pk}, _only(OK, "chair_a", "cadre_a")),
    "member_list": ("GET", None, _all(OK, member=NOT_FOUND, auditor_a=NOT_FOUND)),
    "member_create": ("GET", None, _only(OK, "chair_a", "staff_a", "chair_b", superuser=NOT_FOUND)),
    "member_export": ("GET", None, _all(OK, member=NOT_FOUND, auditor_a=NOT_FOUND)),
    "member_template": ("GET", None, _only(OK, "chair_a", "staff_a", "chair_b")),
    "member_detail": ("GET", lambda o, s: {"pk": o[s]["member"].pk}, _only(OK, *A_READERS)),
    "member_edit": ("GET", lambda o, s: {"pk": o[s]["member"].pk}, _only(OK, *ROSTER_KEEPERS)),
    "member_reveal": (
        "POST",
        lambda o, s: {"pk": o[s]["member"].pk, "field": "id_number"},
        _only(OK, *ROSTER_KEEPERS),
    ),
    "transfer_create": ("GET", lambda o, s: {"member_pk": o[s]["member"].pk}, _only(OK, *A_READERS)),
    "transfer_list": ("GET", None, _all(OK, member=NOT_FOUND, auditor_a=NOT_FOUND)),
    "transfer_decide": (
        "POST",
        lambda o, s: {"pk": o[s]["transfer"].pk, "decision": "cancel"},
        _only(FOUND, *A_READERS),
    ),
    "import_list": ("GET", None, _only(OK, "chair_a", "staff_a", "chair_b")),
    "import_detail": ("GET", lambda o, s: {"pk": o[s]["batch"].pk}, _only(OK, *ROSTER_KEEPERS)),
    "import_commit": ("POST", lambda o, s: {"pk": o[s]["batch"].pk}, _only(FOUND, *ROSTER_KEEPERS)),
    "role_list": ("GET", None, _only(OK, "chair_a", "cadre_a", "chair_b", "cadre_b")),
    "role_revoke": ("POST", lambda o, s: {"pk": o[s]["assignment"].pk}, _only(FOUND, "chair_a", "cadre_a")),
    "audit_list": ("GET", None, _only(OK, "chair_a", "auditor_a", "cadre_a", "chair_b", "cadre_b")),
    "rule_list": ("GET", None, _all(OK)),
    "calendar": ("GET", None, _all(OK)),
    "token_list": ("GET", None, _all(OK)),
    "token_revoke": (
        "POST",
        lambda o, s: {"pk": o[s]["token"].pk},
        _only(FOUND, "chair_a", superuser=NOT_FOUND),
    ),
}


def _new_enterprise(o, s):
    return {
        "name": "新登记企业",
        "credit_code": make_credit_code(990_001),
        "industry": "C",
        "ownership": "private",
        "worker_count": 10,
        "women_worker_count": 2,
        "area_id": o[s]["area"].pk,
    }


def _new_member(o, s):
    return {
        "union_id": o[s]["union"].pk,
        "name": "新会员",
        "id_number": make_id_number(date(1992, 3, 4), 401),
    }


def _roster_file(o, s):
    csv = f"姓名,身份证号\n赵新,{make_id_number(date(1993, 5, 6), 402)}\n".encode()
    return {
        "file": SimpleUploadedFile("roster.csv", csv, "text/csv"),
        "union_id": o[s]["union"].pk,
        "commit": "false",
    }


# Roles that can read an object but not change it get 403 (its existence is no secret to them); 404 otherwise.
# API operations: url name → (method, kwargs builder, body builder, expected per role for side "a").
API_MATRIX = {
    "api-root": ("GET", None, None, _api(NOT_FOUND, anon=NOT_FOUND)),
    "openapi-json": ("GET", None, None, _api(OK, anon=OK)),
    "openapi-view": ("GET", None, None, _api(OK, anon=OK)),
    "me": ("GET", None, None, _api(OK)),
    "org_list": ("GET", None, None, _api(OK)),
    "org_detail": (
        "GET",
        lambda o, s: {"org_id": o[s]["union"].pk},
        None,
        _api_only(OK, "chair_a", "staff_a", "auditor_a", "cadre_a"),
    ),
    "org_overview": (
        "GET",
        lambda o, s: {"org_id": o[s]["union"].pk},
        None,
        _api_only(OK, "chair_a", "staff_a", "auditor_a", "cadre_a"),
    ),
    "enterprise_list": ("GET", None, None, _api(OK, member=NOT_FOUND)),
    "enterprise_create": (
        "POST",
        None,
        _new_enterprise,
        _api_only(201, "cadre_a"),
    ),
    "enterprise_detail": (
        "GET",
        lambda o, s: {"enterprise_id": o[s]["enterprise"].pk},
        None,
        _api_only(OK, "chair_a", "staff_a", "auditor_a", "cadre_a"),
    ),
    "enterprise_update": (
        "PATCH",
        lambda o, s: {"enterprise_id": o[s]["enterprise"].pk},
        lambda o, s: {"worker_count": 150},
        _api_only(OK, "chair_a", "cadre_a", staff_a=FORBIDDEN, auditor_a=FORBIDDEN),
    ),
    "member_list": ("GET", None, None, _api(OK, member=NOT_FOUND, auditor_a=NOT_FOUND)),
    "member_create": ("POST", None, _new_member, _api_only(201, *ROSTER_KEEPERS, cadre_a=FORBIDDEN)),
    "member_export": ("GET", None, None, _api(OK, member=NOT_FOUND, auditor_a=NOT_FOUND)),
    "member_detail": ("GET", lambda o, s: {"member_id": o[s]["member"].pk}, None, _api_only(OK, *A_READERS)),
    "member_update": (
        "PATCH",
        lambda o, s: {"member_id": o[s]["member"].pk},
        lambda o, s: {"department": "新部门"},
        _api_only(OK, *ROSTER_KEEPERS, cadre_a=FORBIDDEN),
    ),
    "import_roster": ("MULTIPART", None, _roster_file, _api_only(OK, *ROSTER_KEEPERS, cadre_a=FORBIDDEN)),
}

# POST bodies where an empty one would not exercise the permission check.
POST_DATA = {"switch_node": lambda o, s: {"node": o[s]["union"].pk}}

BUSINESS_MODELS = [Org, Enterprise, Member, MembershipTransfer, RoleAssignment, ImportBatch, ApiToken]

for _module in APP_MATRICES:
    MATRIX.update(_module.MATRIX)
    API_MATRIX.update(_module.API_MATRIX)
    POST_DATA.update(getattr(_module, "POST_DATA", {}))
    BUSINESS_MODELS.extend(getattr(_module, "BUSINESS_MODELS", []))


def _patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry, prefix + str(entry.pattern)


def _names(api: bool) -> set[str]:
    return {p.name for p, route in _patterns() if route.startswith("api/") == api}


@pytest.fixture
def objects(tree):
    from gonghui.core.services import token_create
    from gonghui.orgs import services

    union_b2 = org_child(tree.town_b, "乙纺织厂工会")

    def side(union, enterprise, member, chair):
        target = tree.union_a2 if union == tree.union_a else union_b2
        transfer = services.transfer_request(actor=chair, member=member, to_union=target)
        batch = ImportBatch.objects.create(
            union=union,
            uploaded_by=chair,
            filename="x.xlsx",
            sha256="0" * 64,
            file="imports/x.xlsx",
            status=ImportStatus.INVALID,
        )
        staff_role = RoleAssignment.objects.create(user=tree.nobody, node=union, role="union_staff")
        token, _ = token_create(actor=chair, name="同步")
        base = {
            "union": union,
            "area": union.ancestor_list()[-1],
            "enterprise": enterprise,
            "member": member,
            "transfer": transfer,
            "batch": batch,
            "assignment": staff_role,
            "token": token,
            "chair": chair,
        }
        for module in APP_MATRICES:
            base.update(module.objects(tree, "a" if union == tree.union_a else "b", base))
        return base

    return {
        "a": side(tree.union_a, tree.ent_a, tree.members_a[1], tree.chair_a),
        "b": side(tree.union_b, tree.ent_b, tree.members_b[1], tree.chair_b),
    }


def _client(tree, role, **kwargs) -> Client:
    client = Client(**kwargs)
    users = {"member": tree.member_user, "auditor_a": tree.auditor_a}
    if role != "anon":
        client.force_login(users.get(role) or getattr(tree, role))
    return client


def _request(client, method, url, data=None):
    return client.post(url, data or {}) if method == "POST" else client.get(url)


def _data(name, objects, side):
    return POST_DATA[name](objects, side) if name in POST_DATA else None


def test_every_page_and_api_operation_has_a_matrix_entry():
    missing = (_names(api=False) - set(MATRIX)) | {f"api:{n}" for n in _names(api=True) - set(API_MATRIX)}
    assert not missing, f"URLs without a permission-matrix entry: {sorted(missing)}"


def test_no_url_pattern_can_carry_an_id_number_or_phone():
    for _pattern, route in _patterns():
        assert "id_number" not in route and "phone" not in route, route


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(tree, objects, name, role):
    method, kwargs, expected = MATRIX[name]
    client = _client(tree, role)
    url = reverse(name, kwargs=kwargs(objects, "a") if kwargs else None)
    response = _request(client, method, url, _data(name, objects, "a"))
    assert response.status_code == expected[role], f"{role} {method} {url}"
    if role in ("member", "auditor_a", "cadre_a", "cadre_b") and response.status_code == OK:
        _assert_no_full_pii(response, tree)
    if role == "superuser" and "text/html" in response.get("Content-Type", ""):
        _assert_no_english_from_django(response)


def _assert_no_english_from_django(response):
    """Django's own texts on our pages come through its zh_Hans catalog, or ours where it has none."""
    text = response.content.decode()
    for english in ("Select an option", "This field is required", "Enter a valid"):
        assert english not in text, f"untranslated Django text: {english}"


def _api_call(client, method, url, body):
    if method == "GET":
        return client.get(url)
    if method == "MULTIPART":
        return client.post(url, body)
    return client.generic(method, url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("name", sorted(API_MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(tree, objects, name, role):
    method, kwargs, body, expected = API_MATRIX[name]
    url = reverse(f"api:{name}", kwargs=kwargs(objects, "a") if kwargs else None)
    response = _api_call(_client(tree, role), method, url, body(objects, "a") if body else None)
    assert response.status_code == expected[role], f"{role} {method} {url}: {response.content[:300]!r}"
    if role in ("member", "auditor_a", "cadre_a", "cadre_b") and response.status_code == OK:
        _assert_no_full_pii(response, tree)


@pytest.mark.parametrize("name", sorted(n for n, (_m, kwargs, _b, _e) in API_MATRIX.items() if kwargs))
@pytest.mark.parametrize("role", ["member", "chair_a", "staff_a", "auditor_a", "cadre_a"])
def test_api_out_of_scope_object_is_not_found(tree, objects, name, role):
    method, kwargs, body, _expected = API_MATRIX[name]
    url = reverse(f"api:{name}", kwargs=kwargs(objects, "b"))
    response = _api_call(_client(tree, role), method, url, body(objects, "b") if body else None)
    assert response.status_code == NOT_FOUND


@pytest.mark.parametrize("name", sorted(n for n, (_m, kwargs, _e) in MATRIX.items() if kwargs))
@pytest.mark.parametrize("role", ["member", "chair_a", "staff_a", "auditor_a", "cadre_a"])
def test_out_of_scope_object_is_not_found(tree, objects, name, role):
    method, kwargs, _expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs(objects, "b"))
    response = _request(_client(tree, role), method, url, _data(name, objects, "b"))
    assert response.status_code == NOT_FOUND


@pytest.mark.parametrize("name", sorted(n for n, (m, _k, _e) in MATRIX.items() if m == "POST"))
def test_posts_without_csrf_token_are_refused(tree, objects, name):
    _method, kwargs, _expected = MATRIX[name]
    client = _client(tree, "superuser", enforce_csrf_checks=True)
    response = client.post(reverse(name, kwargs=kwargs(objects, "a") if kwargs else None))
    assert response.status_code == 403


def test_get_crawl_changes_no_business_rows(tree, objects):
    def snapshot():
        return {m.__name__: sorted(map(str, m.objects.values_list())) for m in BUSINESS_MODELS}

    before = snapshot()
    client = _client(tree, "superuser")
    for name, (method, kwargs, _expected) in MATRIX.items():
        if method == "GET":
            client.get(reverse(name, kwargs=kwargs(objects, "a") if kwargs else None))
    after = snapshot()
    assert {k: v for k, v in after.items() if v != before[k]} == {}


def _assert_no_full_pii(response, tree):
    """S5: no member's full ID number or phone in any page, JSON body or spreadsheet a role without
    view_full_pii receives (the member's own record excepted). Office files (.xlsx, .docx) are zips of XML."""
    content_type = response.get("Content-Type", "")
    if "openxmlformats" in content_type:
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            text = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    else:
        text = response.content.decode()
    others = Member.objects.exclude(user=tree.member_user)
    for id_number, phone in others.values_list("id_number", "phone"):
        assert id_number not in text, "a full ID number reached a role without view_full_pii"
        assert not phone or phone not in text, "a full phone number reached a role without view_full_pii"


def test_reveal_is_audited(tree, objects):
    client = _client(tree, "chair_a")
    member = objects["a"]["member"]
    response = client.post(reverse("member_reveal", kwargs={"pk": member.pk, "field": "id_number"}))
    assert member.id_number in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="member.reveal_pii", object_id=str(member.pk)).count() == 1


XSS = '<script>alert("xss")</script>'


def test_stored_markup_is_escaped_on_every_page(tree, objects):
    """S9: text typed by users (names, departments, reasons) never comes back as live markup."""
    Member.objects.filter(pk=objects["a"]["member"].pk).update(name=XSS, department=XSS)
    Enterprise.objects.filter(pk=objects["a"]["enterprise"].pk).update(name=XSS)
    MembershipTransfer.objects.filter(pk=objects["a"]["transfer"].pk).update(reason=XSS)
    Org.objects.filter(pk=tree.branch_a.pk).update(name=XSS)
    for role in ("chair_a", "cadre_a", "superuser"):
        client = _client(tree, role)
        for name, (method, kwargs, _expected) in MATRIX.items():
            if method == "GET":
                response = client.get(reverse(name, kwargs=kwargs(objects, "a") if kwargs else None))
                assert XSS not in response.content.decode(errors="replace"), f"{role} {name}"


def test_templates_and_code_never_mark_user_data_safe():
    """The only markup built in Python goes through format_html, which escapes its arguments."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "src" / "gonghui"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.suffix in {".py", ".html"}
        and "tests" not in path.parts
        and any(marker in path.read_text() for marker in ("mark_safe", "|safe", "{% autoescape off"))
    ]
    assert offenders == []
