"""Standing committees of a term (members and records of their work) and the democratic evaluation of cadres
at a session, held as one secret rating poll."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError
from gonghui.orgs.models import Member, MemberStatus
from gonghui.voting import services as voting
from gonghui.voting.models import Policy, PollKind, QuestionForm
from gonghui.voting.rules import DEFAULT_RATING_LABELS

from ..models import (
    Committee,
    CommitteeMember,
    CommitteeRecord,
    EvaluatedCadre,
    Evaluation,
    Session,
    SessionStatus,
    Term,
)
from ._common import _representative_users, _require_manage

# --- Standing committees --------------------------------------------------------------------------------


def committee_create(*, actor, term: Term, name: str, kind: str, duties: str = "") -> Committee:
    _require_manage(actor, term.node)
    if not name.strip():
        raise DomainError(_("请填写名称。"))
    if Committee.objects.filter(term=term, name=name.strip()).exists():
        raise Conflict(_("“%(name)s”已经存在。") % {"name": name.strip()})
    with transaction.atomic():
        committee = Committee.objects.create(term=term, name=name.strip(), kind=kind, duties=duties)
        audit(actor=actor, action="congress.committee_create", obj=committee, scope_path=term.node.path)
    return committee


def committee_member_add(
    *, actor, committee: Committee, member: Member, post: str = "委员"
) -> CommitteeMember:
    node = committee.term.node
    _require_manage(actor, node)
    if member.union_id != node.pk or member.status != MemberStatus.ACTIVE:
        raise DomainError(_("%(name)s 不是本工会的在会会员。") % {"name": member.name})
    if CommitteeMember.objects.filter(committee=committee, member=member).exists():
        raise Conflict(_("%(name)s 已经是成员。") % {"name": member.name})
    with transaction.atomic():
        row = CommitteeMember.objects.create(committee=committee, member=member, post=post.strip() or "委员")
        audit(actor=actor, action="congress.committee_member_add", obj=row, scope_path=node.path)
    return row


def committee_record_add(
    *, actor, committee: Committee, held_on: date, title: str, content: str = ""
) -> CommitteeRecord:
    node = committee.term.node
    _require_manage(actor, node)
    if not title.strip():
        raise DomainError(_("请填写事项。"))
    with transaction.atomic():
        record = CommitteeRecord.objects.create(
            committee=committee, held_on=held_on, title=title.strip(), content=content, created_by=actor
        )
        audit(actor=actor, action="congress.committee_record_add", obj=record, scope_path=node.path)
    return record


# --- Democratic evaluation ------------------------------------------------------------------------------


def evaluation_create(*, actor, session: Session, title: str, cadres: list[dict], tellers=()) -> Evaluation:
    """民主评议 at a session: one secret rating poll, one question per cadre ({"name", "post", "user"})."""
    node = session.term.node
    _require_manage(actor, node)
    if session.status == SessionStatus.CLOSED:
        raise DomainError(_("会议已闭会，不能再设置民主评议。"))
    if Evaluation.objects.filter(session=session).exists():
        raise Conflict(_("本次会议已经设置了民主评议。"))
    if not cadres:
        raise DomainError(_("请至少填写一名被评议人。"))
    for cadre in cadres:
        if not cadre.get("name", "").strip() or not cadre.get("post", "").strip():
            raise DomainError(_("每名被评议人都要写明姓名和职务。"))
    with transaction.atomic():
        poll = voting.poll_create(
            actor=actor,
            node=node,
            title=title,
            questions=[
                {
                    "text": f"{c['name']}（{c['post']}）",
                    "form": QuestionForm.RATING,
                    "options": DEFAULT_RATING_LABELS,
                }
                for c in cadres
            ],
            kind=PollKind.EVALUATION,
            secret=True,
            policy=Policy.RATING,
        )
        if tellers:
            voting.tellers_set(actor=actor, poll=poll, users=_representative_users(tellers))
        evaluation = Evaluation.objects.create(session=session, title=title, poll=poll)
        EvaluatedCadre.objects.bulk_create(
            EvaluatedCadre(
                evaluation=evaluation,
                position=position,
                name=cadre["name"].strip(),
                post=cadre["post"].strip(),
                user=cadre.get("user"),
            )
            for position, cadre in enumerate(cadres, start=1)  # question positions count from 1
        )
        audit(actor=actor, action="congress.evaluation_create", obj=evaluation, scope_path=node.path)
    return evaluation
