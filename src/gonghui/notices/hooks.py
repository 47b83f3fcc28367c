"""What notifications add to the menu and the member's home (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import member_section, menu_entry

from . import mine

menu_entry("desk", _("我的通知"), "notification_list", "bell", order=30)
member_section("notices", _("我的通知"), mine.my_notices, order=40)
