from datetime import date

from django.core.management.base import BaseCommand

from gonghui.agreements.tasks import run_daily


class Command(BaseCommand):
    help = "集体合同每日任务：审查期满自动生效、进入续订期、期满终止，并发送期限提醒。"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="按指定日期运行（YYYY-MM-DD），默认今天")

    def handle(self, *args, date=None, **options):
        result = run_daily(today=date)
        self.stdout.write(
            "生效 {effective}，进入续订期 {expiring}，期满终止 {ended}，提醒 {reminders} 条".format(**result)
        )
