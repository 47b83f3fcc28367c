"""The year-end summary (年度工作总结) of a plan: for each item, one plain Chinese sentence about what was done,
every figure in it read from the records at the time of writing — a linked provider's count over the plan's node
(a federation: its subtree), the occurrences and milestones ticked, the progress notes. Nothing is invented:
an item with nothing counted says so."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Plan
from .selectors import Progress, numbered_items


@dataclass
class SummaryLine:
    number: str
    title: str
    level: int
    sentence: str
    figures: list[Decimal]  # every number the sentence states, in order, for the check against the records


def _figure(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _sentence(progress: Progress | None, notes: int) -> tuple[str, list[Decimal]]:
    if progress is None or progress.value is None:
        if notes:
            return _("记录进展 %(n)s 次。") % {"n": notes}, [Decimal(notes)]
        return _("暂无可统计的完成情况。"), []
    value = progress.value
    if progress.target:
        return (
            _("%(source)s%(value)s%(unit)s，目标%(target)s%(unit)s，完成%(percent)s%%。")
            % {
                "source": progress.source,
                "value": _figure(value),
                "target": _figure(progress.target),
                "unit": progress.unit,
                "percent": progress.percent,
            },
            [value, progress.target, Decimal(progress.percent)],
        )
    return (
        _("%(source)s%(value)s%(unit)s。")
        % {"source": progress.source, "value": _figure(value), "unit": progress.unit},
        [value],
    )


def summary_lines(plan: Plan) -> list[SummaryLine]:
    lines = []
    for row in numbered_items(plan, with_progress=True):
        if row.item.level == 1:
            lines.append(SummaryLine(row.number, row.item.title, 1, "", []))
            continue
        sentence, figures = _sentence(row.progress, row.item.notes.count())
        lines.append(SummaryLine(row.number, row.item.title, row.item.level, sentence, figures))
    return lines
