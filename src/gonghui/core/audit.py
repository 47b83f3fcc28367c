"""The audit log: one call per service write, carrying who, what, which object and what changed."""

import contextvars
from typing import Any

from django.db import models

from .models import AuditEvent

# Set by RequestContextMiddleware, so services record the client address without taking a request argument.
client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)


def audit(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    scope_path: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_name=actor.get_username() if is_user else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        scope_path=scope_path,
        ip=client_ip.get(),
        changes=changes or {},
    )


def diff(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict[str, list]:
    """{field: [old, new]} for the fields that changed, as strings (JSON-safe and readable)."""
    changed = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            changed[name] = [_plain(old), _plain(new)]
    return changed


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
