"""`gonghui import-members`: validate by default, write all or nothing with --commit, exit codes for scripts."""

import json

import pytest
from django.core.management import CommandError, call_command

from gonghui.core.audit import AuditEvent
from gonghui.orgs.models import Member

from .test_import_files import person, rows_of, xlsx


def _file(tmp_path, data: bytes, name: str = "名册.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _run(*args) -> int:
    try:
        call_command("import_members", *args)
    except SystemExit as exc:
        return exc.code
    return 0


def test_without_commit_it_only_validates(tree, tmp_path, capsys):
    path = _file(tmp_path, xlsx(rows_of([person(1), person(2)])))

    assert _run(path, "--union", tree.union_a.code) == 0

    assert "校验通过，尚未写入" in capsys.readouterr().out
    assert not Member.objects.filter(name="职工1").exists()


def test_commit_writes_every_row_and_logs_the_import(tree, tmp_path, capsys):
    path = _file(tmp_path, xlsx(rows_of([person(1), person(2)])))

    assert _run(path, "--union", tree.union_a.code, "--commit") == 0

    assert "已全部写入" in capsys.readouterr().out
    assert Member.objects.filter(union=tree.union_a, name__in=["职工1", "职工2"]).count() == 2
    event = AuditEvent.objects.get(action="member.import")
    assert event.actor is None and event.changes["new"] == 2


def test_a_file_with_errors_exits_1_writes_nothing_and_reports_each_error_as_json(tree, tmp_path, capsys):
    path = _file(tmp_path, xlsx(rows_of([person(1), person(2, 姓名=""), person(3, 入会日期="2020-13-01")])))

    assert _run(path, "--union", tree.union_a.code, "--commit", "--json") == 1

    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"rows": 3, "new": 1, "updated": 0, "unchanged": 0, "errors": 2}
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(3, "姓名"), (4, "入会日期")]
    assert all(e["message"] for e in report["errors"])
    assert report["committed"] is False
    assert not Member.objects.filter(name="职工1").exists()


def test_json_report_of_a_valid_file(tree, tmp_path, capsys):
    path = _file(tmp_path, xlsx(rows_of([person(1)])))

    assert _run(path, "--union", tree.union_a.code, "--json") == 0

    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["new"] == 1 and report["errors"] == [] and report["committed"] is False


def test_an_unreadable_file_exits_2_with_a_json_error(tree, tmp_path, capsys):
    path = _file(tmp_path, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "照片.png")

    assert _run(path, "--union", tree.union_a.code, "--json") == 2

    assert json.loads(capsys.readouterr().out)["error"]["code"] == "unsupported"


@pytest.mark.parametrize(
    "args",
    [
        ("missing.xlsx", "--union", "U0001"),
        ("{file}", "--union", "NO-SUCH-UNION"),
        ("{file}", "--union", "{union}", "--user", "ghost"),
    ],
)
def test_a_missing_file_unknown_union_or_user_exits_2(tree, tmp_path, args):
    path = _file(tmp_path, xlsx(rows_of([person(1)])))
    args = [a.format(file=path, union=tree.union_a.code) for a in args]
    if args[0] == "missing.xlsx":
        args[0], args[2] = str(tmp_path / "missing.xlsx"), tree.union_a.code

    with pytest.raises(CommandError) as caught:
        call_command("import_members", *args)

    assert caught.value.returncode == 2


def test_with_user_the_users_permission_applies(tree, tmp_path):
    path = _file(tmp_path, xlsx(rows_of([person(1)])))

    with pytest.raises(CommandError) as caught:
        call_command("import_members", path, "--union", tree.union_a.code, "--user", tree.chair_b.username)

    assert caught.value.returncode == 2
    assert not Member.objects.filter(name="职工1").exists()
