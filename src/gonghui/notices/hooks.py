"""What notifications add to the menu (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import menu_entry

menu_entry("desk", _("我的通知"), "notification_list", "bell", order=30)
