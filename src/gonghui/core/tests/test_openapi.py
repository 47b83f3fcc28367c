"""The OpenAPI document names each schema once: ninja files every schema under its class name, so two classes of
one name (proposals' and agreements' StatsOut) made one of them describe the other's answers (issue 11)."""

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
