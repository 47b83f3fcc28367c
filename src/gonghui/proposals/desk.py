"""What proposals put on each user's work desk (core.registry.desk_items): the handler's answers due, the
proposer's answers to rate and own proposals under way, the committee's proposals to review and assign, a
federation cadre's count of late answers below, and a representative's coming session."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from gonghui.congress.models import Session, SessionStatus
from gonghui.congress.roles import CongressCap
from gonghui.core.registry import DeskItem
from gonghui.orgs.desk import split_reach
from gonghui.orgs.selectors import paths_q

from .models import Proposal, ProposalStatus
from .selectors import own_representatives

_PATH = "session__term__node__path"


def _detail(proposal: Proposal) -> str:
    return reverse("proposal_detail", kwargs={"pk": proposal.pk})


def _deadline_label(proposal: Proposal) -> str:
    return _("答复期限（预估）") if proposal.deadline_provisional else _("答复期限")


def _own_items(user, today) -> list[DeskItem]:
    items = []
    handled = Proposal.objects.filter(handler=user, status=ProposalStatus.ASSIGNED).select_related("session")
    for p in handled.order_by("deadline", "pk"):
        items.append(
            DeskItem(
                title=_("答复提案 %(code)s：%(title)s") % {"code": p.code, "title": p.title},
                url=_detail(p),
                due=p.deadline,
                due_label=_deadline_label(p),
                overdue=p.is_overdue(today),
                kind="deadline",
            )
        )
    mine = Proposal.objects.filter(proposer__member__user=user).exclude(
        status__in=[ProposalStatus.CLOSED, ProposalStatus.CONVERTED]
    )
    for p in mine.select_related("session").order_by("-submitted_at")[:10]:
        if p.status == ProposalStatus.ANSWERED:
            items.append(
                DeskItem(
                    title=_("评价提案答复 %(code)s：%(title)s") % {"code": p.code, "title": p.title},
                    url=_detail(p),
                    detail=_("承办部门已答复，请评价是否满意"),
                    kind="task",
                )
            )
        else:
            items.append(
                DeskItem(
                    title=_("我的提案 %(code)s：%(title)s") % {"code": p.code, "title": p.title},
                    url=_detail(p),
                    due=p.deadline if p.status == ProposalStatus.ASSIGNED else None,
                    due_label=_deadline_label(p) if p.status == ProposalStatus.ASSIGNED else "",
                    detail=p.get_status_display(),
                    kind="info",
                )
            )
    terms = own_representatives(user).values("term")
    coming = Session.objects.filter(term__in=terms, held_on__gte=today).exclude(status=SessionStatus.CLOSED)
    for session in coming.order_by("held_on")[:3]:
        items.append(
            DeskItem(
                title=_("出席%(title)s") % {"title": session.title},
                url=reverse("proposal_create"),
                due=session.held_on,
                due_label=_("会议日期"),
                detail=_("可在会前提交提案"),
                kind="info",
            )
        )
    return items


def _committee_items(paths: list[str], today) -> list[DeskItem]:
    proposals = Proposal.objects.filter(paths_q(paths, _PATH))
    items = []
    for status, title in (
        (ProposalStatus.SUBMITTED, _("%(n)d 件提案待审查立案")),
        (ProposalStatus.ACCEPTED, _("%(n)d 件提案已立案，待交办")),
    ):
        count = proposals.filter(status=status).count()
        if count:
            items.append(
                DeskItem(
                    title=title % {"n": count},
                    url=reverse("proposal_list") + "?" + urlencode({"status": status}),
                    count=count,
                    kind="task",
                )
            )
    return items + _late_items(proposals, today)


def _late_items(proposals, today) -> list[DeskItem]:
    late = proposals.filter(status=ProposalStatus.ASSIGNED, deadline__lt=today)
    count = late.count()
    if not count:
        return []
    first = late.order_by("deadline", "pk").first()
    return [
        DeskItem(
            title=_("%(n)d 件提案逾期未答复") % {"n": count},
            url=reverse("proposal_list") + "?" + urlencode({"overdue": "1"}),
            due=first.deadline,
            due_label=_("最早答复期限（预估）") if first.deadline_provisional else _("最早答复期限"),
            overdue=True,
            count=count,
            kind="deadline",
        )
    ]


def desk(user) -> list[DeskItem]:
    today = timezone.localdate()
    items = _own_items(user, today)
    unions, _none = split_reach(user, CongressCap.MANAGE_CONGRESS)
    _none, federations = split_reach(user, CongressCap.VIEW_CONGRESS)
    if unions:
        items += _committee_items(unions, today)
    if federations:
        items += _late_items(Proposal.objects.filter(paths_q(federations, _PATH)), today)
    return items
