"""Deadline chips and citations: every deadline or threshold a page shows can tell where it comes from.

The explanation sits in a title attribute (a native tooltip), so the tags need no script or inline style and
stay within the Content-Security-Policy.
"""

from datetime import date

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..calendar import Deadline, explain, format_day, rule_deadline
from ..rules import SECONDARY, UNREAD, Rule

register = template.Library()


@register.simple_tag
def deadline(subject: Deadline | Rule, start: date | None = None) -> str:
    """A date chip for a Deadline, or for the deadline a Rule sets from `start` (today when omitted)."""
    if isinstance(subject, Rule):
        subject = rule_deadline(subject, start or timezone.localdate())
    badge = (
        format_html(' <span class="badge text-bg-warning">{}</span>', _("（预估）"))
        if subject.provisional
        else ""
    )
    return format_html(
        '<span class="deadline text-nowrap" title="{}"><i class="bi bi-calendar-event"></i> {}{}</span>',
        "；".join(explain(subject)),
        format_day(subject.date),
        badge,
    )


@register.simple_tag(takes_context=True)
def cite(context, rule: Rule) -> str:
    """The rule's source, its title and jurisdiction on hover; flags sources not read in an official text to
    the administrators, who check them (a cadre applies the rule either way)."""
    flag = ""
    user = context.get("user")
    if rule.verified == SECONDARY and user is not None and user.is_superuser:
        flag = format_html(
            ' <span class="badge text-bg-light" title="{}">{}</span>',
            _("转引自多个公开来源，尚未核对官方文本"),
            _("待核对原文"),
        )
    elif rule.verified == UNREAD and user is not None and user.is_superuser:
        flag = format_html(
            ' <span class="badge text-bg-warning" title="{}">{}</span>',
            _("未读到该法规的条文：数值沿用全国规则，读到原文后再核定"),
            _("条文未读"),
        )
    return format_html(
        '<span class="cite" title="{}（{}）">{}</span>{}', rule.title, rule.jurisdiction_name, rule.cite, flag
    )
