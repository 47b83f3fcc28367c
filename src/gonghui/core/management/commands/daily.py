from django.core.management.base import BaseCommand

from gonghui.core.registry import DAILY_TASKS


class Command(BaseCommand):
    help = "Queue the daily sweeps every app registered (core.registry) for the task worker; run from cron."

    def handle(self, *args, **options):
        for task in DAILY_TASKS:
            result = task.enqueue()
            self.stdout.write(f"queued {task.module_path} ({result.id})")
