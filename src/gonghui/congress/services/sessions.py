"""Sessions of a congress: creating, opening (check-in starts) and closing a session, its agenda, and the
votes on agenda items, whose electorate is the term's active representatives and whose attendance is those
present at the meeting."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError
from gonghui.voting import services as voting
from gonghui.voting.models import Elector, Policy, Poll, PollKind, PollStatus, QuestionForm, VoterMark

from ..models import (
    AgendaItem,
    AgendaKind,
    CheckIn,
    Evaluation,
    RepresentativeStatus,
    Session,
    SessionStatus,
    Term,
    VotingCode,
)
from ._common import _representative_users, _require_manage


def session_create(*, actor, term: Term, number: int, title: str, held_on: date) -> Session:
    _require_manage(actor, term.node)
    if not term.starts_on <= held_on <= term.ends_on:
        raise DomainError(
            _("会议日期不在本届任期（%(start)s 至 %(end)s）内。")
            % {"start": term.starts_on, "end": term.ends_on}
        )
    if Session.objects.filter(term=term, number=number).exists():
        raise Conflict(_("本届第%(number)s次会议已经登记过了。") % {"number": number})
    with transaction.atomic():
        session = Session.objects.create(term=term, number=number, title=title.strip(), held_on=held_on)
        audit(actor=actor, action="congress.session_create", obj=session, scope_path=term.node.path)
    return session


def _set_status(session: Session, wanted_from: str, to: str, refusal: str) -> Session:
    """Move the session between states under a row lock; the caller's object follows."""
    locked = Session.objects.select_for_update().select_related("term__node").get(pk=session.pk)
    if locked.status != wanted_from:
        raise DomainError(refusal)
    locked.status = session.status = to
    locked.save(update_fields=["status"])
    return locked


def session_open(*, actor, session: Session) -> Session:
    """Start check-in: representatives may now sign in with their codes."""
    _require_manage(actor, session.term.node)
    with transaction.atomic():
        session = _set_status(
            session, SessionStatus.PLANNED, SessionStatus.OPEN, _("只有筹备中的会议可以开始签到。")
        )
        audit(actor=actor, action="congress.session_open", obj=session, scope_path=session.term.node.path)
    return session


def _session_polls(session: Session) -> list[Poll]:
    polls = [item.poll for item in session.agenda.select_related("poll") if item.poll_id]
    evaluation = Evaluation.objects.filter(session=session).select_related("poll").first()
    if evaluation is not None and evaluation.poll_id:
        polls.append(evaluation.poll)
    return polls


def session_close(*, actor, session: Session) -> Session:
    """Close the meeting. Votes still open must be closed first, with the check-in count as attendance."""
    _require_manage(actor, session.term.node)
    with transaction.atomic():
        if any(poll.status == PollStatus.OPEN for poll in _session_polls(session)):
            raise DomainError(_("还有表决没有结束，请先结束表决再闭会。"))
        session = _set_status(
            session, SessionStatus.OPEN, SessionStatus.CLOSED, _("只有签到进行中的会议可以闭会。")
        )
        VotingCode.objects.filter(session=session, revoked=False).update(revoked=True)
        audit(actor=actor, action="congress.session_close", obj=session, scope_path=session.term.node.path)
    return session


def agenda_add(*, actor, session: Session, title: str, kind: str = AgendaKind.OTHER) -> AgendaItem:
    _require_manage(actor, session.term.node)
    if session.status == SessionStatus.CLOSED:
        raise DomainError(_("会议已闭会，不能再增加议程。"))
    if not title.strip():
        raise DomainError(_("请填写议题。"))
    with transaction.atomic():
        last = AgendaItem.objects.filter(session=session).aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem.objects.create(session=session, position=last + 1, title=title.strip(), kind=kind)
        audit(actor=actor, action="congress.agenda_add", obj=item, scope_path=session.term.node.path)
    return item


def agenda_vote_setup(*, actor, item: AgendaItem, secret: bool = True, tellers=()) -> Poll:
    """Prepare the vote on an agenda item: a yes/no question under the congress rule (⅔ present, more than half
    of all representatives in favour). Secret by default: Shanghai Art. 31 and Zhejiang Art. 15 require it."""
    session = item.session
    _require_manage(actor, session.term.node)
    if session.status == SessionStatus.CLOSED:
        raise DomainError(_("会议已闭会，不能再设置表决。"))
    if item.poll_id:
        raise Conflict(_("“%(title)s”已经设置了表决。") % {"title": item.title})
    with transaction.atomic():
        poll = voting.poll_create(
            actor=actor,
            node=session.term.node,
            title=f"{session.title}：{item.title}",
            questions=[{"text": item.title, "form": QuestionForm.YES_NO}],
            kind=PollKind.CONGRESS_ITEM,
            secret=secret,
            policy=Policy.CONGRESS,
        )
        if tellers:
            voting.tellers_set(actor=actor, poll=poll, users=_representative_users(tellers))
        item.poll = poll
        item.save(update_fields=["poll"])
        audit(actor=actor, action="congress.agenda_vote_setup", obj=item, scope_path=session.term.node.path)
    return poll


def _session_of(poll: Poll) -> Session:
    item = AgendaItem.objects.filter(poll=poll).select_related("session__term__node").first()
    if item is not None:
        return item.session
    evaluation = Evaluation.objects.filter(poll=poll).select_related("session__term__node").first()
    if evaluation is None:
        raise DomainError(_("该表决不属于任何职代会会议。"))
    return evaluation.session


def session_vote_open(*, actor, poll: Poll) -> Poll:
    """Open a vote of the meeting. The electorate is every active representative of the term at this moment."""
    session = _session_of(poll)
    _require_manage(actor, session.term.node)
    if session.status != SessionStatus.OPEN:
        raise DomainError(_("会议签到开始后才能开始表决。"))
    representatives = list(
        session.term.representatives.filter(status=RepresentativeStatus.ACTIVE).select_related("member__user")
    )
    if not representatives:
        raise DomainError(_("本届还没有在任代表，无法表决。"))
    with transaction.atomic():
        _representative_users(representatives)  # an elector votes as a signed-in user
        voting.electorate_set(actor=actor, poll=poll, members=[r.member for r in representatives])
        poll = voting.poll_open(actor=actor, poll=poll)
        audit(actor=actor, action="congress.vote_open", obj=session, scope_path=session.term.node.path)
    return poll


def meeting_attendance(session: Session, poll: Poll) -> int:
    """Electors present: checked in, or voted (a representative signed in with a password votes without the
    code check-in, and was present all the same)."""
    checked_in = CheckIn.objects.filter(session=session).values("representative__member_id")
    voted = VoterMark.objects.filter(poll=poll).values("member_id")
    return (
        Elector.objects.filter(poll=poll).filter(Q(member_id__in=checked_in) | Q(member_id__in=voted)).count()
    )


def session_vote_close(*, actor, poll: Poll, shares: Iterable[str] = ()) -> Poll:
    """Close a vote of the meeting; attendance (for the ⅔ quorum) is the electors present. `shares`: the tellers'
    key shares, handed out when the vote opened (voting.poll_close)."""
    session = _session_of(poll)
    _require_manage(actor, session.term.node)
    with transaction.atomic():
        # Voters hold a share lock on the poll while casting: taking the row lock first waits for votes in
        # flight, so nobody can vote between counting who was present and closing.
        Poll.objects.select_for_update().filter(pk=poll.pk).first()
        attendance = meeting_attendance(session, poll)
        poll = voting.poll_close(actor=actor, poll=poll, shares=shares, attendance=attendance)
        audit(
            actor=actor,
            action="congress.vote_close",
            obj=session,
            scope_path=session.term.node.path,
            changes={"attendance": attendance},
        )
    return poll
