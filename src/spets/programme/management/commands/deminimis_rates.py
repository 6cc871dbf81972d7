"""`spets deminimis-rates`: the monthly EUR/SEK rates that convert de minimis aid.

    spets deminimis-rates list [--since 2025-01]
    spets deminimis-rates import FILE [--dry-run]

FILE is a CSV with the columns month (YYYY-MM) and eur_sek (SEK per EUR), optionally note ("provisional…");
comment lines start with '#', and a "# source: …" line names where the figures come from (otherwise the
file name is the source). The import is all or nothing: a bad line is named and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from spets.core.errors import InvalidData
from spets.programme.services import deminimis as dm


class Command(BaseCommand):
    help = "List or import the monthly EUR/SEK rates used to convert de minimis aid (import FILE | list)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import monthly rates from a CSV file (month, eur_sek)")
        imp.add_argument("file", help="CSV file: month (YYYY-MM), eur_sek (SEK per EUR), optional note")
        imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        show = sub.add_parser("list", help="print the rates in use, with their sources")
        show.add_argument("--since", default="", help="first month to print (YYYY-MM)")

    def handle(self, *args, **opts):
        if opts["action"] == "list":
            for rate in sorted(dm.rates().values(), key=lambda r: r.month):
                if rate.month >= opts["since"]:
                    flag = " (provisional)" if rate.provisional else ""
                    self.stdout.write(f"{rate.month}  {rate.eur_sek}  {rate.source}{flag}")
            return
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not a UTF-8 text file") from None
        try:
            result = dm.import_rates(text, path.name, dry_run=opts["dry_run"])
        except InvalidData as exc:
            raise CommandError(f"{path}: nothing imported: {'; '.join(exc.errors.values())}") from None
        verb = "would change" if opts["dry_run"] else "changed"
        self.stdout.write(
            f"rates added: {result.added}, {verb}: {result.changed}, unchanged: {result.unchanged}"
        )
