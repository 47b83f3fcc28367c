"""Deadline chips and citations: every deadline or threshold a page shows can tell where it comes from.

The explanation sits in a title attribute (a native tooltip), so the tags need no script or inline style and
stay within the Content-Security-Policy.
"""

from datetime import date

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..calendar import Deadline, rule_deadline
from ..rules import BOUND_SIGNS, SECONDARY, Rule

register = template.Library()

WEEKDAYS = "一二三四五六日"


def _day(day: date) -> str:
    return _("%(date)s（周%(weekday)s）") % {"date": day.isoformat(), "weekday": WEEKDAYS[day.weekday()]}


@register.filter
def rule_value(rule: Rule) -> str:
    """"≥ 2/3", "10 工作日", "3 年": the number with its bound and unit."""
    sign = BOUND_SIGNS.get(rule.bound, "")
    unit = rule.unit or rule.convention_name
    return " ".join(part for part in (sign, str(rule.value), unit) if part)


def deadline_notes(deadline: Deadline) -> list[str]:
    """Why the date is what it is: the rule and its source, a holiday carry-over, an estimate."""
    notes = []
    if deadline.rule is not None:
        rule = deadline.rule
        notes.append(_("%(title)s：%(value)s，依据%(cite)s") % {
            "title": rule.title, "value": rule_value(rule), "cite": rule.cite})
    if deadline.rolled_from is not None:
        notes.append(_("原到期日 %(day)s 是休息日或节假日，顺延至其后第一个工作日（《民法典》第二百零三条）")
                     % {"day": _day(deadline.rolled_from)})
    if deadline.provisional:
        years = "、".join(str(year) for year in deadline.unknown_years)
        notes.append(_("%(years)s 年的放假安排尚未公布或尚未录入，暂按周一至周五估算，录入后以正式安排为准")
                     % {"years": years})
    return notes


@register.simple_tag
def deadline(subject: Deadline | Rule, start: date | None = None) -> str:
    """A date chip for a Deadline, or for the deadline a Rule sets from `start` (today when omitted)."""
    if isinstance(subject, Rule):
        subject = rule_deadline(subject, start or timezone.localdate())
    badge = format_html(' <span class="badge text-bg-warning">{}</span>', _("（预估）")) if subject.provisional else ""
    return format_html(
        '<span class="deadline text-nowrap" title="{}"><i class="bi bi-calendar-event"></i> {}{}</span>',
        "；".join(deadline_notes(subject)), _day(subject.date), badge)


@register.simple_tag
def cite(rule: Rule) -> str:
    """The rule's source, with its title and jurisdiction on hover; flags sources not read in an official text."""
    flag = ""
    if rule.verified == SECONDARY:
        flag = format_html(' <span class="badge text-bg-light" title="{}">{}</span>',
                           _("转引自多个公开来源，尚未核对官方文本"), _("待核对原文"))
    return format_html('<span class="cite" title="{}（{}）">{}</span>{}',
                       rule.title, rule.jurisdiction_name, rule.cite, flag)
