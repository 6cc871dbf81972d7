from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy

from spets.core import worker


class Command(BaseCommand):
    help = gettext_lazy(
        "Run background jobs (large imports) from the queue in the database; keep one running in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help=gettext_lazy("seconds between looks at an empty queue (default 1)"),
        )
        parser.add_argument(
            "--batch", action="store_true", help=gettext_lazy("run the waiting jobs, then stop")
        )

    def handle(self, *args, **opts):
        worker.run(interval=max(0.1, opts["interval"]), batch=opts["batch"])
