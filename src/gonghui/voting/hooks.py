"""What the ballot engine adds to the menu (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import desk_items, menu_entry, menu_section
from gonghui.orgs.selectors import may_be_member

from . import desk
from .roles import PollCap

menu_section("voting", _("表决"), order=30)
menu_entry("voting", _("表决与选举"), "poll_list", "check2-square", visible=PollCap.MANAGE_POLLS, order=10)
menu_entry("voting", _("我的投票"), "my_polls", "hand-index", visible=may_be_member, order=20)
desk_items(desk.desk)
