"""Checks shared by every app's services."""

from django.utils.translation import gettext as _

from .errors import PermissionDenied


def require(condition: bool, message: str = "") -> None:
    if not condition:
        raise PermissionDenied(message or _("您没有执行此操作的权限。"))
