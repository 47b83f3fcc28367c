"""ECharts options built on the server: a page passes one to `{% chart %}` (core/templatetags/charts.py), which
writes it as JSON beside an empty box that static/gonghui/charts.js draws in. No inline script or style, so the
Content-Security-Policy stays `'self'`; ECharts' default locale is Chinese.

Axes start at zero and end a little above the largest value (ECharts' own scale): a rate of 11.5 % on a fixed
0–100 % axis would be an unreadable sliver.
"""

from collections.abc import Sequence

# Bootstrap's palette, in the order the product's tables list their series.
COLOURS = ["#0d6efd", "#198754", "#d63384", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#ffc107"]


def _value_axis(percent: bool) -> dict:
    axis = {"type": "value", "min": 0}
    if percent:
        axis["axisLabel"] = {"formatter": "{value}%"}
    return axis


def _tooltip(percent: bool) -> dict:
    return {"trigger": "axis", "valueFormatter": "percent" if percent else "plain"}


def bar_chart(
    categories: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    percent: bool = False,
    horizontal: bool = False,
) -> dict:
    """Bars per category, one colour per series: shares and counts side by side."""
    category_axis = {"type": "category", "data": list(categories)}
    value_axis = _value_axis(percent)
    return {
        "color": COLOURS,
        "tooltip": _tooltip(percent),
        "legend": {"show": len(series) > 1, "bottom": 0},
        "grid": {
            "left": 8,
            "right": 24,
            "top": 16,
            "bottom": 40 if len(series) > 1 else 8,
            "containLabel": True,
        },
        "xAxis": value_axis if horizontal else category_axis,
        "yAxis": {**category_axis, "inverse": True} if horizontal else value_axis,
        "series": [
            {
                "name": name,
                "type": "bar",
                "data": list(values),
                "label": {"show": horizontal, "position": "right"},
            }
            for name, values in series.items()
        ],
    }


def line_chart(
    categories: Sequence[str], series: dict[str, Sequence[float | None]], *, percent: bool = False
) -> dict:
    """A trend: one line per series over the categories (months, years)."""
    return {
        "color": COLOURS,
        "tooltip": _tooltip(percent),
        "legend": {"show": len(series) > 1, "bottom": 0},
        "grid": {
            "left": 8,
            "right": 24,
            "top": 16,
            "bottom": 40 if len(series) > 1 else 8,
            "containLabel": True,
        },
        "xAxis": {"type": "category", "data": list(categories), "boundaryGap": False},
        "yAxis": _value_axis(percent),
        "series": [
            {"name": name, "type": "line", "data": list(values), "connectNulls": False, "symbolSize": 6}
            for name, values in series.items()
        ],
    }
