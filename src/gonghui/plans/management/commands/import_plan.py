"""`gonghui import-plan FILE --node CODE --year YYYY [--commit] [--json]`: read a plan, show it, optionally save it.

The outline comes from plans/parsing.py. Without --commit nothing is written: the proposed items are printed
(as a readable outline, or with --json as the list `create_plan_from_outline` takes). Exit status: 0 the file
was read (and, with --commit, saved); 2 the file or the command could not be processed (missing, not .docx or
text, empty, unknown node or user, year out of range).
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.orgs.models import Org
from gonghui.plans.parsing import MAX_YEAR, MIN_YEAR, PlanFileError, parse_plan, plan_title, read_plan

EXIT_UNREADABLE = 2

REPEAT_LABELS = {
    "monthly": "每月",
    "quarterly": "每季度",
    "biweekly": "每两周",
    "yearly": "每年",
    "twice_monthly": "每月两次",
    "biennial": "每两年",
}


class Command(BaseCommand):
    help = _("读取一份工作计划（.docx 或纯文本），列出拆分出的条目；加 --commit 则保存为该组织该年度的计划。")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("计划文件路径（.docx 或 .txt）"))
        parser.add_argument("--node", required=True, help=_("计划所属工会或工会联合会的组织代码"))
        parser.add_argument("--year", required=True, type=int, help=_("计划年度，如 2026"))
        parser.add_argument("--commit", action="store_true", help=_("保存为计划；不加则只预览"))
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help=_("以 JSON 输出条目，供程序读取")
        )
        parser.add_argument("--user", help=_("以该用户的身份和权限保存（默认：服务器管理员）"))

    def handle(
        self, *args, file: str, node: str, year: int, commit: bool, as_json: bool, user=None, **options
    ):
        self.as_json = as_json
        if not MIN_YEAR <= year <= MAX_YEAR:
            self._fail(
                _("年度应在 %(min)d 至 %(max)d 之间。") % {"min": MIN_YEAR, "max": MAX_YEAR}, "bad_year"
            )
        try:
            lines = read_plan(file)
        except PlanFileError as exc:
            self._fail(exc.message, exc.code)
        target = Org.objects.filter(code=node).first()
        if target is None:
            self._fail(_("没有代码为“%(code)s”的组织。") % {"code": node}, "unknown_node")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                self._fail(_("没有用户名为“%(name)s”的用户。") % {"name": user}, "unknown_user")
        outline = parse_plan(lines, year)
        title = plan_title(lines) or Path(file).stem
        if commit:
            self._commit(actor, target, year, outline, title)
        self._print(outline, title)
        if not commit and not as_json:
            self.stdout.write(_("以上为预览，尚未保存：加 --commit 再运行一次即可保存为计划。"))

    def _commit(self, actor, node, year, outline, title):
        # Imported here: the plans app's services land with its models (issue 15), the parser does not need them.
        from gonghui.plans.services import create_plan_from_outline

        try:
            create_plan_from_outline(actor=actor, node=node, year=year, outline=outline, title=title)
        except DomainError as exc:
            self._fail(exc.message, exc.code)
        if not self.as_json:
            self.stdout.write(self.style.SUCCESS(_("已保存为计划“%(title)s”。") % {"title": title}))

    def _fail(self, message: str, code: str):
        if self.as_json:
            self.stdout.write(json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False))
        raise CommandError(message, returncode=EXIT_UNREADABLE)

    def _print(self, outline: list[dict], title: str) -> None:
        if self.as_json:
            self.stdout.write(json.dumps(outline, ensure_ascii=False, indent=2))
            return
        self.stdout.write(_("《%(title)s》共 %(count)d 条：") % {"title": title, "count": len(outline)})
        for item in outline:
            self.stdout.write(preview_line(item))


def preview_line(item: dict) -> str:
    """One item as an indented line with what was read from it: 截止, 重复, 目标 and 成果 (results)."""
    head = item["title"] if len(item["title"]) <= 40 else item["title"][:39] + "…"
    facts = []
    if item["repeat"]:
        facts.append(_("重复：%(r)s") % {"r": REPEAT_LABELS[item["repeat"]]})
    if item["deadlines"]:
        shown = "、".join(item["deadlines"][:3]) + ("…" if len(item["deadlines"]) > 3 else "")
        facts.append(_("截止：%(d)s") % {"d": shown})
    for key, label in ((False, _("目标")), (True, _("成果"))):
        figures = [f"{t['quantity']}{t['unit']}" for t in item["targets"] if t["result"] is key]
        if figures:
            facts.append(f"{label}：{'、'.join(figures)}")
    number = item["number"] + (" " if item["number"].endswith(".") else "")
    line = "  " * (item["level"] - 1) + number + head
    return line + (f"  〔{'；'.join(facts)}〕" if facts else "")
