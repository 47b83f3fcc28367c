"""Roster import pages: upload → preview with every error → confirm → watch the background import."""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core.pagination import paginate
from gonghui.core.roles import Cap
from gonghui.core.views import attempt, get_or_404, save_form

from .. import importing
from ..guards import node_for
from ..models import ImportStatus

ERRORS_PER_PAGE = 100


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("名册文件"),
        help_text=gettext_lazy("Excel（.xlsx、.xls）或 CSV（UTF-8 或 GBK 编码）"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.xls,.csv"}),
    )


def _batch(request, pk: int):
    return get_or_404(importing.import_batch_get, user=request.user, pk=pk)


@login_required
def import_list(request):
    """Upload form and the imports of the current node; uploading needs a grassroots union."""
    node = node_for(request, Cap.EDIT_ROSTER)
    form = UploadForm(request.POST or None, request.FILES or None)
    if node.is_union:

        def upload(*, file):
            return importing.import_batch_create(actor=request.user, union=node, upload=file)

        batch = save_form(request, form, upload)
        if batch:
            return redirect("import_detail", pk=batch.pk)
    batches = importing.import_batch_list(user=request.user, node=node)
    return render(
        request, "orgs/import_list.html", {"form": form, "node": node, "page": paginate(request, batches)}
    )


@login_required
def import_detail(request, pk: int):
    """The report of one upload; while the import runs, htmx polls the status panel of this page."""
    batch = _batch(request, pk)
    errors = Paginator(batch.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    template = "orgs/import_detail.html#batch" if request.htmx else "orgs/import_detail.html"
    return render(
        request,
        template,
        {
            "batch": batch,
            "counts": batch.counts,
            "errors": errors,
            "page": errors,
            "running": batch.status == ImportStatus.QUEUED and not batch.is_stale,
        },
    )


@login_required
@require_POST
def import_commit(request, pk: int):
    batch = _batch(request, pk)
    if attempt(request, partial(importing.import_batch_commit, actor=request.user, batch=batch)):
        batch.refresh_from_db()
        if batch.status == ImportStatus.COMMITTED:
            messages.success(request, _("导入完成。"))
        elif batch.status == ImportStatus.QUEUED:
            messages.info(request, _("已开始导入，完成后本页会自动更新。"))
        else:  # the task ran at once and found the roster changed since the upload
            messages.error(request, _("没有导入任何数据：请查看下方的错误清单。"))
    return redirect("import_detail", pk=batch.pk)
