"""What proposals add to the menu, the demo and the daily sweeps (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import daily_task, demo_builder, desk_items, menu_entry

from . import demo, desk, tasks

# Everyone signed in: representatives and handlers hold no capability, the list shows what they may see.
menu_entry("democracy", _("提案"), "proposal_list", "lightbulb", order=20)
demo_builder(demo.build)
daily_task(tasks.proposal_reminders)
desk_items(desk.desk)
