from django.core.management.base import BaseCommand

from spets.companies.services.contacts import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise contacts whose retention period has ended and whose legal retention period (if any) "
        "is over. Run daily from a scheduler."
    )

    def handle(self, *args, **opts):
        erased = apply_retention()
        self.stdout.write(f"contacts anonymised: {len(erased)}")
