"""Writes owned by core: API tokens, the holiday calendar."""

import hashlib
import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import calendar
from .audit import audit
from .errors import Conflict, DomainError
from .models import ApiToken, CalendarDay, CalendarYear
from .permissions import require

TOKEN_BYTES = 32  # 256 bits: a fast hash is safe at this entropy (ASVS 6.5.2 allows ≥ 112 bits)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """A new API token for the actor; the raw value is returned once and never stored."""
    name = name.strip()
    if not name or len(name) > 100:
        raise DomainError(_("请为令牌起一个名称（100 字以内），例如“人事系统同步”。"))
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        token = ApiToken.objects.create(user=actor, name=name, prefix=raw[:8], key_hash=hash_token(raw))
        audit(actor=actor, action="token.create", obj=token)
    return token, raw


@transaction.atomic
def token_delete(*, actor, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise DomainError(_("只能撤销自己的令牌。"))
    audit(actor=actor, action="token.revoke", obj=token)
    token.delete()


# --- Holiday calendar ---------------------------------------------------------------------------------

MAX_PROBLEMS_SHOWN = 10


def calendar_year_add(
    *,
    actor,
    year: int,
    days: list[tuple[date, bool, str]],
    source: str,
) -> CalendarYear:
    """Record a year's official holidays and 调休 working weekends, announced by the State Council each autumn.

    `days` are (date, is_workday, name). A holiday on a weekend changes nothing and is skipped; a weekday marked
    as a working day is refused as a likely slip (休/班 swapped). Deadlines in the year stop being provisional.
    """
    require(actor.is_superuser, _("只有系统管理员可以录入放假安排。"))
    source = source.strip()
    if not source or len(source) > 100:
        raise DomainError(_("请填写来源（100 字以内），例如“国务院办公厅关于2027年部分节假日安排的通知”。"))
    if not 2000 <= year <= 2100:
        raise DomainError(_("年份“%(year)s”不在 2000—2100 之间。") % {"year": year})
    if CalendarYear.objects.filter(year=year).exists():
        raise _year_taken(year)
    problems = _calendar_problems(year, days)
    if problems:
        shown = "；".join(problems[:MAX_PROBLEMS_SHOWN])
        raise DomainError(_("放假安排有误，未录入任何内容：%(problems)s") % {"problems": shown})
    special = [CalendarDay(date=d, is_workday=w, name=n.strip()) for d, w, n in days if w or d.weekday() < 5]
    try:
        with transaction.atomic():
            calendar_year = CalendarYear.objects.create(year=year, source=source, added_by=actor)
            CalendarDay.objects.bulk_create(special)
            audit(
                actor=actor,
                action="calendar.year_add",
                obj=calendar_year,
                changes={
                    "source": source,
                    "holidays": sum(not day.is_workday for day in special),
                    "workdays": sum(day.is_workday for day in special),
                },
            )
            calendar.invalidate()
            calendar.year_added.send(sender=CalendarYear, year=year)
    except IntegrityError as exc:  # another administrator entered the same year a moment earlier
        raise _year_taken(year) from exc
    return calendar_year


def _year_taken(year: int) -> Conflict:
    return Conflict(_("%(year)s 年的放假安排已经录入，不能重复录入。") % {"year": year})


def _calendar_problems(year: int, days: list[tuple[date, bool, str]]) -> list[str]:
    if not days:
        return [_("没有任何日期，请至少录入元旦等节假日")]
    problems, seen = [], set()
    for day, is_workday, name in days:
        label = calendar.format_day(day)
        if day.year != year:
            problems.append(_("%(day)s 不在 %(year)s 年内") % {"day": label, "year": year})
        elif day in seen:
            problems.append(_("%(day)s 重复出现") % {"day": label})
        elif is_workday and day.weekday() < 5:
            problems.append(_("%(day)s 本来就是工作日，不能标为“班”，是否应为“休”") % {"day": label})
        elif len(name.strip()) > 50:
            problems.append(_("%(day)s 的名称超过 50 字") % {"day": label})
        seen.add(day)
    return problems
