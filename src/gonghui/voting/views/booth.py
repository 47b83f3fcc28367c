"""The voting booth, for electors on a phone: my ballots, the ballot form, the receipt and its check.

The vote POST is the one hot path (800 electors within a minute): it parses the form without reading the
questions, calls `cast` and renders the receipt, nothing else."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from gonghui.core.errors import DomainError, PermissionDenied

from .. import selectors, services
from ..forms import (
    ReceiptForm,
    choices_of,
)
from ..models import Poll
from ._common import _poll


@never_cache
@login_required
def my_polls(request):
    """The representative's ballots: open polls still to vote in, and those already voted in."""
    return render(request, "voting/my_polls.html", {"polls": selectors.elector_polls(user=request.user)})


@never_cache
@login_required
@sensitive_post_parameters()
def poll_vote(request, pk: int):
    if request.method == "POST":
        return _cast(request, pk)
    poll = selectors.votable_polls(user=request.user).filter(pk=pk).first()
    if poll is None:
        return render(request, "voting/vote_unavailable.html", status=404)
    questions = [(q, choices_of(q)) for q in poll.questions.all()]
    return render(request, "voting/vote.html", {"poll": poll, "questions": questions})


@sensitive_variables("choices", "receipt")
def _cast(request, pk: int):
    """Cast and show the receipt once. Nothing is kept: no session entry, no message, no log line."""
    choices = parse_choices(request.POST)
    try:
        # cast locks and re-reads the poll row itself and needs only its key: loading the poll here would be
        # one more query on the path 800 electors take within a minute.
        receipt = services.cast(voter=request.user, poll=Poll(pk=pk), choices=choices)
    except PermissionDenied:
        return render(request, "voting/vote_unavailable.html", status=404)  # not an elector: nothing to see
    except DomainError as exc:
        context = {"message": exc.message, "pk": pk, "status": exc.status}
        return render(request, "voting/vote_refused.html", context, status=exc.status)
    return render(request, "voting/vote_receipt.html", {"receipt": receipt, "poll_pk": pk})


@sensitive_variables("data", "choices")
def parse_choices(data) -> dict:
    """Field names carry the question's form (yn-1, pick-2, rate-3), so no query is needed to read them."""
    choices: dict = {}
    for key in data:
        form, _sep, position = key.partition("-")
        if not position.isdigit():
            continue
        if form == "pick":
            choices[int(position)] = [value for value in data.getlist(key) if value]
        elif form in ("yn", "rate"):
            choices[int(position)] = data.get(key)
    return choices


@never_cache
@login_required
def receipt_check(request, pk: int):
    """Anyone who can see the poll checks that a ballot with a receipt code was counted, nothing more."""
    poll = _poll(request, pk)
    form = ReceiptForm(request.POST or None)
    counted = None
    if request.method == "POST" and form.is_valid():
        counted = selectors.receipt_counted(poll=poll, code=form.cleaned_data["code"])
    return render(request, "voting/receipt_check.html", {"poll": poll, "form": form, "counted": counted})
