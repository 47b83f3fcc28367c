"""The one error type services raise for expected failures; views turn it into a message or a 4xx body."""

from django.utils.translation import gettext as _


class DomainError(Exception):
    """An expected failure with a Chinese message for the user and a short machine code."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, message: str = "", *, code: str = "forbidden") -> None:
        super().__init__(message or _("您没有执行此操作的权限。"), code=code)


class NotFound(DomainError):
    """Out-of-scope objects are reported as missing, so their existence is not revealed."""

    status = 404

    def __init__(self, message: str = "", *, code: str = "not_found") -> None:
        super().__init__(message or _("找不到该记录，或您无权查看。"), code=code)


class Conflict(DomainError):
    status = 409

    def __init__(self, message: str, *, code: str = "conflict") -> None:
        super().__init__(message, code=code)
