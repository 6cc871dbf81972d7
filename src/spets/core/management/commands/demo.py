from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from spets.core import server
from spets.core.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Create/migrate the demo database, load reference and demo data, print logins and serve."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--data-dir", help="where the demo database lives (default: per-user data dir)")
        parser.add_argument("--no-serve", action="store_true", help="prepare the database and stop")

    def handle(self, *args, **opts):
        if not opts["no_serve"]:
            server.ensure_port_free(opts["host"], opts["port"])
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        summary = load_demo()
        for part, counts in summary.items():
            self.stdout.write(f"  {part}: {counts}")
        url = f"http://{opts['host']}:{opts['port']}/"
        self.stdout.write(self.style.SUCCESS(f"\nSpets demo (synthetic data) at {url}"))
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
        for username, role, org, _name in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role.label:<18} {org}")
        if not opts["no_serve"]:
            server.run(opts["host"], opts["port"], workers=1, threads=8)
