"""Check-in and voting codes: issuing a fresh code to each representative, checking in by hand at the desk, and
signing in with a code (a digest lookup with no password hash, limited per address against guessing)."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.codes import code_digest, new_code, normalize_code
from gonghui.core.errors import Conflict, DomainError, PermissionDenied

from ..models import (
    CheckIn,
    CheckInMethod,
    Representative,
    RepresentativeStatus,
    Session,
    SessionStatus,
    VotingCode,
)
from ._common import _representative_users, _require_manage

# 14 random bytes = 112 bits: guessing one live code among 800 takes about 2^102 tries, so a fast unsalted
# digest is as safe as a password hash here and the sign-in needs no 180 ms hash (issue 5, "Signing in").
CODE_BYTES = 14
# Failed code attempts allowed per address per window. A hall shares one NAT address, so the limit is generous
# for typos yet turns guessing (hopeless already, see CODE_BYTES) into a handful of tries per quarter hour.
CODE_FAILURE_LIMIT = 30
CODE_FAILURE_WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class IssuedCode:
    representative: Representative
    code: str  # shown once on the print sheet, never stored


def voting_codes_issue(*, actor, session: Session, representatives=None) -> list[IssuedCode]:
    """Issue a fresh code to each (or the named) active representative; any earlier code of theirs is revoked."""
    _require_manage(actor, session.term.node)
    if session.status == SessionStatus.CLOSED:
        raise DomainError(_("会议已闭会，不能再发放签到码。"))
    chosen = session.term.representatives.filter(status=RepresentativeStatus.ACTIVE).select_related(
        "member__user"
    )
    if representatives is not None:
        chosen = chosen.filter(pk__in=[r.pk for r in representatives])
    chosen = list(chosen.order_by("constituency", "member__name_key"))
    if not chosen:
        raise DomainError(_("没有可发放签到码的在任代表。"))
    issued = []
    with transaction.atomic():
        VotingCode.objects.filter(session=session, representative__in=chosen, revoked=False).update(
            revoked=True
        )
        _representative_users(chosen)
        for representative in chosen:
            code = new_code(CODE_BYTES)
            VotingCode.objects.create(
                session=session, representative=representative, digest=code_digest(code)
            )
            issued.append(IssuedCode(representative=representative, code=code))
        audit(
            actor=actor,
            action="congress.codes_issue",
            obj=session,
            scope_path=session.term.node.path,
            changes={"count": len(issued)},
        )
    return issued


def _check_in(session: Session, representative: Representative, method: str, recorded_by=None) -> CheckIn:
    checkin, _created = CheckIn.objects.get_or_create(
        session=session,
        representative=representative,
        defaults={"method": method, "recorded_by": recorded_by},
    )
    return checkin


def checkin_manual(*, actor, session: Session, representative: Representative) -> CheckIn:
    """Staff check in a representative who came without a phone or lost the code."""
    _require_manage(actor, session.term.node)
    if session.status != SessionStatus.OPEN:
        raise DomainError(_("签到尚未开始或已经结束。"))
    if representative.term_id != session.term_id or representative.status != RepresentativeStatus.ACTIVE:
        raise DomainError(_("%(name)s 不是本届在任代表。") % {"name": representative.member.name})
    if CheckIn.objects.filter(session=session, representative=representative).exists():
        raise Conflict(_("%(name)s 已经签到。") % {"name": representative.member.name})
    with transaction.atomic():
        try:
            with transaction.atomic():
                checkin = CheckIn.objects.create(
                    session=session,
                    representative=representative,
                    method=CheckInMethod.MANUAL,
                    recorded_by=actor,
                )
        except IntegrityError as exc:  # a second click raced the first
            raise Conflict(_("%(name)s 已经签到。") % {"name": representative.member.name}) from exc
        audit(actor=actor, action="congress.checkin_manual", obj=checkin, scope_path=session.term.node.path)
    return checkin


def _failures_key(address: str) -> str:
    return f"congress:code-failures:{address}"


def _refuse(address: str, message: str) -> DomainError:
    key = _failures_key(address)
    cache.add(key, 0, CODE_FAILURE_WINDOW_SECONDS)
    cache.incr(key)
    return DomainError(message, code="bad_code")


@dataclass(frozen=True)
class CodeSignIn:
    user: object
    representative: Representative
    session: Session


def checkin_by_code(*, code: str, address: str, method: str = CheckInMethod.CODE) -> CodeSignIn:
    """Sign in with a voting code: one indexed digest lookup, no password hash. Checks the representative in
    (once; signing in again from another phone is fine) and returns the user for the caller to log in."""
    if cache.get(_failures_key(address), 0) >= CODE_FAILURE_LIMIT:
        raise PermissionDenied(
            _("签到码输错次数过多，请 15 分钟后再试，或请会务人员人工签到。"), code="locked"
        )
    normalized = normalize_code(code)
    if not normalized:
        raise _refuse(address, _("请输入签到码。"))
    voting_code = (
        VotingCode.objects.filter(digest=code_digest(normalized))
        .select_related("session__term__node", "representative__member__user")
        .first()
    )
    if voting_code is None:
        raise _refuse(address, _("签到码不正确，请核对卡片上的签到码。"))
    session, representative = voting_code.session, voting_code.representative
    if session.status == SessionStatus.CLOSED:
        raise _refuse(address, _("会议已经闭会，签到码不能再使用。"))
    if session.status == SessionStatus.PLANNED:
        raise DomainError(_("会议签到尚未开始，请稍后再试。"), code="not_open")
    if representative.status != RepresentativeStatus.ACTIVE:
        raise _refuse(address, _("您已不是本届在任代表，不能签到。"))
    if voting_code.revoked:
        raise _refuse(
            address, _("该签到码已作废（已补发新码或会议已结束），请使用最新的签到卡或联系会务人员。")
        )
    user = representative.member.user
    if user is None or not user.is_active:
        raise DomainError(_("您的账户已停用，请联系会务人员。"))
    with transaction.atomic():
        checkin = _check_in(session, representative, method)
        audit(actor=user, action="congress.checkin_code", obj=checkin, scope_path=session.term.node.path)
    return CodeSignIn(user=user, representative=representative, session=session)
