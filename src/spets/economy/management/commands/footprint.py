from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from spets.economy import cpa, services
from spets.economy.services import active_table
from spets.economy.services.validation import validate

from ._common import add_output_arguments, language, write, write_inputs, write_validation


class Command(BaseCommand):
    help = (
        "Economic footprint of an area's industry: direct, indirect and induced jobs, wages, value added and "
        "tax revenue by recipient (each municipality, region, the state). "
        "Example: spets footprint --area programme --industry B,C --year 2025 --format json. "
        "`spets footprint inputs` lists what the model uses; `spets footprint use-table FILE` installs a real "
        "national input-output table (64 CPA products, Eurostat naio_10_cp1700 or SCB), `use-table demo` "
        "goes back to the bundled demo table."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "what",
            nargs="?",
            choices=("inputs", "use-table", "validate"),
            help="inputs: list every input of the model and whether it is real or approximate; "
            "use-table FILE: check a real input-output table and make it the one in use; validate: the model "
            "against NR0105 value added, the register's turnover, Type I multipliers and the "
            "structural-uncertainty grid",
        )
        parser.add_argument(
            "file", nargs="?", help="use-table: the table file (CSV/TSV), or 'demo' for the bundled table"
        )
        parser.add_argument(
            "--scope",
            choices=services.SCOPES,
            default=services.DEFAULT_SCOPE,
            help="direct | services (default: direct + bought services H, J, M, N) | type1 (+ all "
            "suppliers) | type2 (+ household spending)",
        )
        parser.add_argument("--area", default="programme", help="programme | county:20 | kommun:2081")
        parser.add_argument(
            "--industry",
            default=services.DEFAULT_INDUSTRY,
            help="SNI 2007 sections or divisions, comma separated (default B,C)",
        )
        parser.add_argument(
            "--employment",
            default=None,
            help="use-table: employment by industry when the table has no EMP row — Eurostat nama_10_a64_e "
            "(SDMX-CSV) or a CSV 'code;persons' with the 64 A*64 codes",
        )
        parser.add_argument(
            "--geo", default="SE", help="use-table: country code in a Eurostat file (default SE)"
        )
        add_output_arguments(parser)
        fmt = next(a for a in parser._actions if a.dest == "format")
        fmt.choices = (*fmt.choices, *cpa.FORMATS)
        fmt.help += "; use-table: scb, eurostat-csv or eurostat-tsv (default: detected from the file)"

    def handle(self, *args, **opts):
        with translation.override(language(opts)):
            if opts["what"] != "use-table" and opts["format"] in cpa.FORMATS:
                raise CommandError(f"--format {opts['format']} is a table format: only for use-table")
            try:
                if opts["what"] == "use-table":
                    self.use_table(opts)
                    return
                if opts["what"] == "inputs":
                    rows = services.model_inputs(opts["year"], opts["regions"])
                    write_inputs(self, rows, opts["format"], opts["output"])
                    return
                if opts["what"] == "validate":
                    write_validation(self, validate(opts["year"]), opts["format"], opts["output"])
                    return
                result = services.footprint(
                    opts["area"], opts["industry"], opts["year"], opts["regions"], scope=opts["scope"]
                )
            except services.EconomyError as exc:
                raise CommandError(str(exc)) from None
            write(self, result, opts["format"], opts["output"])

    def use_table(self, opts) -> None:
        """Check FILE completely and install it (nothing changes on an error), or go back to the demo."""
        path = opts["file"]
        if not path:
            raise CommandError(
                "use-table needs a FILE (or 'demo'): spets footprint use-table FILE [--format scb]"
            )
        if path == "demo":
            done = active_table.use_demo()
            self.stdout.write(f"input-output table in use: {done['name']} (bundled, approximate)")
        else:
            fmt = opts["format"] if opts["format"] in cpa.FORMATS else None
            try:
                year = int(opts["year"]) if opts["year"] else None
            except ValueError:
                raise CommandError(f"--year {opts['year']!r} is not a year") from None
            try:
                done = active_table.use_table(
                    path, fmt, employment=opts["employment"], year=year, geo=opts["geo"]
                )
            except cpa.IOTableError as exc:
                raise CommandError(
                    f"{path}: {exc}; nothing changed, the previous table stays in use"
                ) from None
            table = active_table.current() if not done["overridden_by_setting"] else None
            self.stdout.write(
                f"input-output table installed: {done['name']} ({done['source']}, {done['year']}, real; "
                f"format {done['format']}); stored as {active_table.table_dir() / done['file']}"
            )
            if table is not None:
                self.stdout.write(
                    f"  {table.metadata.get('aggregation')}; employment: {table.metadata.get('employment_source')}"
                )
        if done["overridden_by_setting"]:
            self.stderr.write(
                f"note: {active_table.SETTING} is set and overrides this choice until it is removed "
                "from the environment"
            )
        services.clear_cache()
