"""Benchmark: import a 100,000-row roster .xlsx and commit it, on SQLite and on PostgreSQL.

    .venv/bin/python bench/import_members.py [--rows 100000] [--databases sqlite,postgres]
        [--postgres postgres://postgres@127.0.0.1:5432/gonghui_bench] [--peer-rows N]

Per database, in a fresh database and a process of its own, it times three imports of the same file into the
same table (emptied in between):

- ours: `roster_import(commit=True)`: the isolated calamine parse, validation of every cell (ID check
  digits, dates, choices, enterprises, duplicates), pinyin initials, lookups of existing members, bulk writes;
- the limit: the fastest reader (calamine, in process, no isolation) plus a raw bulk insert of the same rows
  with only the mapping the table needs (executemany on SQLite, COPY on PostgreSQL), no validation;
- the peer: django-import-export 4 as a Django developer would set it up (ModelResource, Chinese column
  names, ForeignKeyWidget for the enterprise, ID number as import id), and its bulk mode for comparison.

Targets: ours at least 25% of the limit's throughput and at least 10 times the peer's.
"""

import argparse
import datetime
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
ENTERPRISES = [f"第{n}精密制造有限公司" for n in range(1, 21)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
# Given names: one character for about one person in seven, two for the rest, from 88 common characters;
# about 80% of the 100,000 generated names are distinct, as in a real roster of that size.
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉萍文斌宇浩凯鹏飞婷雪梅琳晨阳"
    "子欣怡佳嘉俊轩雨涵梓博睿思宁安乐诗悦瑶晓东海波辉龙云峰鑫亮成春燕丹慧莉颖倩琪彤萱嘉昊然泽"
)
HEADERS = [
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "手机号",
    "民族",
    "学历",
    "政治面貌",
    "工作单位",
    "部门",
    "岗位",
    "用工形式",
    "入会日期",
    "会籍状态",
]
TEXT_COLUMNS = (1, 4)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


# --- The roster file --------------------------------------------------------------------------------------


def _id_number(birth: datetime.date, seq: int) -> str:
    body = f"320102{birth:%Y%m%d}{seq:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def write_roster(path: Path, rows: int) -> None:
    """A roster as a union keeps it: 14 columns, ID numbers and phones as text, dates as Excel dates."""
    rng = random.Random(2025)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("会员名册")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADERS)
    first_birth = datetime.date(1962, 1, 1)
    for n in range(rows):
        birth = first_birth + datetime.timedelta(days=n % 15000)
        seq = n // 15000 * 2 + rng.randint(0, 1) + 100
        given = rng.choices((1, 2), weights=(15, 85))[0]
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(given))
        row = n + 1
        sheet.write_string(row, 0, name)
        sheet.write_string(row, 1, _id_number(birth, seq))
        sheet.write_string(row, 2, "男" if seq % 2 else "女")
        sheet.write_datetime(row, 3, birth, date_format)
        sheet.write_string(row, 4, f"13{rng.randint(0, 999_999_999):09d}")
        sheet.write_string(row, 5, "汉族")
        sheet.write_string(row, 6, rng.choice(("高中/中专/技校", "大专", "本科", "硕士研究生")))
        sheet.write_string(row, 7, rng.choice(("中共党员", "共青团员", "群众", "群众")))
        sheet.write_string(row, 8, ENTERPRISES[n % len(ENTERPRISES)])
        sheet.write_string(row, 9, f"生产{n % 12 + 1}部")
        sheet.write_string(row, 10, rng.choice(("操作工", "技术员", "质检员", "班组长")))
        sheet.write_string(row, 11, rng.choice(("正式职工", "正式职工", "劳务派遣", "合同制")))
        sheet.write_datetime(
            row, 12, datetime.date(2010, 1, 1) + datetime.timedelta(days=n % 5000), date_format
        )
        sheet.write_string(row, 13, "在会")
    workbook.close()


# --- One database, in a process of its own -----------------------------------------------------------------


def run_database(label: str, path: Path, rows: int, peer_rows: int, repeat: int, peer_repeat: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(path.with_suffix(".sqlite3"))
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return _measure(label, path, rows, peer_rows, repeat, peer_repeat)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def _measure(label: str, path: Path, rows: int, peer_rows: int, repeat: int, peer_repeat: int) -> dict:
    """Best of `repeat` runs for ours and the limit (seconds each), of `peer_repeat` for the peer (minutes):
    other processes on the machine only ever slow a run down."""
    from django.db import connection

    from gonghui.orgs.models import Member

    union, actor = _setup()
    _warm_up()
    data = path.read_bytes()
    figures = {"database": label, "server": _server_version(), "rows": rows}

    figures["ours"] = _best_of(repeat, _empty, lambda: _ours(actor, union, data, path.name), rows)
    figures["ours"]["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    figures["ours"]["parser_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    assert Member.objects.count() == rows
    figures["ours_reimport"] = _best_of(
        repeat, lambda: None, lambda: _ours(actor, union, data, path.name), rows
    )

    figures["limit"] = _best_of(repeat, _empty, lambda: _limit(connection, union, path), rows)
    assert Member.objects.count() == rows

    peer_file = path if peer_rows == rows else _subset(path, peer_rows)
    for name, bulk in (("peer", False), ("peer_bulk", True)):
        figures[name] = _best_of(
            peer_repeat, _empty, lambda bulk=bulk: _peer(union, peer_file, bulk), peer_rows
        )
        assert Member.objects.count() == peer_rows
    return figures


def _best_of(times: int, reset, work, rows: int) -> dict:
    runs = []
    for _ in range(times):
        reset()
        started = time.perf_counter()
        work()
        runs.append(time.perf_counter() - started)
    seconds = min(runs)
    return {"seconds": round(seconds, 2), "rows_per_second": round(rows / seconds), "runs": len(runs)}


def _setup():
    from django.contrib.auth import get_user_model

    from gonghui.core.uscc import make_credit_code
    from gonghui.orgs.models import Enterprise, Org, OrgCategory, OrgKind

    root = Org.objects.add_root(
        {
            "name": "测试区总工会",
            "code": "F0001",
            "kind": OrgKind.FEDERATION,
            "category": OrgCategory.DISTRICT,
        }
    )
    union = Org.objects.add_child(
        root,
        {"name": "精密制造联合工会", "code": "U0001", "kind": OrgKind.UNION, "category": OrgCategory.JOINT},
    )
    for n, name in enumerate(ENTERPRISES, start=1):
        Enterprise.objects.create(
            name=name,
            credit_code=make_credit_code(n),
            industry="C",
            ownership="private",
            worker_count=10_000,
            area=root,
            union=union,
        )
    actor = get_user_model().objects.create_superuser("bench", password="bench-only-password")
    return union, actor


def _warm_up() -> None:
    """Load every contender's modules and pypinyin's dictionaries first: a worker process has them loaded."""
    import import_export.resources  # noqa: F401
    import tablib  # noqa: F401

    import gonghui.orgs.importing  # noqa: F401
    from gonghui.orgs.naming import name_initials

    name_initials("张三")


def _empty() -> None:
    from gonghui.orgs.models import Member

    Member.objects.all().delete()


def _server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        return f"{connection.vendor} {cursor.fetchone()[0]}"


def _ours(actor, union, data: bytes, filename: str) -> None:
    from gonghui.orgs.importing import roster_import

    report = roster_import(actor=actor, union=union, data=data, filename=filename, commit=True)
    assert report.committed and not report.errors, report.errors[:5]


# --- The physical limit: fastest reader + raw bulk insert ----------------------------------------------------

_LIMIT_COLUMNS = [
    "union_id",
    "name",
    "initials",
    "id_number",
    "id_tail",
    "sex",
    "birth_date",
    "phone",
    "phone_tail",
    "ethnicity",
    "education",
    "political_status",
    "enterprise_id",
    "department",
    "post",
    "employment_form",
    "joined_on",
    "status",
    "created_at",
    "updated_at",
]


def _limit(connection, union, path: Path) -> None:
    """calamine in process, then only the mapping the table's constraints need, then one bulk statement."""
    import python_calamine
    from django.db import transaction
    from django.utils import timezone

    from gonghui.orgs.models import Education, EmploymentForm, Enterprise, MemberStatus, PoliticalStatus

    with python_calamine.CalamineWorkbook.from_path(str(path)) as workbook:
        cells = workbook.get_sheet_by_index(0).to_python()
    codes = {
        str(label): value
        for choices in (Education, EmploymentForm, MemberStatus, PoliticalStatus)
        for value, label in choices.choices
    }
    enterprises = dict(Enterprise.objects.filter(union=union).values_list("name", "pk"))
    now = timezone.now()
    if (
        connection.vendor == "sqlite"
    ):  # stored as text, as Django writes them (sqlite3's adapters are deprecated)
        now = now.replace(tzinfo=None).isoformat(" ")
    records = [
        (
            union.pk,
            r[0],
            "",
            r[1],
            r[1][-4:],
            "M" if int(r[1][16]) % 2 else "F",
            r[3].isoformat(),
            r[4],
            r[4][-4:],
            r[5],
            codes[r[6]],
            codes[r[7]],
            enterprises[r[8]],
            r[9],
            r[10],
            codes[r[11]],
            r[12].isoformat(),
            codes[r[13]],
            now,
            now,
        )
        for r in cells[1:]
    ]
    columns = ", ".join(_LIMIT_COLUMNS)
    with transaction.atomic():
        raw = connection.connection.cursor()
        if connection.vendor == "sqlite":
            marks = ", ".join("?" * len(_LIMIT_COLUMNS))
            raw.executemany(f"INSERT INTO orgs_member ({columns}) VALUES ({marks})", records)
        else:
            with raw.copy(f"COPY orgs_member ({columns}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row(record)


# --- The peer: django-import-export ------------------------------------------------------------------------


def _peer(union, path: Path, bulk: bool) -> None:
    import tablib

    resource_class = _peer_resource(union, bulk)
    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    result = resource_class().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors() and not result.has_validation_errors()


def _peer_resource(union, bulk: bool):
    """A ModelResource as the django-import-export docs lead one to write it for this roster."""
    from import_export import fields, resources, widgets

    from gonghui.core.idnumber import parse_id_number
    from gonghui.orgs.models import (
        Education,
        EmploymentForm,
        Enterprise,
        Member,
        MemberStatus,
        PoliticalStatus,
    )
    from gonghui.orgs.naming import name_initials

    class LabelWidget(widgets.Widget):
        """Choice labels (本科, 在会...) to stored codes."""

        def __init__(self, choices):
            super().__init__()
            self.codes = {str(label): value for value, label in choices.choices}

        def clean(self, value, row=None, **kwargs):
            return self.codes.get(value, value or "")

    class RosterResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        id_number = fields.Field(attribute="id_number", column_name="身份证号")
        phone = fields.Field(attribute="phone", column_name="手机号")
        ethnicity = fields.Field(attribute="ethnicity", column_name="民族")
        education = fields.Field(attribute="education", column_name="学历", widget=LabelWidget(Education))
        political_status = fields.Field(
            attribute="political_status", column_name="政治面貌", widget=LabelWidget(PoliticalStatus)
        )
        enterprise = fields.Field(
            attribute="enterprise",
            column_name="工作单位",
            widget=widgets.ForeignKeyWidget(Enterprise, "name"),
        )
        department = fields.Field(attribute="department", column_name="部门")
        post = fields.Field(attribute="post", column_name="岗位")
        employment_form = fields.Field(
            attribute="employment_form", column_name="用工形式", widget=LabelWidget(EmploymentForm)
        )
        joined_on = fields.Field(attribute="joined_on", column_name="入会日期", widget=widgets.DateWidget())
        status = fields.Field(attribute="status", column_name="会籍状态", widget=LabelWidget(MemberStatus))

        class Meta:
            model = Member
            import_id_fields = ("id_number",)
            fields = (
                "name",
                "id_number",
                "phone",
                "ethnicity",
                "education",
                "political_status",
                "enterprise",
                "department",
                "post",
                "employment_form",
                "joined_on",
                "status",
            )
            use_bulk = bulk
            batch_size = 2000 if bulk else None
            skip_diff = bulk

        def before_save_instance(self, instance, row, **kwargs):
            """The same derivations our importer makes: the ID decides birth date and sex."""
            info = parse_id_number(instance.id_number)
            instance.union = union
            instance.id_number, instance.birth_date, instance.sex = info.number, info.birth_date, info.sex
            instance.id_tail, instance.phone_tail = info.number[-4:], instance.phone[-4:]
            instance.initials = name_initials(instance.name)

    return RosterResource


def _subset(path: Path, rows: int) -> Path:
    """The first `rows` data rows of the roster, for a quicker peer run (its time grows linearly)."""
    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(str(path)) as workbook:
        cells = workbook.get_sheet_by_index(0).to_python()[: rows + 1]
    target = path.with_name(f"subset-{rows}.xlsx")
    workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, value, date_format)
            else:
                sheet.write_string(r, c, str(value))
    workbook.close()
    return target


# --- Driver ----------------------------------------------------------------------------------------------


def _machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_kb // 1024 // 1024} GB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def _markdown(results: list[dict]) -> str:
    lines = [
        "| database | rows | ours s | ours rows/s | limit rows/s | peer rows/s (default / bulk) "
        "| ours ÷ limit | ours ÷ peer (default / bulk) | re-import s | RSS MB (ours / parser) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ours, limit, peer, bulk = r["ours"], r["limit"], r["peer"], r["peer_bulk"]
        lines.append(
            f"| {r['server']} | {r['rows']:,} | {ours['seconds']} | {ours['rows_per_second']:,} "
            f"| {limit['rows_per_second']:,} | {peer['rows_per_second']:,} / {bulk['rows_per_second']:,} "
            f"| {ours['rows_per_second'] / limit['rows_per_second']:.0%} "
            f"| {ours['rows_per_second'] / peer['rows_per_second']:.1f}× / "
            f"{ours['rows_per_second'] / bulk['rows_per_second']:.1f}× "
            f"| {r['ours_reimport']['seconds']} | {ours['rss_mb']} / {ours['parser_rss_mb']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--peer-rows", type=int, help="rows for django-import-export (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours and the limit; the best counts")
    parser.add_argument("--peer-repeat", type=int, default=1, help="runs of the peer; the best counts")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/gonghui_bench")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    peer_rows = args.peer_rows or args.rows
    if args.worker:
        figures = run_database(
            args.worker, Path(args.file), args.rows, peer_rows, args.repeat, args.peer_repeat
        )
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.xlsx"
        started = time.perf_counter()
        write_roster(path, args.rows)
        print(
            f"wrote {args.rows:,} rows, {path.stat().st_size / 2**20:.1f} MB, "
            f"in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        results = []
        for database in args.databases.split(","):
            env = {**os.environ, "GONGHUI_VAR_DIR": folder}
            if database == "postgres":
                env["DATABASE_URL"] = args.postgres
            else:
                env.pop("DATABASE_URL", None)
            command = [sys.executable, __file__, "--worker", database, "--file", str(path)]
            for option in ("rows", "repeat", "peer_repeat"):
                command += [f"--{option.replace('_', '-')}", str(getattr(args, option))]
            command += ["--peer-rows", str(peer_rows)]
            output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
            results.append(json.loads(output.strip().splitlines()[-1]))
            print(json.dumps(results[-1]), file=sys.stderr)
    print(f"Machine: {_machine()}\n")
    print(_markdown(results))


if __name__ == "__main__":
    main()
