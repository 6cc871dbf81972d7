from django.core.management.base import BaseCommand, CommandError

from spets.assessment.services import REMINDER_LEAD_DAYS, send_reminders


class Command(BaseCommand):
    help = (
        "E-mail advisors about follow-up assessments (T1/T2) due within N days. Idempotent: each "
        "follow-up is reminded once, however often the command runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REMINDER_LEAD_DAYS,
            help=f"remind this many days before the scheduled date (default {REMINDER_LEAD_DAYS})",
        )

    def handle(self, *args, days: int, **opts):
        if not 0 <= days <= 90:
            raise CommandError(f"--days must be 0–90, not {days}")
        sent = send_reminders(lead_days=days)
        self.stdout.write(f"assessment reminders sent: {len(sent)}")
