import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from spets.core import server


class Command(BaseCommand):
    help = "Serve Spets in production with gunicorn (database from SPETS_DATABASE_URL)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="0.0.0.0")
        parser.add_argument("--workers", type=int, default=min(4, (os.cpu_count() or 1) * 2))
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, **opts):
        server.ensure_port_free(opts["host"], opts["port"])
        if not opts["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        server.run(opts["host"], opts["port"], opts["workers"], opts["threads"])
