import fcntl
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy

from spets import config
from spets.core import server


class Command(BaseCommand):
    help = gettext_lazy("Serve Spets in production with gunicorn (database from SPETS_DATABASE_URL).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=8000, help=gettext_lazy("port to listen on (default 8000)")
        )
        parser.add_argument(
            "--host",
            default="0.0.0.0",
            help=gettext_lazy("address to listen on (default 0.0.0.0: every interface)"),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=min(4, (os.cpu_count() or 1) * 2),
            help=gettext_lazy("worker processes"),
        )
        parser.add_argument("--threads", type=int, default=4, help=gettext_lazy("threads per worker process"))
        parser.add_argument(
            "--no-migrate",
            action="store_true",
            help=gettext_lazy("do not update the database schema before serving"),
        )

    def handle(self, *args, **opts):
        config.check_debug_host(settings.DEBUG, opts["host"])
        server.ensure_port_free(opts["host"], opts["port"])
        if not opts["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        collect_static()
        # Demo mode runs the background jobs in the server; production runs `spets worker` beside it.
        server.run(
            opts["host"], opts["port"], opts["workers"], opts["threads"], jobs_in_process=settings.DEMO
        )


def collect_static() -> None:
    """Collect static files under a lock: two servers sharing a data directory (one machine or a shared
    volume) start at once, and concurrent collectstatic runs delete each other's half-written files."""
    root = Path(settings.STATIC_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.parent / ".collectstatic.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        call_command("collectstatic", interactive=False, verbosity=0)
