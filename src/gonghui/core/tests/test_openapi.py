"""The OpenAPI document names each schema once: ninja files every schema under its class name, so two classes of
one name (proposals' and agreements' StatsOut) made one of them describe the other's answers (issue 11). And an
organisation has one shape in every answer."""

import re
import typing
from collections import defaultdict
from enum import Enum

from ninja import Schema
from pydantic import BaseModel

from gonghui.api import api


def _gonghui_schemas() -> list[type]:
    found, todo = [], [Schema]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.startswith("gonghui.") and ".tests" not in cls.__module__:
                found.append(cls)
    return found


def _named_in(annotation) -> list[type]:
    """The schemas and enums an annotation names, through list[…], X | None, Annotated[…] and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | Enum):
        return [annotation]
    return [named for arg in typing.get_args(annotation) for named in _named_in(arg)]


def _component_name(cls: type) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", cls.__name__)  # Page[OrgOut] → Page_OrgOut_, as pydantic names it


def test_every_schema_in_the_document_has_a_name_of_its_own():
    components = api.get_openapi_schema()["components"]["schemas"]
    classes, todo = set(), _gonghui_schemas()
    while todo:
        cls = todo.pop()
        if cls not in classes:
            classes.add(cls)
            if issubclass(cls, BaseModel):
                todo.extend(n for field in cls.model_fields.values() for n in _named_in(field.annotation))
    by_name = defaultdict(set)
    for cls in classes:
        by_name[_component_name(cls)].add(f"{cls.__module__}.{cls.__qualname__}")

    clashes = {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}

    assert set(components) <= set(by_name)  # the walk sees every component, so a clash cannot hide
    assert {name: paths for name, paths in clashes.items() if name in components} == {}


ORG_FIELDS = {"node", "union", "unit", "area", "org", "current_node", "parent"}
ORG_SHAPES = {"#/components/schemas/OrgRef", "#/components/schemas/OrgOut", "null"}  # OrgOut: the org itself
NOT_REFERENCES = {
    "AgreementStatsOut.unit",  # what the rates count: "enterprises" or "workers"
    # The union a person of an import file belongs to now: kept by name in the stored report, and often
    # outside the importer's reach, so there is no organisation of theirs to refer to.
    "TransferCaseOut.union",
}


def _refs(prop: dict) -> set[str]:
    options = prop.get("anyOf", [prop])
    return {option.get("$ref", option.get("type", "?")) for option in options}


def test_every_answer_names_an_organisation_the_same_way():
    """{"id", "name"} (core.api.OrgRef): not a bare id beside a name, nor a name alone (three shapes once)."""
    components = api.get_openapi_schema()["components"]["schemas"]
    answers = {name: schema for name, schema in components.items() if name.endswith("Out")}
    odd = {
        f"{name}.{field}": sorted(_refs(prop))
        for name, schema in answers.items()
        for field, prop in schema.get("properties", {}).items()
        if field in ORG_FIELDS and _refs(prop) - ORG_SHAPES and f"{name}.{field}" not in NOT_REFERENCES
    }
    split = [
        f"{name}.{field}"
        for name, schema in answers.items()
        for field in schema.get("properties", {})
        if re.fullmatch(r"(node|union|unit|area|org)_(id|name)", field)
    ]
    assert odd == {} and split == []


def test_every_request_body_refuses_unknown_fields():
    """core.api.Strict on every input schema: a misspelt or smuggled field (`status`, `union`) is a 422, never
    silently dropped (docs/reliability.md S6)."""
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    lenient = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                continue
            name = body["schema"].get("$ref", "").rsplit("/", 1)[-1]
            if components.get(name, {}).get("additionalProperties") is not False:
                lenient.append(f"{method.upper()} {path}: {name or body['schema']}")
    assert lenient == []
