"""The e-member card (电子会员卡): a stable member number and the signed, rotating token its QR code carries.

Staff scan the QR at a check-in; the token names the member by row id only, so the code shows no ID number and
no phone. It is signed with the site's secret (django.core.signing, salted for this one use) and stamped with
the time it was made: a screenshot of yesterday's card, or a token typed up by hand, is refused. The card page
makes a fresh token each time it is shown and refreshes itself, so the code a member holds up is never older
than CARD_REFRESH; a check-in accepts one up to `max_age` seconds old (the activity decides, allowing for a
phone that loaded the page a little before the queue moved).
"""

from django.core import signing
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError

from .models import Member, MemberStatus

_SALT = "gonghui.orgs.cards"
# How often the card page draws a new code (seconds), and the default age a check-in accepts.
CARD_REFRESH = 60
CARD_MAX_AGE = 5 * 60


class CardError(DomainError):
    """A card token that cannot be used, with the reason for the person at the check-in desk."""


def member_number(member: Member) -> str:
    """会员编号: the row id, zero-padded to eight digits, and a Luhn check digit (a mistyped digit or two
    swapped neighbours are caught). Stable for life: a transfer moves the row, never makes a new one."""
    digits = f"{member.pk:08d}"
    return digits + str(_luhn_check_digit(digits))


def _luhn_check_digit(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # doubled: the check digit will sit to the right of these
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return (10 - total % 10) % 10


def card_token(member: Member) -> str:
    """A fresh token for the member's card: signed, time-stamped, naming the member by row id only."""
    return signing.TimestampSigner(salt=_SALT).sign_object({"m": member.pk}, compress=True)


def member_from_card(token: str, max_age: int = CARD_MAX_AGE) -> Member:
    """The member a scanned card names, or CardError saying why not: forged or damaged, expired, or the person
    is no longer an active member."""
    try:
        data = signing.TimestampSigner(salt=_SALT).unsign_object(str(token or "").strip(), max_age=max_age)
    except signing.SignatureExpired as exc:
        raise CardError(
            _("会员卡二维码已过期，请会员刷新电子会员卡后重新出示。"), code="card_expired"
        ) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise CardError(
            _("无法识别的二维码：不是本系统的电子会员卡，或已损坏。"), code="card_invalid"
        ) from exc
    pk = data.get("m") if isinstance(data, dict) else None
    member = Member.objects.select_related("union").filter(pk=pk).first() if isinstance(pk, int) else None
    if member is None:
        raise CardError(_("无法识别的二维码：不是本系统的电子会员卡，或已损坏。"), code="card_invalid")
    if member.status != MemberStatus.ACTIVE:
        raise CardError(
            _("此卡的持有人当前为“%(status)s”，不能以会员身份签到。")
            % {"status": member.get_status_display()},
            code="card_inactive",
        )
    return member
