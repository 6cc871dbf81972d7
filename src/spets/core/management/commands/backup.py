from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.core import backup


class Command(BaseCommand):
    help = gettext_lazy(
        "Back up the database and the statistics store into a new directory (safe while the server runs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help=gettext_lazy("a new or empty directory for the backup"))

    def handle(self, *args, **opts):
        try:
            manifest = backup.backup(opts["directory"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            _("Backup written to %(dir)s: %(tables)d tables, %(rows)d rows, statistics store %(stats)s.")
            % {
                "dir": opts["directory"],
                "tables": len(manifest["tables"]),
                "rows": rows,
                "stats": _("included") if manifest["stats_sha256"] else _("not present"),
            }
        )
