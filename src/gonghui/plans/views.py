"""Pages for annual work plans: list, new plan, the plan with its numbered tree and progress, an item with its
link, notes and occurrences, the federation's board by unit, old versions. Thin: services write, selectors read."""

import secrets
from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.core.pagination import paginate
from gonghui.core.views import attempt, docx_response, download_name, get_or_404, save_form
from gonghui.meetings.selectors import meeting_list

from . import parsing, selectors, services
from .docx import plan_docx, summary_docx
from .forms import ImportForm, ItemForm, NewItemForm, PlanForm
from .models import PlanItem, Repeat


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


# The parsed outline waits in the session between upload and save (issue 15): the client only names it by a random
# token, so what is saved is what the server parsed, and a second submit finds nothing left to save. One pending
# import per session: a newer upload replaces it.
_IMPORT_KEY = "plans:import"
IMPORT_SUFFIXES = (".docx", ".txt")


def _read_import(data: dict) -> list[str]:
    """The lines of the uploaded file or the pasted text; PlanFileError (a DomainError) says what is wrong."""
    upload = data.get("file")
    if upload:
        name = upload.name or ""
        if not name.lower().endswith(IMPORT_SUFFIXES):
            raise parsing.PlanFileError(
                _("文件“%(name)s”不是 Word 文档（.docx）或纯文本文件，无法读取。") % {"name": name}
            )
        if upload.size > parsing.MAX_FILE_BYTES:
            raise parsing.PlanFileError(
                _("文件“%(name)s”超过 %(limit)d MB，不像一份工作计划。")
                % {"name": name, "limit": parsing.MAX_FILE_BYTES // 2**20}
            )
        return parsing.read_plan_bytes(upload.read(), name=name)
    text = (data.get("text") or "").strip()
    if not text:
        raise DomainError(_("请上传计划文件，或粘贴计划全文。"), code="empty")
    return parsing.read_plan_bytes(text.encode("utf-8"), name=_("粘贴的文本"))


@login_required
def plan_import(request):
    nodes = selectors.manageable_nodes(request.user)
    if not nodes.exists():
        raise Http404
    initial = {"year": timezone.localdate().year + (1 if timezone.localdate().month >= 11 else 0)}
    if request.node is not None and nodes.filter(pk=request.node.pk).exists():
        initial["node"] = request.node
    form = ImportForm(request.POST or None, request.FILES or None, nodes=nodes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if selectors.plan_exists(request.user, node=data["node"], year=data["year"]):
                raise DomainError(
                    _("%(node)s已有 %(year)s 年度的工作计划，请在原计划上修改。")
                    % {"node": data["node"].name, "year": data["year"]},
                    code="duplicate",
                )
            lines = _read_import(data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            outline = parsing.parse_plan(lines, data["year"])
            if not outline:
                form.add_error(None, _("没有找到编号的条目（如“一、”“（一）”“1.”），无法拆分为计划条目。"))
            else:
                token = secrets.token_urlsafe(16)
                request.session[_IMPORT_KEY] = {
                    "token": token,
                    "node": data["node"].pk,
                    "year": data["year"],
                    "title": (parsing.plan_title(lines) or _("%(year)s年工作计划") % {"year": data["year"]})[
                        :200
                    ],
                    "outline": outline,
                }
                return redirect(f"{reverse('plan_import_review')}?t={token}")
    return render(request, "plans/plan_import.html", {"form": form})


@login_required
def plan_import_review(request):
    # The token comes in the query string (GET) or the form (POST): an unknown one is a stale tab or a replay.
    token = request.POST.get("token") or request.GET.get("t") or ""
    nodes = selectors.manageable_nodes(request.user)
    if not nodes.exists():
        raise Http404
    pending = request.session.get(_IMPORT_KEY)
    if not pending or not secrets.compare_digest(str(pending.get("token", "")), token):
        messages.error(request, _("这份导入已经保存或已过期，请重新上传。"))
        return redirect("plan_import")
    node = nodes.filter(pk=pending["node"]).first()
    if node is None:
        raise Http404
    title = pending["title"]
    if request.method == "POST":
        title = request.POST.get("title", "")
        plan = None

        def save():
            nonlocal plan
            plan = services.create_plan_from_outline(
                actor=request.user, node=node, year=pending["year"], outline=pending["outline"], title=title
            )

        if attempt(request, save, _("已保存为草稿计划，可以逐条修改、补充。")):
            request.session.pop(_IMPORT_KEY, None)
            return redirect("plan_detail", pk=plan.pk)
    labels = dict(Repeat.choices)
    rows = [
        {
            **entry,
            "repeat_label": labels.get(entry["repeat"], ""),
            "goals": [t for t in entry["targets"] if not t.get("result")],
            "results": [t for t in entry["targets"] if t.get("result")],
        }
        for entry in pending["outline"]
    ]
    return render(
        request,
        "plans/plan_import_review.html",
        {"node": node, "year": pending["year"], "title": title, "rows": rows, "token": token},
    )


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
