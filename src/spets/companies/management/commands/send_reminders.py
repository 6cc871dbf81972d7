from django.core.management.base import BaseCommand, CommandError

from spets.companies.services.referrals import REMINDER_DAYS, send_reminders


class Command(BaseCommand):
    help = (
        "Remind receiving organisations of referrals nobody has accepted or declined within N days. "
        "Idempotent: run it from a scheduler as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REMINDER_DAYS,
            help=f"days without an answer before a reminder (default {REMINDER_DAYS})",
        )

    def handle(self, *args, days: int, **opts):
        if days < 1:
            raise CommandError(f"--days must be at least 1, not {days}")
        reminded = send_reminders(days=days)
        self.stdout.write(f"reminders sent: {len(reminded)}")
