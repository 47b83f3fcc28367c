"""Pages of a session: a new session, one session with its agenda, opening and closing it, agenda items, and
setting up, opening and closing their votes."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.views import attempt, get_or_404, save_form
from gonghui.voting.views.managers import shares_page

from .. import selectors, services
from ..forms import AgendaForm, SessionForm
from ..models import Evaluation, RepresentativeStatus
from ..roles import CongressCap
from ._common import _can_manage, _form_page


@login_required
def session_create(request, pk: int):
    term = get_or_404(selectors.term_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    next_number = (term.sessions.count() or 0) + 1
    form = SessionForm(
        request.POST or None,
        initial={
            "number": next_number,
            "title": _("%(term)s第%(n)s次会议") % {"term": term, "n": next_number},
        },
    )
    session = save_form(request, form, partial(services.session_create, actor=request.user, term=term))
    if session:
        return redirect("congress_session_detail", pk=session.pk)
    return _form_page(request, form, _("新建会议"), reverse("congress_term_detail", args=[term.pk]))


@never_cache
@login_required
def session_detail(request, pk: int):
    session = get_or_404(selectors.session_get, user=request.user, pk=pk)
    evaluation = Evaluation.objects.filter(session=session).select_related("poll").first()
    return render(
        request,
        "congress/session_detail.html",
        {
            "session": session,
            "agenda": session.agenda.select_related("poll"),
            "evaluation": evaluation,
            "quorum": selectors.quorum(session),
            "can_manage": _can_manage(request.user, session.term.node),
            "agenda_form": AgendaForm(),
            "representatives": session.term.representatives.filter(status=RepresentativeStatus.ACTIVE)
            .select_related("member")
            .order_by("constituency", "member__name_key"),
        },
    )


def _session_action(request, pk: int, action, done: str):
    session = get_or_404(selectors.session_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    attempt(request, partial(action, actor=request.user, session=session), done)
    return redirect("congress_session_detail", pk=session.pk)


@login_required
@require_POST
def session_open(request, pk: int):
    return _session_action(request, pk, services.session_open, _("签到已开始。"))


@login_required
@require_POST
def session_close(request, pk: int):
    return _session_action(request, pk, services.session_close, _("会议已闭会，签到码全部失效。"))


@login_required
@require_POST
def agenda_add(request, pk: int):
    session = get_or_404(selectors.session_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    form = AgendaForm(request.POST)
    if form.is_valid():
        add = partial(services.agenda_add, actor=request.user, session=session, **form.cleaned_data)
        attempt(request, add)
    else:
        messages.error(request, _("请填写议题。"))
    return redirect("congress_session_detail", pk=session.pk)


@login_required
@require_POST
def agenda_vote_setup(request, pk: int):
    item = get_or_404(selectors.agenda_item_get, user=request.user, pk=pk)
    setup = partial(
        services.agenda_vote_setup,
        actor=request.user,
        item=item,
        secret=request.POST.get("named") != "1",
        tellers=_tellers(request, item.session),
    )
    attempt(request, setup, _("已为“%(title)s”设置表决。") % {"title": item.title})
    return redirect("congress_session_detail", pk=item.session_id)


def _tellers(request, session) -> list:
    """Tellers (计票人/监票人) ticked on the session page among the term's active representatives."""
    wanted = [int(p) for p in request.POST.getlist("teller") if p.isdigit()]
    return list(
        session.term.representatives.filter(pk__in=wanted, status=RepresentativeStatus.ACTIVE).select_related(
            "member"
        )
    )


@login_required
@require_POST
def vote_open(request, pk: int):
    session, poll = get_or_404(
        selectors.session_poll_get, user=request.user, poll_pk=pk, cap=CongressCap.MANAGE_CONGRESS
    )
    opened = []
    open_vote = lambda: opened.append(services.session_vote_open(actor=request.user, poll=poll))  # noqa: E731
    if not attempt(request, open_vote, _("表决已开始，代表可在手机上投票。")):
        return redirect("congress_session_detail", pk=session.pk)
    return shares_page(request, opened[0], reverse("congress_session_detail", args=[session.pk]))


@login_required
@require_POST
def vote_close(request, pk: int):
    session, poll = get_or_404(
        selectors.session_poll_get, user=request.user, poll_pk=pk, cap=CongressCap.MANAGE_CONGRESS
    )
    shares = request.POST.get("shares", "").splitlines()
    close_vote = partial(services.session_vote_close, actor=request.user, poll=poll, shares=shares)
    attempt(request, close_vote, _("表决已结束，请计票人核对并确认结果。"))
    return redirect("congress_session_detail", pk=session.pk)
