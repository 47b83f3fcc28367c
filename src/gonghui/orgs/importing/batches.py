"""The browser's flow around the pipeline: upload (validated, nothing written), confirm, import in a task.

A batch moves validated → queued → committed, or ends invalid (errors in the file, found at upload or when
the task validates again) or failed (the task could not run; it may be confirmed again).
"""

import hashlib
from dataclasses import asdict
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.permissions import require
from gonghui.core.roles import Cap
from gonghui.core.spreadsheets import MAX_UPLOAD_BYTES, SpreadsheetError
from gonghui.orgs.models import ImportBatch, ImportStatus, Org
from gonghui.orgs.selectors import has_cap

from .pipeline import apply, prepare, require_roster_keeper, roster_import
from .report import ImportReport, RowError, safe_text


def import_batch_list(*, user, node: Org) -> QuerySet[ImportBatch]:
    if not has_cap(user, Cap.EDIT_ROSTER, node):
        return ImportBatch.objects.none()
    batches = ImportBatch.objects.filter(union__path__startswith=node.path)
    return batches.select_related("union", "uploaded_by").order_by("-created_at", "-pk")


def import_batch_get(*, user, pk: int) -> ImportBatch:
    batch = ImportBatch.objects.select_related("union", "uploaded_by").filter(pk=pk).first()
    if batch is None or not has_cap(user, Cap.EDIT_ROSTER, batch.union):
        raise NotFound()
    return batch


def import_batch_create(*, actor, union: Org, upload) -> ImportBatch:
    """Validate an uploaded file and keep the report; the file itself is kept only if it can be imported."""
    require_roster_keeper(actor, union)
    if upload.size > MAX_UPLOAD_BYTES:  # before reading it into memory
        raise DomainError(
            SpreadsheetError("too_large", limit_mb=MAX_UPLOAD_BYTES // 2**20).message, code="too_large"
        )
    data = upload.read()
    report = roster_import(actor=actor, union=union, data=data, filename=upload.name, commit=False)
    digest = hashlib.sha256(data).hexdigest()
    batch = ImportBatch(
        union=union,
        uploaded_by=actor,
        filename=safe_text(upload.name, 200),
        sha256=digest,
        status=ImportStatus.VALIDATED if report.ok else ImportStatus.INVALID,
    )
    _store_report(batch, report)
    with transaction.atomic():
        if report.ok:  # the file holds ID numbers: keep it only while it may still be imported (PIPL)
            suffix = Path(upload.name).suffix.lower() if Path(upload.name).suffix.isascii() else ""
            batch.file.save(f"{digest[:20]}{suffix[:6]}", ContentFile(data), save=False)
        batch.save()
        audit(
            actor=actor,
            action="member.import_upload",
            obj=batch,
            scope_path=union.path,
            changes={"filename": batch.filename, **report.counts()},
        )
    return batch


def import_batch_commit(*, actor, batch: ImportBatch) -> ImportBatch:
    """Queue the import of a validated (or failed) batch; the task validates again and writes all or none.

    The task is enqueued inside the transaction that marks the batch queued: with the database task
    backend both rows commit together, so a batch is never queued without its task or the reverse.
    """
    require(has_cap(actor, Cap.EDIT_ROSTER, batch.union))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status == ImportStatus.COMMITTED or (
            locked.status == ImportStatus.QUEUED and not locked.is_stale
        ):
            raise Conflict(
                _("该文件已提交导入（%(status)s），不会重复导入。") % {"status": locked.get_status_display()},
                code="already_submitted",
            )
        if locked.status == ImportStatus.INVALID:
            raise DomainError(_("该文件有错误，不能导入：请按错误清单修改后重新上传。"), code="invalid")
        action = "member.import_requeue" if locked.is_stale else "member.import_queue"
        locked.status, locked.queued_at = ImportStatus.QUEUED, timezone.now()
        locked.save(update_fields=["status", "queued_at"])
        audit(actor=actor, action=action, obj=locked, scope_path=locked.union.path)
        from gonghui.orgs.tasks import import_batch_task  # the task module imports this package

        import_batch_task.enqueue(batch_id=locked.pk, actor_id=actor.pk)
    locked.refresh_from_db()
    return locked


def import_batch_run(*, batch_id: int, actor_id: int) -> str:
    """The task's work: import a queued batch's file, validating it again. Returns the final status.

    The file is read and checked before the transaction; the batch is claimed inside it, so a second
    delivery of the task waits for the first and then finds the batch done.
    """
    batch = ImportBatch.objects.select_related("union").get(pk=batch_id)
    if batch.status != ImportStatus.QUEUED:
        return batch.status
    try:
        with batch.file.open("rb") as stream:
            data = stream.read()
        actor = get_user_model().objects.get(pk=actor_id)
        prepared = prepare(actor=actor, union=batch.union, data=data, filename=batch.filename)
        with transaction.atomic():
            if (
                not ImportBatch.objects.select_for_update()
                .filter(pk=batch.pk, status=ImportStatus.QUEUED)
                .exists()
            ):
                return ImportBatch.objects.get(pk=batch.pk).status
            report = apply(prepared, commit=True)
            _finish(batch, ImportStatus.COMMITTED if report.committed else ImportStatus.INVALID, report)
    except OSError:
        _fail(batch, _("上传的文件已不存在，请重新上传。"))
    except DomainError as exc:
        _fail(batch, exc.message)
    except Exception:
        _fail(batch, _("导入时发生系统错误，没有写入任何数据。请稍后重试或联系管理员。"))
        raise
    return ImportBatch.objects.get(pk=batch.pk).status


def _store_report(batch: ImportBatch, report: ImportReport) -> None:
    batch.counts = {
        **report.counts(),
        "transfer_cases": [asdict(case) for case in report.transfer_cases],
        "unknown_columns": report.unknown_columns,
    }
    batch.errors = [asdict(error) for error in report.errors]


def _finish(batch: ImportBatch, status: str, report: ImportReport) -> None:
    """Record the outcome. Committed or invalid, the stored file has no further use and is deleted."""
    batch.status, batch.finished_at = status, timezone.now()
    _store_report(batch, report)
    name, storage = batch.file.name, batch.file.storage
    batch.file = ""
    batch.save(update_fields=["status", "finished_at", "counts", "errors", "file"])
    transaction.on_commit(lambda: storage.delete(name))


def _fail(batch: ImportBatch, problem: str) -> None:
    """Mark a batch that could not be imported, unless another run of the task has finished it meanwhile.

    The file is kept, so the batch can be confirmed again.
    """
    ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.FAILED, finished_at=timezone.now(), errors=[asdict(RowError(0, "", problem))]
    )
