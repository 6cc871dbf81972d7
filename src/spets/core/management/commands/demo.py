from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets import config
from spets.core import server
from spets.core.demo import DEMO_PASSWORD, demo_logins, describe_summary, load_demo


class Command(BaseCommand):
    help = gettext_lazy(
        "Create the demo database, load reference and synthetic demo data, print the logins and serve."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=8000, help=gettext_lazy("port to listen on (default 8000)")
        )
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help=gettext_lazy("address to listen on (default 127.0.0.1: this machine only)"),
        )
        parser.add_argument(
            "--data-dir", help=gettext_lazy("where the demo database lives (default: per-user data dir)")
        )
        parser.add_argument(
            "--no-serve", action="store_true", help=gettext_lazy("prepare the database and stop")
        )

    def handle(self, *args, **opts):
        config.check_debug_host(settings.DEBUG, opts["host"])
        if not opts["no_serve"]:
            server.ensure_port_free(opts["host"], opts["port"])
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write(_("Data directory: %(path)s") % {"path": settings.DATA_DIR})
        self.stdout.write(_("Preparing the database and the synthetic demo data (first time about 15 s) …"))
        call_command("migrate", interactive=False, verbosity=0)
        for line in describe_summary(load_demo()):
            self.stdout.write("  " + line)
        url = f"http://{opts['host']}:{opts['port']}/"
        self.stdout.write(
            self.style.SUCCESS("\n" + _("Spets demo (synthetic data) at %(url)s") % {"url": url})
        )
        self.stdout.write(_("Logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
        for username, role, organisation, does in demo_logins():
            self.stdout.write(f"  {username:<14} {role:<15} {organisation:<26} {does}")
        if not opts["no_serve"]:
            self.stdout.write(_("Stop the server with Ctrl+C. Another port: spets demo --port 8001"))
            server.run(opts["host"], opts["port"], workers=1, threads=8, jobs_in_process=True)
