"""Every URL × every role × an in-scope and an out-of-scope object (docs/reliability.md S1, S2, S5, S7, S8, S14).

The URL list comes from the resolver: a new endpoint without an entry in MATRIX fails the build.
Expected outcome per role is for the object in union A (chair_a's union); the object in union B must answer 404 to
everyone below the district except union B's own people.
"""

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.core.models import AuditEvent
from gonghui.core.registry import app_modules
from gonghui.core.tests.clock import pinned
from gonghui.core.tests.matrix import (
    NOT_FOUND,
    OK,
    ROLES,
)
from gonghui.orgs.models import (
    Enterprise,
    Member,
    MembershipTransfer,
    Org,
)

# The apps' objects carry written-out dates (factories.start(), terms, meetings): run on the day they fit.
pytestmark = [pytest.mark.django_db, pinned]

# Every installed app's entries, the kernel's first (core.registry.app_modules).
APP_MATRICES = app_modules("tests.matrix")
MATRIX, API_MATRIX, POST_DATA, BUSINESS_MODELS = {}, {}, {}, []
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
    def side(name, union, enterprise, member, chair):
        base = {
            "union": union,
            "area": union.ancestor_list()[-1],
            "enterprise": enterprise,
            "member": member,
            "chair": chair,
        }
        for module in APP_MATRICES:
            base.update(module.objects(tree, name, base))
        return base

    return {
        "a": side("a", tree.union_a, tree.ent_a, tree.members_a[1], tree.chair_a),
        "b": side("b", tree.union_b, tree.ent_b, tree.members_b[1], tree.chair_b),
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
