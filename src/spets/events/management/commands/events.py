"""`spets events remind [--hours 24]`: e-mail a reminder to everyone registered for an event starting
within the given hours (once per person and event; run it from a scheduler as often as you like)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from spets.events.services.reminders import HOURS_AHEAD, send_reminders


class Command(BaseCommand):
    help = "Events: `remind` e-mails participants of events starting soon (idempotent)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="e-mail a reminder to participants of events starting soon")
        remind.add_argument(
            "--hours",
            type=int,
            default=HOURS_AHEAD,
            help=f"remind of events starting within this many hours (default {HOURS_AHEAD})",
        )

    def handle(self, *args, action: str, hours: int = HOURS_AHEAD, **opts):
        if action == "remind":
            if not 1 <= hours <= 24 * 14:
                raise CommandError(f"--hours must be 1–336, not {hours}")
            sent = send_reminders(hours_ahead=hours)
            self.stdout.write(f"reminders sent: {sent}")
