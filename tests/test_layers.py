"""Apps depend downward only (docs/decisions.md, "Apps register themselves"): an app may name the apps listed
before it in INSTALLED_APPS (core, orgs, notices, the ballot engine, the apps built on it), never one after it.
core and orgs, which every app builds on, therefore name none of the others: a new app adds itself through
core.registry and touches no file of theirs."""

import ast
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver

from gonghui.core.registry import app_modules, gonghui_apps

APPS = [app.name.removeprefix("gonghui.") for app in gonghui_apps()]
ROOT = Path(__file__).resolve().parent.parent / "src" / "gonghui"
URL_NAME = re.compile(r"""(?:\{% url|reverse\(|redirect\(|reverse_lazy\()\s*["']([\w:-]+)["']""")


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*")):
        if path.suffix in {".py", ".html"} and not {"tests", "migrations"} & set(path.parts):
            yield path


def _named_apps(path: Path) -> set[str]:
    """The Gonghui apps a Python file imports or names in a dotted string (import_string, task paths)."""
    text = path.read_text()
    named = set(re.findall(r"gonghui\.(\w+)", text))
    if path.suffix == ".py":
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                named |= set(re.findall(r"^gonghui\.(\w+)", node.module))
    return named & set(APPS)


def _url_owners() -> dict[str, str]:
    owners = {}

    def walk(patterns, app):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, app)
            elif isinstance(entry, URLPattern) and entry.name:
                owners.setdefault(entry.name, app)

    for module in app_modules("urls"):
        walk(module.urlpatterns, module.__name__.split(".")[1])
    return owners


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    higher = set(APPS[APPS.index(app) + 1 :])
    offenders = {
        str(path.relative_to(ROOT)): sorted(_named_apps(path) & higher)
        for path in _sources(app)
        if _named_apps(path) & higher
    }
    assert offenders == {}


@pytest.mark.parametrize("app", APPS)
def test_an_app_links_only_to_pages_of_the_apps_below_it(app):
    owners = _url_owners()
    higher = set(APPS[APPS.index(app) + 1 :])
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in _sources(app)
        for name in URL_NAME.findall(path.read_text())
        if owners.get(name) in higher
    }
    assert offenders == set()


def test_the_kernel_is_listed_first():
    assert APPS[:2] == ["core", "orgs"]
