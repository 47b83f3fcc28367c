"""What collective contracts add to the menu, the demo and the daily sweeps (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import daily_task, demo_builder, desk_items, menu_entry, menu_section

from . import demo, desk, tasks
from .roles import AgreementCap

menu_section("agreements", _("集体合同"), order=50)
menu_entry(
    "agreements",
    _("集体合同"),
    "agreement_list",
    "file-earmark-text",
    visible=AgreementCap.VIEW_AGREEMENTS,
    order=10,
)
menu_entry(
    "agreements",
    _("行政方代表"),
    "employer_link_list",
    "briefcase",
    visible=AgreementCap.MANAGE_AGREEMENTS,
    order=20,
)
menu_entry(
    "agreements",
    _("合同统计"),
    "agreement_stats",
    "bar-chart-line",
    visible=AgreementCap.VIEW_AGREEMENT_STATS,
    order=30,
)
demo_builder(demo.build)
daily_task(tasks.agreements_daily)
desk_items(desk.desk)
