from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.core import backup


class Command(BaseCommand):
    help = gettext_lazy(
        "Restore a backup made by `spets backup` into an empty database (stop the server first); "
        "the restored rows are checked against the backup's checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help=gettext_lazy("the backup's directory"))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=gettext_lazy("replace the data of a database that has users"),
        )

    def handle(self, *args, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            sums = backup.restore(opts["directory"], replace=opts["replace"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Restored %(tables)d tables, %(rows)d rows; checksums equal to the backup's.")
            % {"tables": len(sums), "rows": sum(s.rows for s in sums.values())}
        )
