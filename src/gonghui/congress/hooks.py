"""What the congress app adds to the menu and the demo (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import demo_builder, desk_items, menu_entry, menu_section

from . import demo, desk
from .roles import CongressCap

menu_section("democracy", _("民主管理"), order=40)
menu_entry(
    "democracy", _("职代会"), "congress_term_list", "people-fill", visible=CongressCap.VIEW_CONGRESS, order=10
)
demo_builder(demo.build)
desk_items(desk.desk)
