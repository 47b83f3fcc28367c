"""Checks shared by the topics: who may act as a teller."""

from django.utils.translation import gettext as _

from gonghui.core.errors import PermissionDenied
from gonghui.core.permissions import require
from gonghui.orgs.selectors import has_cap

from ..models import Poll, Teller
from ..roles import PollCap


def _require_teller(actor, poll: Poll) -> Teller:
    teller = Teller.objects.filter(poll_id=poll.pk, user_id=actor.pk).first()
    if teller is None or not actor.is_authenticated:
        raise PermissionDenied(_("只有本次表决的计票人才能办理。"), code="not_teller")
    return teller


def _require_teller_or_manager(actor, poll: Poll) -> None:
    if not Teller.objects.filter(poll_id=poll.pk, user_id=actor.pk).exists():
        require(has_cap(actor, PollCap.MANAGE_POLLS, poll.node), _("只有本次表决的计票人才能办理。"))
