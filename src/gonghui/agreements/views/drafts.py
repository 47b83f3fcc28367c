"""Drafts of the text: a new version, one version with its clauses and comments, the changes since the
version before, and the comments and bargaining points raised on a draft."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError
from gonghui.core.views import attempt, get_or_404

from .. import selectors, services
from ..forms import CommentForm, DraftForm, PointForm
from ..models import TEXT_OPEN, Clause, ClauseComment
from ._common import _agreement, _managed


@login_required
def draft_create(request, pk: int):
    agreement = _managed(request, pk)
    last = agreement.drafts.order_by("-number").first()
    initial = {c.area: c.text for c in last.clauses.all()} if last else {}
    open_points = agreement.points.filter(taken_up_in__isnull=True)
    form = DraftForm(request.POST or None, points=open_points, initial_clauses=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_create(
                actor=request.user,
                agreement=agreement,
                clauses=form.clauses(),
                note=form.cleaned_data["note"],
                took_up=form.cleaned_data["took_up"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存%(draft)s。") % {"draft": draft})
            return redirect("draft_detail", pk=agreement.pk, number=draft.number)
    return render(request, "agreements/draft_form.html", {"form": form, "a": agreement})


@login_required
def draft_detail(request, pk: int, number: int):
    agreement = _agreement(request, pk)
    draft = get_or_404(selectors.draft_get, user=request.user, agreement=agreement, number=number)
    manager = selectors.can_manage(request.user, agreement)
    latest = agreement.drafts.order_by("-number").first()
    may_comment = (
        draft == latest
        and agreement.status in TEXT_OPEN
        and (manager or selectors.may_comment(request.user, agreement))
    )
    return render(
        request,
        "agreements/draft_detail.html",
        {
            "a": agreement,
            "draft": draft,
            "clauses": draft.clauses.prefetch_related("comments__author"),
            "taken_up": draft.points_taken_up.all(),
            "manager": manager,
            "may_comment": may_comment,
            "comment_form": CommentForm(),
            "point_form": PointForm(),
        },
    )


@login_required
def draft_diff(request, pk: int, number: int):
    agreement = _agreement(request, pk)
    draft = get_or_404(selectors.draft_get, user=request.user, agreement=agreement, number=number)
    previous = agreement.drafts.filter(number__lt=number).order_by("-number").first()
    return render(
        request,
        "agreements/draft_diff.html",
        {
            "a": agreement,
            "draft": draft,
            "previous": previous,
            "diffs": selectors.draft_diff(previous, draft),
        },
    )


@login_required
@require_POST
def comment_add(request, pk: int):
    clause = Clause.objects.select_related("draft").filter(pk=pk).first()
    if clause is None:
        raise Http404
    agreement = _agreement(request, clause.draft.agreement_id)
    if not selectors.may_comment(request.user, agreement):
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = partial(
            services.comment_add, actor=request.user, clause=clause, text=form.cleaned_data["text"]
        )
        attempt(request, comment, _("已提交意见。"))
    else:
        messages.error(request, _("请填写意见，最多 2000 字。"))
    return redirect("draft_detail", pk=agreement.pk, number=clause.draft.number)


@login_required
@require_POST
def point_add(request, pk: int):
    agreement = _managed(request, pk)
    form = PointForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("请选择涉及内容并填写议题。"))
        comment = None
        if form.cleaned_data.get("comment"):
            comment = ClauseComment.objects.filter(
                pk=form.cleaned_data["comment"], clause__draft__agreement=agreement
            ).first()
        services.point_raise(
            actor=request.user,
            agreement=agreement,
            area=form.cleaned_data["area"],
            text=form.cleaned_data["text"],
            comment=comment,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已列入协商议题。"))
    draft = agreement.drafts.filter(number=request.POST.get("draft") or 0).first()
    if draft is not None:
        return redirect("draft_detail", pk=agreement.pk, number=draft.number)
    return redirect("agreement_detail", pk=agreement.pk)
