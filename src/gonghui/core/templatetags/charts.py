from django import template
from django.utils.html import format_html, json_script

register = template.Library()


@register.simple_tag
def chart(option: dict, chart_id: str, label: str = "", size: str = ""):
    """An empty box that static/gonghui/charts.js fills with the ECharts `option` (core/charts.py), written as
    JSON beside it. `size` "sm" or "lg" picks the box's height (app.css); `label` names the chart for screen
    readers, whose users read the table that every chart has beside it."""
    box = format_html(
        '<div class="chart{}" id="{}" data-chart="{}-option" role="img" aria-label="{}"></div>',
        f" chart-{size}" if size else "",
        chart_id,
        chart_id,
        label,
    )
    return box + json_script(option, f"{chart_id}-option")
