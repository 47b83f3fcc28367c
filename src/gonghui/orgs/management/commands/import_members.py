"""`gonghui import-members FILE --union CODE [--commit] [--json]`: check a roster file, optionally import it.

Exit status: 0 the file is valid (and, with --commit, written); 1 the file has errors and nothing was
written; 2 the file or the command could not be processed at all (unreadable file, unknown union).
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.core.spreadsheets import MAX_UPLOAD_BYTES
from gonghui.orgs.importing import ImportReport, roster_import
from gonghui.orgs.models import Org, OrgKind

EXIT_INVALID = 1
EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = _("校验会员名册文件（.xlsx、.xls、.csv），加 --commit 则全部写入或全部不写入。")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("名册文件路径"))
        parser.add_argument("--union", required=True, help=_("基层工会的组织代码"))
        parser.add_argument("--commit", action="store_true", help=_("校验无误后写入；不加则只校验"))
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help=_("以 JSON 输出报告，供程序读取")
        )
        parser.add_argument("--user", help=_("以该用户的身份和权限导入（默认：服务器管理员）"))

    def handle(self, *args, file: str, union: str, commit: bool, as_json: bool, user: str | None, **options):
        self.as_json = as_json
        target = Org.objects.filter(code=union, kind=OrgKind.UNION).first()
        if target is None:
            self._fail(_("没有代码为“%(code)s”的基层工会。") % {"code": union}, "unknown_union")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                self._fail(_("没有用户名为“%(name)s”的用户。") % {"name": user}, "unknown_user")
        try:
            report = roster_import(
                actor=actor,
                union=target,
                data=self._read(Path(file)),
                filename=Path(file).name,
                commit=commit,
            )
        except DomainError as exc:
            self._fail(exc.message, exc.code)
        self._print(report, commit)
        if not report.ok:
            raise SystemExit(EXIT_INVALID)

    def _read(self, path: Path) -> bytes:
        try:
            if path.stat().st_size > MAX_UPLOAD_BYTES:  # refuse before reading it into memory
                self._fail(
                    _("文件超过 %(limit)d MB，请拆分后分批导入。") % {"limit": MAX_UPLOAD_BYTES // 2**20},
                    "too_large",
                )
            return path.read_bytes()
        except OSError as exc:
            self._fail(
                _("无法读取文件“%(path)s”：%(reason)s") % {"path": path, "reason": exc.strerror}, "unreadable"
            )

    def _fail(self, message: str, code: str):
        if self.as_json:
            self.stdout.write(_json({"error": {"code": code, "message": message}}))
            raise SystemExit(EXIT_UNREADABLE)
        raise CommandError(message, returncode=EXIT_UNREADABLE)

    def _print(self, report: ImportReport, commit: bool) -> None:
        if self.as_json:
            self.stdout.write(_json(report.to_dict()))
            return
        counts = report.counts()
        self.stdout.write(
            _("共 %(rows)d 行：新增 %(new)d，更新 %(updated)d，未变 %(unchanged)d，错误 %(errors)d。")
            % counts
        )
        for column in report.unknown_columns:
            self.stdout.write(_("未识别的列（已忽略）：%(column)s") % {"column": column})
        for error in report.errors:
            self.stderr.write(
                _("第 %(row)d 行 %(column)s：%(message)s")
                % {"row": error.row, "column": error.column, "message": error.message}
            )
        if report.committed:
            self.stdout.write(self.style.SUCCESS(_("已全部写入。")))
        elif report.ok and not commit:
            self.stdout.write(_("校验通过，尚未写入：加 --commit 再运行一次即可导入。"))
        elif not report.ok:
            self.stderr.write(_("文件有错误，没有写入任何数据。"))


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
