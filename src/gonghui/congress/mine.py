"""My congress seat, on a member's home (core.registry.member_section): the terms they sit in as a workers'
(or teachers') representative, with the coming session if one is planned."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Representative, RepresentativeStatus, Session, SessionStatus


def my_seat(user, member) -> list[dict]:
    today = timezone.localdate()
    seats = Representative.objects.filter(
        member=member, status=RepresentativeStatus.ACTIVE, term__ends_on__gte=today
    ).select_related("term__node")
    items = []
    for seat in seats.order_by("term__starts_on"):
        coming = (
            Session.objects.filter(term=seat.term, held_on__gte=today)
            .exclude(status=SessionStatus.CLOSED)
            .order_by("held_on")
            .first()
        )
        items.append(
            {
                "title": _("%(union)s %(term)s代表") % {"union": seat.term.node.name, "term": seat.term},
                "url": "",
                "detail": (
                    _("下次会议：%(title)s") % {"title": coming.title}
                    if coming
                    else _("代表团：%(c)s") % {"c": seat.constituency}
                ),
                "when": coming.held_on if coming else None,
                "urgent": False,
            }
        )
    return items
