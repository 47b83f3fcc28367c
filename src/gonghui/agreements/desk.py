"""What collective contracts put on each user's work desk (core.registry.desk_items).

A union's chair and staff see each agreement's next deadline (answer to the offer, review by the congress,
filing, publication, renewal, a vacant seat to fill); a federation cadre sees how many of the unions below are
late, by kind; the employer's representative sees the offer waiting for his answer; a worker representative
sees the draft waiting for his comments."""

from datetime import date, timedelta

from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gonghui.core.registry import DeskItem
from gonghui.orgs.desk import split_reach
from gonghui.orgs.selectors import paths_q

from . import selectors
from .models import TEXT_OPEN, Agreement, AgreementStatus, ClauseComment, Draft
from .roles import AgreementCap

# How far ahead a deadline shows on the desk: a product choice, long enough to prepare a filing or a session.
HORIZON = timedelta(days=30)

# Clock code → (what to do, what the date means). The renewal clock is handled apart: its date opens a window.
_ACTIONS = {
    "offer_reply": (_("等待行政方答复协商要约"), _("答复期限")),
    "review": (_("提交职代会审议草案"), _("提交审议期限")),
    "filing": (_("报送劳动行政部门审查"), _("报送期限")),
    "objection": (_("审查异议期届满，合同自次日起生效"), _("异议期届满")),
    "publication": (_("向全体职工公布合同"), _("公布期限")),
    "vacancy": (_("补充协商代表"), _("补缺期限")),
}


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


def _agreements_in(paths: list[str]):
    return Agreement.objects.filter(paths_q(paths)).select_related("node", "kind")


def _union_items(user, paths: list[str], today: date) -> list[DeskItem]:
    """Each agreement's open deadlines that are late or come within the horizon."""
    items = []
    open_states = [s for s in AgreementStatus if s not in (AgreementStatus.RENEWED, AgreementStatus.ENDED)]
    for agreement in _agreements_in(paths).filter(status__in=open_states):
        url = _url("agreement_detail", pk=agreement.pk)
        for clock in selectors.clocks(agreement):
            if clock.done_on:
                continue
            if clock.code == "renewal":
                if agreement.status == AgreementStatus.EXPIRING:
                    items.append(
                        DeskItem(
                            title=_("续订集体合同：%(title)s") % {"title": agreement.title},
                            url=url,
                            due=agreement.ends_on,
                            due_label=_("合同期满"),
                            overdue=today > agreement.ends_on,
                            detail=_("续订期已于 %(date)s 开始，可向对方提出续订协商")
                            % {"date": clock.due.isoformat()},
                            kind="deadline",
                        )
                    )
                continue
            if clock.code not in _ACTIONS or clock.due > today + HORIZON:
                continue
            action, label = _ACTIONS[clock.code]
            if clock.code == "vacancy":
                action = clock.label
            items.append(
                DeskItem(
                    title=f"{action}：{agreement.title}",
                    url=url,
                    due=clock.due,
                    due_label=label,
                    overdue=clock.overdue(today) and clock.code != "objection",
                    kind="deadline",
                )
            )
    return items


def _federation_items(paths: list[str], today: date) -> list[DeskItem]:
    """Counts of the unions below that are late, each a link to the list that names them."""
    agreements = _agreements_in(paths)
    items = []

    def add(query: Q, title: str, status: str, due_field: str, label: str, overdue: bool) -> None:
        found = agreements.filter(query)
        count = found.count()
        if not count:
            return
        first = found.order_by(due_field).values_list(due_field, flat=True).first()
        items.append(
            DeskItem(
                title=title % {"n": count},
                url=reverse("agreement_list") + "?" + urlencode({"status": status}),
                due=first,
                due_label=label,
                overdue=overdue,
                count=count,
                kind="deadline",
            )
        )

    s = AgreementStatus
    add(
        Q(status=s.EXPIRING, ends_on__lt=today),
        ngettext("%(n)d 份集体合同已期满未续订", "%(n)d 份集体合同已期满未续订", 2),
        s.EXPIRING,
        "ends_on",
        _("最早期满"),
        True,
    )
    add(
        Q(status=s.EXPIRING, ends_on__gte=today),
        ngettext("%(n)d 份集体合同进入续订期，待续订", "%(n)d 份集体合同进入续订期，待续订", 2),
        s.EXPIRING,
        "ends_on",
        _("最早期满"),
        False,
    )
    add(
        Q(status=s.SIGNED, filed_on__isnull=True, filing_due__lt=today),
        ngettext("%(n)d 份集体合同逾期未报送审查", "%(n)d 份集体合同逾期未报送审查", 2),
        s.SIGNED,
        "filing_due",
        _("最早报送期限"),
        True,
    )
    add(
        Q(status=s.OFFERED, offer_reply_due__lt=today),
        ngettext("%(n)d 份协商要约逾期未获答复", "%(n)d 份协商要约逾期未获答复", 2),
        s.OFFERED,
        "offer_reply_due",
        _("最早答复期限"),
        True,
    )
    late_filed = agreements.filter(
        filed_on__isnull=False,
        filing_due__isnull=False,
        filed_on__gt=F("filing_due"),
        filed_on__year=today.year,
    ).count()
    if late_filed:
        items.append(
            DeskItem(
                title=_("今年有 %(n)d 份集体合同逾期报送审查") % {"n": late_filed},
                url=reverse("agreement_stats"),
                count=late_filed,
                kind="info",
                detail=_("已报送，见合同统计中的逾期报送名单"),
            )
        )
    return items


def _employer_items(user, today: date) -> list[DeskItem]:
    """Offers waiting for the employer's written answer (劳动合同法 and 集体合同规定第三十二条)."""
    offered = Agreement.objects.filter(selectors._employer_q(user), status=AgreementStatus.OFFERED)
    return [
        DeskItem(
            title=_("书面答复工会的协商要约：%(title)s") % {"title": a.title},
            url=_url("agreement_detail", pk=a.pk),
            due=a.offer_reply_due,
            due_label=_("答复期限"),
            overdue=bool(a.offer_reply_due and today > a.offer_reply_due),
            kind="request",
        )
        for a in offered.distinct().order_by("offer_reply_due", "pk")
    ]


def _representative_items(user) -> list[DeskItem]:
    """The latest draft of each agreement still being written, while the representative has not commented."""
    q = selectors._representative_q(user)
    if q == Q(node__in=[]):
        return []
    agreements = Agreement.objects.filter(q, status__in=TEXT_OPEN).annotate(latest=Max("drafts__number"))
    items = []
    for a in agreements.filter(latest__isnull=False).order_by("pk"):
        draft = Draft.objects.filter(agreement=a, number=a.latest).first()
        if draft is None:
            continue
        if ClauseComment.objects.filter(clause__draft=draft, author=user).exists():
            continue
        items.append(
            DeskItem(
                title=_("对合同草案逐条提出意见：%(title)s") % {"title": a.title},
                url=_url("draft_detail", pk=a.pk, number=draft.number),
                detail=_("第 %(n)d 稿") % {"n": draft.number},
                kind="review",
            )
        )
    return items


def desk(user) -> list[DeskItem]:
    today = timezone.localdate()
    union_paths, _none = split_reach(user, AgreementCap.MANAGE_AGREEMENTS)
    _none, federation_paths = split_reach(user, AgreementCap.VIEW_AGREEMENTS)
    items = []
    if union_paths:
        items += _union_items(user, union_paths, today)
    if federation_paths:
        items += _federation_items(federation_paths, today)
    items += _employer_items(user, today)
    items += _representative_items(user)
    return items
