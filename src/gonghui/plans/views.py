"""Pages for annual work plans: list, new plan, the plan with its numbered tree and progress, an item with its
link, notes and occurrences, the federation's board by unit, old versions. Thin: services write, selectors read."""

from datetime import date
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.core.pagination import paginate
from gonghui.core.views import attempt, docx_response, download_name, get_or_404, save_form
from gonghui.meetings.selectors import meeting_list

from . import selectors, services
from .docx import plan_docx, summary_docx
from .forms import ItemForm, NewItemForm, PlanForm
from .models import PlanItem


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@login_required
def plan_list(request):
    year = _int(request.GET.get("year"))
    search = request.GET.get("q", "")
    plans = selectors.plan_list(user=request.user, year=year, search=search)
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": paginate(request, plans),
            "q": search,
            "year": year,
            "can_create": selectors.manageable_nodes(request.user).exists(),
        },
    )


@login_required
def plan_create(request):
    nodes = selectors.manageable_nodes(request.user)
    if not nodes.exists():
        raise Http404
    sources = [("", _("空白计划")), *services.source_choices()]
    initial = {"year": timezone.localdate().year + (1 if timezone.localdate().month >= 11 else 0)}
    if request.node is not None and nodes.filter(pk=request.node.pk).exists():
        initial["node"] = request.node
    form = PlanForm(request.POST or None, nodes=nodes, sources=sources, initial=initial)
    plan = save_form(
        request,
        form,
        partial(services.plan_draft, actor=request.user),
        _("计划已建立，可以逐条修改、补充。"),
    )
    if plan:
        return redirect("plan_detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form})


@login_required
def plan_detail(request, pk: int):
    plan = get_or_404(selectors.plan_get, user=request.user, pk=pk)
    can = selectors.actions(request.user, plan)
    context = {
        "plan": plan,
        "rows": selectors.numbered_items(plan, with_progress=True),
        "can": can,
        "versions": plan.versions.all(),
        "today": timezone.localdate(),
    }
    if can["edit"]:
        context["item_form"] = NewItemForm()
    if can["adopt"]:
        context["meetings"] = meeting_list(user=request.user, node=plan.node)[:20]
    return render(request, "plans/plan_detail.html", context)


def _plan_step(request, pk: int, run, done: str):
    plan = get_or_404(selectors.plan_get, user=request.user, pk=pk)
    attempt(request, partial(run, plan), done)
    return redirect("plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_item_add(request, pk: int):
    plan = get_or_404(selectors.plan_get, user=request.user, pk=pk)
    form = NewItemForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                attempt(request, partial(_refuse, error))
        return redirect("plan_detail", pk=plan.pk)
    data = form.cleaned_data
    parent_pk = _int(request.POST.get("parent"))
    parent = PlanItem.objects.filter(plan=plan, pk=parent_pk).first() if parent_pk else None
    targets = [{"quantity": data["quantity"], "unit": data["unit"]}] if data["quantity"] is not None else []
    attempt(
        request,
        partial(
            services.item_add,
            actor=request.user,
            plan=plan,
            parent=parent,
            title=data["title"],
            owner_name=data["owner_name"],
            repeat=data["repeat"] or "",
            deadlines=[data["deadline"]] if data["deadline"] else [],
            targets=targets,
        ),
        _("条目已添加。"),
    )
    return redirect("plan_detail", pk=plan.pk)


def _refuse(message):
    raise DomainError(message)


def _forbid():
    raise PermissionDenied(_("只有本级工会主席、委员或上级工会干部可以修改计划。"))


@login_required
@require_POST
def plan_adopt(request, pk: int):
    plan = get_or_404(selectors.plan_get, user=request.user, pk=pk)
    meeting = (
        meeting_list(user=request.user, node=plan.node).filter(pk=_int(request.POST.get("meeting"))).first()
    )
    attempt(
        request,
        partial(services.plan_adopt, actor=request.user, plan=plan, meeting=meeting),
        _("已登记计划通过。"),
    )
    return redirect("plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_start(request, pk: int):
    return _plan_step(
        request, pk, lambda p: services.plan_start(actor=request.user, plan=p), _("计划开始执行。")
    )


@login_required
@require_POST
def plan_close(request, pk: int):
    return _plan_step(
        request, pk, lambda p: services.plan_close(actor=request.user, plan=p), _("计划已结束。")
    )


@login_required
@require_POST
def plan_new_version(request, pk: int):
    reason = request.POST.get("reason", "")
    return _plan_step(
        request,
        pk,
        lambda p: services.plan_new_version(actor=request.user, plan=p, reason=reason),
        _("已开始新版本，原版本已保存，可以修改条目。"),
    )


@login_required
def plan_version(request, pk: int, number: int):
    plan = get_or_404(selectors.plan_get, user=request.user, pk=pk)
    version = plan.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return render(request, "plans/plan_version.html", {"plan": plan, "version": version})


@login_required
def plan_item_edit(request, pk: int):
    item = get_or_404(selectors.item_get, user=request.user, pk=pk)
    plan = item.plan
    provider = request.POST.get("provider", item.provider) if request.method == "POST" else item.provider
    choices = services.provider_params_choices(plan, provider)
    initial = {
        "title": item.title,
        "owner_kind": item.owner_kind,
        "owner_name": item.owner_name,
        "provider": item.provider,
        "choice": (item.provider_params or {}).get("choice", ""),
    }
    form = ItemForm(
        request.POST or None, providers=selectors.provider_choices(), choices=choices, initial=initial
    )
    if request.method == "POST" and not selectors.may_manage(request.user, plan):
        attempt(request, _forbid)
        return redirect("plan_item_edit", pk=item.pk)
    if request.method == "POST":
        saved = save_form(
            request,
            form,
            lambda title, owner_kind, owner_name, provider, choice: services.item_update(
                actor=request.user,
                item=item,
                title=title,
                owner_kind=owner_kind,
                owner_name=owner_name,
                provider=provider,
                provider_params={"choice": choice} if choice else {},
            ),
            _("条目已保存。"),
        )
        if saved:
            return redirect("plan_item_edit", pk=item.pk)
    can = selectors.actions(request.user, plan)
    return render(
        request,
        "plans/item_detail.html",
        {
            "item": item,
            "plan": plan,
            "form": form,
            "can": can,
            "progress": selectors.item_progress(item),
            "notes": item.notes.select_related("author"),
            "milestones": item.milestones.all(),
            "occurrences": item.occurrences.all(),
            "targets": item.targets.all(),
            "today": timezone.localdate(),
            "copies": item.copies.exists(),
        },
    )


@login_required
@require_POST
def plan_note_add(request, pk: int):
    item = get_or_404(selectors.item_get, user=request.user, pk=pk)
    try:
        on = date.fromisoformat(request.POST.get("on", ""))
    except ValueError:
        on = timezone.localdate()
    attempt(
        request,
        partial(
            services.note_add,
            actor=request.user,
            item=item,
            on=on,
            text=request.POST.get("text", ""),
            evidence=request.FILES.get("evidence"),
        ),
        _("进展已记录。"),
    )
    return redirect("plan_item_edit", pk=item.pk)


@login_required
@require_POST
def plan_item_cascade(request, pk: int):
    item = get_or_404(selectors.item_get, user=request.user, pk=pk)
    attempt(request, partial(services.item_cascade, actor=request.user, item=item), _("已下达到各基层工会。"))
    return redirect("plan_item_edit", pk=item.pk)


@login_required
def plan_board(request, pk: int):
    item = get_or_404(selectors.item_get, user=request.user, pk=pk)
    lines = selectors.board(user=request.user, item=item)
    return render(request, "plans/plan_board.html", {"item": item, "plan": item.plan, "lines": lines})


def _done_on(request) -> date | None:
    return timezone.localdate() if request.POST.get("done") == "1" else None


@login_required
@require_POST
def plan_occurrence_tick(request, pk: int):
    occurrence = get_or_404(selectors.occurrence_get, user=request.user, pk=pk)
    attempt(
        request,
        partial(services.occurrence_tick, actor=request.user, occurrence=occurrence, on=_done_on(request)),
        _("已更新完成情况。"),
    )
    return redirect("plan_item_edit", pk=occurrence.item_id)


@login_required
@require_POST
def plan_milestone_done(request, pk: int):
    milestone = get_or_404(selectors.milestone_get, user=request.user, pk=pk)
    attempt(
        request,
        partial(services.milestone_done, actor=request.user, milestone=milestone, on=_done_on(request)),
        _("已更新完成情况。"),
    )
    return redirect("plan_item_edit", pk=milestone.item_id)


@login_required
def plan_export(request, pk: int):
    plan = get_or_404(selectors.plan_get, user=request.user, pk=pk)
    return docx_response(plan_docx(plan), download_name(plan.node.name, plan.title, suffix=".docx"))


@login_required
def plan_summary(request, pk: int):
    plan = get_or_404(selectors.plan_get, user=request.user, pk=pk)
    name = download_name(plan.node.name, _("%(year)s年工作总结") % {"year": plan.year}, suffix=".docx")
    return docx_response(summary_docx(plan), name)
