from django.core.management.base import BaseCommand

from spets.core.reference import load_reference


class Command(BaseCommand):
    help = "Load counties, municipalities with geometry, SNI 2007, organisations and focus areas (offline)."

    def handle(self, *args, **opts):
        counts = load_reference()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
