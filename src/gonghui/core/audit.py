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


# --- Reading the log ------------------------------------------------------------------------------------


def user_name(value: Any) -> str:
    """A user named in an event by id or login, as the person's name (the login when the account has none)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    user = users.filter(pk=value).first() if isinstance(value, int) else users.filter(username=value).first()
    if user is None:
        return str(value)
    return user.get_full_name() or user.get_username()


def action_label(code: str) -> str:
    """The action in words, as its app declared it (core.registry.audit_labels); the code when none did."""
    from .registry import AUDIT_ACTIONS

    return str(AUDIT_ACTIONS.get(code, code))


def readable_changes(event) -> list[tuple[str, str]]:
    """An event's changes as (label, value) in Chinese: labels from the app's declarations or the model's
    field names, values from the field's choices or the declared words, yes/no for flags, "旧 → 新" for edits."""
    from .registry import AUDIT_FIELDS, AUDIT_PEOPLE

    model_field = _model_fields(event.object_type)
    # PostgreSQL's jsonb does not keep the order keys were written in: show them in the order the app declared
    # its labels, then the model's field order, so every database shows one order.
    declared, fields = list(AUDIT_FIELDS), list(model_field)
    changes = event.changes or {}

    def rank(key: str) -> tuple:
        label_key = f"{event.action}:{key}" if f"{event.action}:{key}" in AUDIT_FIELDS else key
        return (
            declared.index(label_key) if label_key in AUDIT_FIELDS else len(declared),
            fields.index(key) if key in model_field else len(fields),
            key,
        )

    rows = []
    for key in sorted(changes, key=rank):
        value = changes[key]
        person = AUDIT_PEOPLE.get(f"{event.action}:{key}") or AUDIT_PEOPLE.get(key)
        if person is not None:
            value = [person(item) for item in value] if isinstance(value, list) else person(value)
        field = model_field.get(key)
        label = AUDIT_FIELDS.get(f"{event.action}:{key}") or AUDIT_FIELDS.get(key)
        if label is None:
            label = field.verbose_name if field is not None else key
        choices = dict(field.flatchoices) if field is not None and field.choices else {}
        if (
            isinstance(value, list)
            and len(value) == 2
            and key in model_field
            and event.action.endswith("update")
        ):
            text = f"{_value(value[0], choices)} → {_value(value[1], choices)}"
        elif isinstance(value, list):
            text = "、".join(_value(item, choices) for item in value) or "—"
        else:
            text = _value(value, choices)
        rows.append((str(label), text))
    return rows


def _value(value: Any, choices: dict) -> str:
    from django.utils.translation import gettext as _

    from .registry import AUDIT_VALUES

    if value is None or value in ("", "None"):  # "None": an edit from or to empty, written as text
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, (str, int)) and value in choices:
        return str(choices[value])
    if isinstance(value, str) and value in AUDIT_VALUES:
        return str(AUDIT_VALUES[value])
    return str(value)


def _model_fields(object_type: str) -> dict:
    from django.apps import apps

    if not object_type:
        return {}
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return {}
    return {f.name: f for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
