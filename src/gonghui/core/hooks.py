"""What the kernel adds to the menu (core.registry): the sections every install has, the rules and the calendar."""

from django.utils.translation import gettext_lazy as _

from .registry import menu_entry, menu_section

menu_section("desk", _("工作台"), order=10)
menu_section("rules", _("制度与规则"), order=90)
menu_section("system", _("系统"), order=100)

menu_entry("rules", _("规则库"), "rule_list", "journal-text", order=10)
menu_entry("rules", _("工作日历"), "calendar", "calendar3", order=20)
