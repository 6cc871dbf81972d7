from django.core.management.base import BaseCommand

from spets.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the synthetic demo data set for Norra Mellansverige (a second run adds nothing)."

    def handle(self, *args, **opts):
        for part, counts in load_demo().items():
            self.stdout.write(f"{part}: {counts}")
