import re
import sys
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .calendar import add_days, explain, known_years, rule_deadline, special_days
from .documents import DOCX_CONTENT_TYPE
from .errors import DomainError, NotFound
from .forms import CalendarYearForm, DeadlineForm, TokenForm
from .rules import all_rules
from .services import calendar_year_add, token_create, token_delete
from .spreadsheets import XLSX_CONTENT_TYPE

# A database that is down or restarting is a temporary condition: clients (and the congress voting page)
# should retry, so it answers 503 with Retry-After instead of a 500 (docs/reliability.md R4).
DB_RETRY_AFTER_SECONDS = 5


# What every app's pages do around a service call. A service refuses with a DomainError carrying the Chinese
# message the user should read: on a form page it shows above the form, after a POST button as a message.


def get_or_404(selector: Callable[..., Any], **kwargs):
    """A scoped selector's answer, or 404 when it raises NotFound (missing, or not the user's to see)."""
    try:
        return selector(**kwargs)
    except NotFound as exc:
        raise Http404 from exc


_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


def download_name(*parts: str, day: date | None = None, suffix: str) -> str:
    """A download's file name a person can file: who and what it is about and the day, in Chinese
    (明湖工会-第三届职代会第一次会议-签到表-2026-12-03.xlsx; issue 12: every session's was attendance.xlsx).
    `day` defaults to today; characters Windows refuses in a file name become "_"."""
    day = day or timezone.localdate()
    words = [_UNSAFE_IN_FILENAME.sub("_", str(part).strip()) for part in parts if str(part).strip()]
    return "-".join([*words, day.isoformat()]) + suffix


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file as a download named `filename`, which may be Chinese (RFC 6266 filename*)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An .xlsx file (core.spreadsheets.write_xlsx) as a download named `filename` (see `download_name`)."""
    return file_response(content, filename, XLSX_CONTENT_TYPE)


def docx_response(content: bytes, filename: str) -> HttpResponse:
    """A Word file (core.documents.document_bytes) as a download named `filename` (see `download_name`)."""
    return file_response(content, filename, DOCX_CONTENT_TYPE)


def save_form(request, form, action: Callable[..., Any], success: str | Callable[[Any], str] = ""):
    """A form page's POST: when the form is valid, run `action(**form.cleaned_data)`, show `success` and
    return what the action saved, for the redirect. A refusal becomes an error at the top of the form; then,
    as for a GET or an invalid form, the answer is None: render the form again.

    `success` is the message, or a function of what was saved that makes it; "" shows none."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = action(**form.cleaned_data)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None
    if success:
        messages.success(request, success(saved) if callable(success) else success)
    return True if saved is None else saved  # an action that returns nothing has still been done


def attempt(request, action: Callable[[], Any], success: str = "") -> bool:
    """A POST button's service call: run `action()`; a refusal becomes an error message, success the message
    `success` ("" shows none). True once done; the caller redirects either way."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    if success:
        messages.success(request, success)
    return True


def server_error(request) -> HttpResponse:
    """handler500. Rendered without context processors: they may need the database that just failed."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"code": "unavailable", "message": _("数据库暂时不可用，请稍后重试。")}, status=503
            )
        else:
            response = HttpResponse(loader.get_template("core/503.html").render(), status=503)
        response["Retry-After"] = str(DB_RETRY_AFTER_SECONDS)
        return response
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "server_error", "message": _("服务器内部错误，已记录。")}, status=500)
    return HttpResponseServerError(loader.get_template("core/500.html").render())


@login_required
def rule_list(request):
    """The rule catalogue: every number the product applies, with its jurisdiction and source."""
    rules = all_rules()
    query = request.GET.get("q", "").strip()
    if query:
        rules = [
            r for r in rules if query in r.title or query in r.id or query in r.cite or query in r.wording
        ]
    return render(request, "core/rule_list.html", {"rules": rules, "q": query})


@login_required
def calendar(request):
    """The working-day calendar: known years, one year's holidays and 调休 days, a deadline calculator, and for
    administrators the form that adds next year's schedule once the State Council announces it."""
    today = timezone.localdate()
    years = known_years()
    year = _year_param(request.GET.get("year"), default=today.year)
    add_form = None
    if request.method == "POST" and not request.user.is_superuser:
        raise PermissionDenied
    if request.user.is_superuser:
        next_year = max((y.year for y in years), default=today.year) + 1
        add_form = CalendarYearForm(request.POST or None, request.FILES or None, initial={"year": next_year})

        def add(*, year, days, source, **_read):  # the form has read the pasted lines or the file into `days`
            return calendar_year_add(actor=request.user, year=year, days=days, source=source)

        added = save_form(
            request, add_form, add, lambda added: _("已录入 %(year)s 年的放假安排。") % {"year": added.year}
        )
        if added:
            return redirect(f"{reverse('calendar')}?year={added.year}")
    calculator = DeadlineForm(request.GET if "start" in request.GET else None, initial={"start": today})
    result = None
    if calculator.is_bound and calculator.is_valid():
        data = calculator.cleaned_data
        rule = data["rule"]
        result = (
            rule_deadline(rule, data["start"])
            if rule
            else add_days(data["start"], data["n"], data["convention"])
        )
    return render(
        request,
        "core/calendar.html",
        {
            "years": years,
            "year": year,
            "year_known": any(y.year == year for y in years),
            "days": special_days(year),
            "calculator": calculator,
            "result": result,
            "notes": explain(result) if result else [],
            "add_form": add_form,
        },
    )


def _year_param(raw: str | None, *, default: int) -> int:
    return int(raw) if raw and raw.isdigit() and 2000 <= int(raw) <= 2100 else default


@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    notice = _("已创建令牌“%(name)s”。令牌只显示这一次，请立即复制保存。")
    made = save_form(
        request, form, partial(token_create, actor=request.user), lambda made: notice % {"name": made[0].name}
    )
    tokens = request.user.api_tokens.all()
    return render(
        request,
        "core/token_list.html",
        {"tokens": tokens, "created": made[1] if made else None, "form": form},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = request.user.api_tokens.filter(pk=pk).first()
    if token is None:
        raise Http404
    token_delete(actor=request.user, token=token)
    messages.success(request, _("已撤销令牌。"))
    return redirect("token_list")
