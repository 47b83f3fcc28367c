"""The tellers' page: paper ballots handed out while open; after close, box counts, their check and the
confirmation of the tally."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError
from gonghui.core.views import attempt, save_form

from .. import selectors, services
from ..forms import (
    PaperIssueForm,
    choices_of,
    paper_count_form,
    paper_counts,
)
from ..models import PollStatus
from ._common import _teller_poll


@login_required
def poll_tally(request, pk: int):
    """The tellers' page: hand out paper ballots while open; after close, enter and confirm box counts and
    confirm the tally's fingerprint."""
    poll = _teller_poll(request, pk)
    questions = list(poll.questions.all())
    count_form = paper_count_form(questions, request.POST or None)

    def enter(*, ballots, **_fields):  # one field per choice, grouped by question here
        counts = paper_counts(count_form, questions)
        return services.paper_count_enter(actor=request.user, poll=poll, ballots=ballots, counts=counts)

    if save_form(request, count_form, enter, _("已录入纸质选票计数，请另一位计票人核对确认。")):
        return redirect("poll_tally", pk=poll.pk)
    issue_form = PaperIssueForm(electors=_electors(poll)) if poll.status == PollStatus.OPEN else None
    return render(
        request,
        "voting/poll_tally.html",
        {
            "poll": poll,
            "questions": [
                (q, [(c, count_form[f"c-{q.position}-{c}"]) for c, _label in choices_of(q)])
                for q in questions
            ],
            "count_form": count_form,
            "issue_form": issue_form,
            "paper_counts": poll.paper_counts.select_related("entered_by", "confirmed_by").order_by(
                "entered_at"
            ),
            "tellers": poll.tellers.select_related("user").order_by("user__username"),
            "is_teller": selectors.is_teller(user=request.user, poll=poll),
            "turnout": selectors.turnout(poll),
        },
    )


def _electors(poll):
    return poll.electors.select_related("member").order_by("member__initials", "pk")


@login_required
@require_POST
def poll_paper_issue(request, pk: int):
    poll = _teller_poll(request, pk)
    form = PaperIssueForm(request.POST, electors=_electors(poll))
    if not form.is_valid():
        messages.error(request, _("请选择选举人名单中的人。"))
    else:
        member = form.cleaned_data["elector"].member
        issue = partial(services.paper_issue, actor=request.user, poll=poll, member=member)
        attempt(request, issue, _("已为%(name)s发放纸质选票。") % {"name": member.name})
    return redirect("poll_tally", pk=poll.pk)


@login_required
@require_POST
def paper_count_confirm(request, pk: int, count_pk: int):
    poll = _teller_poll(request, pk)
    count = poll.paper_counts.filter(pk=count_pk).first()
    if count is None:
        raise Http404
    confirm = partial(services.paper_count_confirm, actor=request.user, count=count)
    attempt(request, confirm, _("已确认这一箱的计数。"))
    return redirect("poll_tally", pk=poll.pk)


@login_required
@require_POST
def poll_confirm(request, pk: int):
    poll = _teller_poll(request, pk)
    try:
        poll = services.tally_confirm(actor=request.user, poll=poll)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if poll.status == PollStatus.CERTIFIED:
            messages.success(request, _("计票结果已确认，结果生效。"))
        else:
            messages.success(request, _("您已确认计票结果，等待其他计票人确认。"))
    return redirect("poll_tally", pk=poll.pk)
