from django.core.management.base import BaseCommand

from gonghui.proposals.tasks import proposal_reminders


class Command(BaseCommand):
    help = (
        "Queue the daily sweep that reminds handlers of proposal answers due soon or overdue (run from cron)."
    )

    def handle(self, *args, **options):
        result = proposal_reminders.enqueue()
        self.stdout.write(f"queued proposal_reminders ({result.id})")
