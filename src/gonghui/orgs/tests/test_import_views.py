"""Importing in the browser: upload → preview of every error → confirm → background import, and its guards."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.core.audit import AuditEvent
from gonghui.core.errors import Conflict
from gonghui.orgs import importing
from gonghui.orgs.importing import batches
from gonghui.orgs.models import ImportBatch, ImportStatus, Member

from .factories import MemberFactory
from .test_import_files import csv_bytes, person, rows_of, xlsx


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _at(client, user, node):
    client.force_login(user)
    session = client.session
    session["current_node_id"] = node.pk
    session.save()
    return client


def _upload(client, data: bytes, name: str = "名册.xlsx"):
    return client.post(reverse("import_list"), {"file": SimpleUploadedFile(name, data)})


def _batch(tree, people, name: str = "名册.xlsx") -> ImportBatch:
    upload = SimpleUploadedFile(name, xlsx(rows_of(people)))
    return importing.import_batch_create(actor=tree.chair_a, union=tree.union_a, upload=upload)


def test_upload_shows_a_preview_with_counts_and_writes_nothing(client, tree):
    _at(client, tree.chair_a, tree.union_a)

    response = _upload(client, xlsx(rows_of([person(1), person(2)])))

    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("import_detail", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "已校验，待确认" in page and "确认导入" in page
    assert batch.counts["new"] == 2
    assert not Member.objects.filter(name__in=["职工1", "职工2"]).exists()


def test_preview_lists_each_error_with_row_person_column_value_and_message_and_offers_no_confirm(
    client, tree
):
    _at(client, tree.chair_a, tree.union_a)
    other = tree.members_b[0]
    people = [
        person(1, 身份证号="110105194912310021"),
        person(2, 身份证号=other.id_number, 出生日期="", 性别=""),
    ]

    response = client.get(_upload(client, xlsx(rows_of(people))).url)

    page = response.content.decode()
    assert "有错误" in page and "确认导入" not in page
    assert (
        "<td>2</td><td>职工1</td><td>身份证号</td><td><code>110105194912310021</code></td>"
        '<td class="cell-text">身份证号校验位错误'
    ) in page
    assert "乙电子公司工会" in page  # the transfer case, with the union the person belongs to
    assert other.id_number not in page


def test_confirm_imports_everything_and_shows_the_result(client, tree):
    _at(client, tree.chair_a, tree.union_a)
    batch = _batch(tree, [person(n) for n in range(1, 6)])

    response = client.post(reverse("import_commit", args=[batch.pk]), follow=True)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert Member.objects.filter(name__startswith="职工").count() == 5
    assert "导入完成" in response.content.decode()


def test_a_second_confirm_is_refused_and_changes_nothing(client, tree):
    _at(client, tree.chair_a, tree.union_a)
    batch = _batch(tree, [person(1)])
    client.post(reverse("import_commit", args=[batch.pk]))

    response = client.post(reverse("import_commit", args=[batch.pk]), follow=True)

    assert "不会重复导入" in response.content.decode()
    assert AuditEvent.objects.filter(action="member.import").count() == 1
    assert ImportBatch.objects.get().status == ImportStatus.COMMITTED


def test_a_batch_already_queued_cannot_be_confirmed_again(tree):
    batch = _batch(tree, [person(1)])
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.QUEUED)

    with pytest.raises(Conflict):
        importing.import_batch_commit(actor=tree.chair_a, batch=batch)
    assert not Member.objects.filter(name="职工1").exists()


def test_an_invalid_batch_cannot_be_confirmed(client, tree):
    _at(client, tree.chair_a, tree.union_a)
    batch = _batch(tree, [person(1, 姓名="")])

    response = client.post(reverse("import_commit", args=[batch.pk]), follow=True)

    assert "不能导入" in response.content.decode()
    assert ImportBatch.objects.get().status == ImportStatus.INVALID


def test_confirm_validates_again_and_writes_nothing_if_the_roster_changed_meanwhile(tree):
    people = [person(1), person(2)]
    batch = _batch(tree, people)
    MemberFactory(
        union=tree.union_b, id_number=people[1]["身份证号"], birth_date=tree.members_b[0].birth_date
    )

    batch = importing.import_batch_commit(actor=tree.chair_a, batch=batch)

    assert batch.status == ImportStatus.INVALID
    assert batch.counts["transfer_cases"][0]["row"] == 3
    assert not Member.objects.filter(id_number=people[0]["身份证号"]).exists()


def test_the_stored_file_is_deleted_once_imported(tree, django_capture_on_commit_callbacks):
    batch = _batch(tree, [person(1)])
    path = batch.file.path

    with django_capture_on_commit_callbacks(execute=True):
        importing.import_batch_commit(actor=tree.chair_a, batch=batch)

    batch.refresh_from_db()
    assert not batch.file
    assert not Path(path).exists()


def test_a_batch_whose_file_vanished_fails_with_a_message_and_can_be_confirmed_again(tree):
    batch = _batch(tree, [person(1)])
    content = batch.file.read()
    batch.file.storage.delete(batch.file.name)

    failed = importing.import_batch_commit(actor=tree.chair_a, batch=batch)

    assert failed.status == ImportStatus.FAILED
    assert failed.errors == [
        {"row": 0, "column": "", "message": "上传的文件已不存在，请重新上传。", "name": "", "value": ""}
    ]
    batch.file.storage.save(batch.file.name, ContentFile(content))
    assert importing.import_batch_commit(actor=tree.chair_a, batch=failed).status == ImportStatus.COMMITTED
    assert Member.objects.filter(name="职工1").count() == 1


def test_an_invalid_upload_keeps_no_copy_of_the_file(tree):
    batch = _batch(tree, [person(1, 姓名="")])

    assert batch.status == ImportStatus.INVALID and not batch.file


def test_nul_bytes_in_an_upload_are_reported_not_a_server_error(client, tree):
    """PostgreSQL refuses NUL in text and in JSON; the report must not carry one."""
    _at(client, tree.chair_a, tree.union_a)

    response = _upload(client, csv_bytes(rows_of([person(1, 姓名="张\x00三", 手机号="\x00")])), "名册.csv")

    assert response.status_code == 302
    assert [error["column"] for error in ImportBatch.objects.get().errors] == ["姓名", "手机号"]


def test_an_unreadable_upload_is_refused_on_the_form(client, tree):
    _at(client, tree.chair_a, tree.union_a)

    response = _upload(client, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "照片.png")

    assert response.status_code == 200
    assert "无法识别的文件类型" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_oversized_upload_is_refused_before_it_is_read(client, tree, monkeypatch):
    monkeypatch.setattr(batches, "MAX_UPLOAD_BYTES", 1000)
    _at(client, tree.chair_a, tree.union_a)

    response = _upload(client, csv_bytes(rows_of([person(n) for n in range(100)])), "名册.csv")

    assert "请拆分后分批上传" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_while_the_import_runs_htmx_polls_the_status_and_stops_when_done(client, tree):
    _at(client, tree.chair_a, tree.union_a)
    batch = _batch(tree, [person(1)])
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.QUEUED)
    url = reverse("import_detail", args=[batch.pk])

    running = client.get(url, headers={"HX-Request": "true"}).content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.COMMITTED)
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert 'hx-trigger="every 2s"' in running and "<html" not in running
    assert "hx-trigger" not in done and "全部写入名册" in done


def test_the_upload_page_links_the_template_and_lists_the_unions_imports(client, tree):
    _batch(tree, [person(1)], name="三月名册.xlsx")
    _at(client, tree.chair_a, tree.union_a)

    page = client.get(reverse("import_list")).content.decode()

    assert reverse("member_template") in page
    assert "三月名册.xlsx" in page


def test_a_federation_node_shows_how_to_pick_a_union_instead_of_the_form(client, tree):
    _at(client, tree.superuser, tree.town_a)

    page = client.get(reverse("import_list")).content.decode()

    assert "请用右上角的组织切换" in page and 'type="file"' not in page


@pytest.mark.parametrize("who", ["cadre_a", "auditor_a", "member_user", "nobody"])
def test_the_import_pages_are_404_without_the_right_to_edit_the_roster(client, tree, who):
    batch = _batch(tree, [person(1)])
    _at(client, getattr(tree, who), tree.union_a)

    assert client.get(reverse("import_list")).status_code == 404
    assert client.get(reverse("import_detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("import_commit", args=[batch.pk])).status_code == 404
    assert ImportBatch.objects.get().status == ImportStatus.VALIDATED


def test_another_unions_batch_is_404(client, tree):
    batch = _batch(tree, [person(1)])
    _at(client, tree.chair_b, tree.union_b)

    assert client.get(reverse("import_detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("import_commit", args=[batch.pk])).status_code == 404
    assert batch not in importing.import_batch_list(user=tree.chair_b, node=tree.union_b)


def test_confirm_needs_a_post(client, tree):
    _at(client, tree.chair_a, tree.union_a)
    batch = _batch(tree, [person(1)])

    assert client.get(reverse("import_commit", args=[batch.pk])).status_code == 405


def test_a_batch_whose_worker_died_can_be_submitted_again_after_its_lease(client, tree):
    """RELIABILITY X5: a killed worker leaves the batch queued and nothing written; after the lease it re-runs."""
    batch = _batch(tree, [person(1), person(2)])
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.QUEUED, queued_at=timezone.now() - ImportBatch.STALE_AFTER - timedelta(minutes=1)
    )
    _at(client, tree.chair_a, tree.union_a)
    page = client.get(reverse("import_detail", kwargs={"pk": batch.pk})).content.decode()
    assert "长时间没有完成" in page and "every 2s" not in page
    client.post(reverse("import_commit", kwargs={"pk": batch.pk}))
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.COMMITTED
    assert AuditEvent.objects.filter(action="member.import_requeue", object_id=str(batch.pk)).count() == 1
    assert Member.objects.filter(union=tree.union_a).count() == len(tree.members_a) + 1 + 2
