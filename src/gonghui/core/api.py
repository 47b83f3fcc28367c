"""What every API router shares: the two ways to sign in, the error body, the organisation reference, strict
request bodies, text and id types, pagination.

Errors always answer `{"code": ..., "message": ...}` with a Chinese message, whatever raised them: a service's
DomainError, a request that fails validation (422, naming the field), a refused sign-in or CSRF check.
"""

import re
from datetime import timedelta
from typing import Annotated, Any

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from pydantic import AfterValidator, ConfigDict, StringConstraints

from .errors import DomainError
from .models import ApiToken
from .services import hash_token

# last_used_at only has to tell a forgotten token from a live one; writing it on every call would turn each
# read into a write (and a lock on SQLite).
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


# --- Authentication -------------------------------------------------------------------------------------


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`, a token made on the API token page. Needs no CSRF token: a browser
    never attaches it by itself, so another site cannot forge the request."""

    def authenticate(self, request: HttpRequest, token: str):
        api_token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if api_token is None or not api_token.user.is_active:
            # A token that was presented but is wrong must not fall through to the session: it was meant.
            raise AuthenticationError()
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= TOKEN_TOUCH_INTERVAL:
            # Bookkeeping, not a user action: no service, no audit entry.
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token.user


class SignedInSession(SessionAuth):
    """The browser session, CSRF-checked on unsafe methods. Without a signed-in session it declines before the
    CSRF check, so an anonymous call hears "please sign in" (401), not a CSRF complaint."""

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


# Token first: a call carrying a token is judged by it alone, and never meets the session's CSRF check.
API_AUTH = [TokenAuth(), SignedInSession()]


# --- Errors ---------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    code: str
    message: str


class FieldErrorOut(Schema):
    field: str
    message: str


class ValidationErrorOut(ErrorOut):
    errors: list[FieldErrorOut]


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}

# The HttpErrors ninja raises by itself: a body it cannot parse, no valid credentials, a failed CSRF check.
_HTTP_ERRORS = {
    400: ("bad_request", gettext_lazy("请求无法解析：请求体应为 JSON（上传文件时为 multipart 表单）。")),
    401: ("unauthorized", gettext_lazy("请先登录，或在 Authorization 头中提供有效的 API 令牌（Bearer）。")),
    403: (
        "csrf_failed",
        gettext_lazy(
            "CSRF 校验失败：以登录会话调用修改类接口时，请在 X-CSRFToken 头中带上 csrftoken Cookie 的值；"
            "程序调用请改用 API 令牌。"
        ),
    ),
}

_PROBLEMS = {
    "missing": gettext_lazy("必填，请提供。"),
    "string_type": gettext_lazy("应为文本。"),
    "int_type": gettext_lazy("应为整数。"),
    "int_parsing": gettext_lazy("应为整数。"),
    "int_from_float": gettext_lazy("应为整数。"),
    "bool_type": gettext_lazy("应为 true 或 false。"),
    "bool_parsing": gettext_lazy("应为 true 或 false。"),
    "date_type": gettext_lazy("应为日期，格式 YYYY-MM-DD，例如 1985-03-12。"),
    "date_parsing": gettext_lazy("应为日期，格式 YYYY-MM-DD，例如 1985-03-12。"),
    "date_from_datetime_parsing": gettext_lazy("应为日期，格式 YYYY-MM-DD，例如 1985-03-12。"),
    "date_from_datetime_inexact": gettext_lazy("应为日期，不带时间，例如 1985-03-12。"),
    "string_too_long": gettext_lazy("不能超过 %(max_length)s 个字符。"),
    "string_too_short": gettext_lazy("不能为空。"),
    "greater_than_equal": gettext_lazy("不能小于 %(ge)s。"),
    "less_than_equal": gettext_lazy("不能大于 %(le)s。"),
    "enum": gettext_lazy("取值无效，可选：%(expected)s。"),
    "literal_error": gettext_lazy("取值无效，可选：%(expected)s。"),
    "extra_forbidden": gettext_lazy("不是可以提交的字段：可能拼错了，或此项不能通过接口修改。"),
    "model_type": gettext_lazy("应为 JSON 对象。"),
    "model_attributes_type": gettext_lazy("应为 JSON 对象。"),
    "dict_type": gettext_lazy("应为 JSON 对象。"),
    "list_type": gettext_lazy("应为列表。"),
}

# Where a value came from, as ninja reports it; the body's own parameter name means nothing to the caller.
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}


def _error(api: NinjaAPI, request, status: int, code: str, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


def _field_name(loc: tuple, body_params: set[str]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        if source == "body" and parts and parts[0] in body_params:
            parts.pop(0)
    return ".".join(parts) or _("请求体")


def _problem(error: dict) -> str:
    if error["type"] == "value_error":  # our own validators already speak Chinese
        return str(error.get("ctx", {}).get("error", "")) or _("取值无效。")
    template = _PROBLEMS.get(error["type"])
    if template is None:
        return _("取值无效。")
    ctx = dict(error.get("ctx", {}))
    if "expected" in ctx:  # pydantic lists choices as "'M' or 'F'"
        ctx["expected"] = re.sub(r", | or ", "、", str(ctx["expected"]))
    return str(template) % ctx


def validation_errors(exc: ValidationError, body_params: set[str]) -> list[dict]:
    return [{"field": _field_name(tuple(e["loc"]), body_params), "message": _problem(e)} for e in exc.errors]


def install_error_handlers(api: NinjaAPI, *, body_params: set[str]) -> None:
    """Route every expected failure into the one error body. `body_params`: the names the routers give their
    body parameters, left out of field names ("name", not "payload.name")."""

    def domain_error(request, exc: DomainError):
        return _error(api, request, exc.status, exc.code, str(exc.message))

    def invalid(request, exc: ValidationError):
        errors = validation_errors(exc, body_params)
        message = "；".join(f"{e['field']}：{e['message']}" for e in errors)
        return _error(api, request, 422, "invalid", message, errors=errors)

    def http_error(request, exc: HttpError):
        code, message = _HTTP_ERRORS.get(exc.status_code, ("error", exc.message))
        response = _error(api, request, exc.status_code, code, str(message))
        if exc.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def integrity_error(request, exc: IntegrityError):
        # Services check uniqueness first; this is the race where two requests pass the check together.
        return _error(
            api, request, 409, "conflict", _("与已有记录冲突，可能刚被他人修改或登记，请刷新后重试。")
        )

    api.add_exception_handler(DomainError, domain_error)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(IntegrityError, integrity_error)
    # Django answers this 400 itself, but ninja catches every exception before Django's handler sees it.
    api.add_exception_handler(
        MultiPartParserError, lambda request, exc: http_error(request, HttpError(400, ""))
    )


# --- Shapes every app shares ----------------------------------------------------------------------------


class OrgRef(Schema):
    """An organisation (a node of the union tree) wherever a response names one: its id and its name. Built
    from an Org, or from a dict with those two keys."""

    id: int
    name: str


class Strict(Schema):
    """A request body that refuses fields it does not know (422), so a misspelt field is not silently
    ignored."""

    model_config = ConfigDict(extra="forbid")


# --- Input types ----------------------------------------------------------------------------------------


def _storable(value: str) -> str:
    """Text PostgreSQL can store: it refuses NUL, and UTF-8 cannot encode lone surrogates (which a JSON
    "\\ud800" escape produces). Either would otherwise surface as a 500."""
    if "\x00" in value:
        raise ValueError(_("含有不可见的空字符（NUL），请删除后重试。"))
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise ValueError(_("含有无效的字符编码，请检查后重试。"))
    return value


def text(max_length: int, min_length: int = 0) -> Any:
    """Trimmed text, at most as long as its database column (SQLite would store what PostgreSQL refuses);
    trimmed before the length checks, so "   " is empty."""
    limits = StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)
    return Annotated[str, limits, AfterValidator(_storable)]


# An id must fit a bigint column; larger numbers would reach the database as an error instead of "not found".
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


# --- Pagination -----------------------------------------------------------------------------------------


class PageParams(Schema):
    page: int = Field(1, ge=1, le=10**6)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class Page[T](Schema):
    count: int
    next: str | None
    results: list[T]


def paginate(request: HttpRequest, queryset, params: PageParams) -> dict:
    """One page and the total; `next` is the full URL of the following page, or null on the last one."""
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    results = list(queryset[start : start + params.page_size])
    next_url = None
    if start + params.page_size < count:
        query = request.GET.copy()
        query["page"] = str(params.page + 1)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"count": count, "next": next_url, "results": results}
