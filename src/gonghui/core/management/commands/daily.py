from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Queue the daily sweeps (settings.DAILY_TASKS) for the task worker; run from cron, or hourly by `make run`."

    def handle(self, *args, **options):
        for path in settings.DAILY_TASKS:
            result = import_string(path).enqueue()
            self.stdout.write(f"queued {path} ({result.id})")
