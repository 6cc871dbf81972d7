"""`spets stats …`: the SCB table catalogue, fetching (online), importing files (offline), stitching
the employment series and listing what the store holds.

Errors end in one line naming what is wrong (and the valid choices) with a non-zero exit code;
nothing is stored from a malformed file or an incomplete download.
"""

from __future__ import annotations

import sys

import duckdb
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spets.stats import catalogue, services
from spets.stats.errors import StatsError


class Command(BaseCommand):
    help = (
        "Statistics from Statistics Sweden (SCB) and Kolada. Subcommands: tables, fetch TABLE, import FILE, "
        "kolada KPI, stitch, list. Example: spets stats import AM0207K.px; spets stats fetch AM0210B/ArbStDoNArNN --region 20 "
        "--years 2020-2024"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{tables,fetch,import,kolada,stitch,list}"
        )
        sub.add_parser("tables", help="the catalogue of SCB tables with descriptions and variables")
        fetch = sub.add_parser("fetch", help="download a catalogue table from SCB's PxWeb API (online)")
        fetch.add_argument("table", help="table id, e.g. AM0210B/ArbStDoNArNN, ArbStDoNArNN or TAB3785")
        fetch.add_argument(
            "--region",
            default="",
            help="county codes and/or municipality codes, e.g. 17,20,21 "
            "(a county brings its municipalities and the nation)",
        )
        fetch.add_argument("--years", default="", help="2008-2024, 2019,2020, from(2019) or top(3)")
        fetch.add_argument(
            "--select",
            action="append",
            default=[],
            metavar="VAR=CODES",
            help="another variable's selection, e.g. SNI2007=B+C or Kon=* (repeatable)",
        )
        fetch.add_argument("--api", choices=("v1", "v2"), default="v2", help="PxWeb API version (default v2)")
        fetch.add_argument(
            "--series", default=None, help="store under this series name (default: the table id)"
        )
        fetch.add_argument(
            "--retries", type=int, default=3, help="retries on HTTP 429/5xx and network errors"
        )
        imp = sub.add_parser(
            "import", help="import a file (offline): .px, JSON-stat 2.0, PxWeb JSON or SCB CSV"
        )
        imp.add_argument("file")
        imp.add_argument(
            "--series", default=None, help="store under this series name (default: the table id)"
        )
        imp.add_argument(
            "--table",
            default=None,
            help="the SCB table the file holds, when the file does not say (JSON-stat, PxWeb JSON, CSV)",
        )
        kolada = sub.add_parser("kolada", help="download a Kolada key figure (KPI) and store it (online)")
        kolada.add_argument("kpi", help="Kolada KPI id, e.g. N00914")
        kolada.add_argument(
            "--municipality",
            default="",
            help="municipality codes, e.g. 2081,2080 (default: the programme area, its counties and Sweden)",
        )
        kolada.add_argument("--years", default="", help="years, e.g. 2020,2021,2022 (default: all)")
        kolada.add_argument(
            "--series", default=None, help="store under this series name (default: kolada_KPI)"
        )
        sub.add_parser("stitch", help="build the one employment series from the stored SCB employment tables")
        sub.add_parser("list", help="each stored cube: series, version, source, cells, import time")

    def handle(self, *args, **opts):
        action = opts["action"]
        # while the server (or another command) has the store open, say that we wait for it
        services.on_wait = lambda text: self.stderr.write(text)
        try:
            getattr(self, f"do_{action}")(opts)
        except (StatsError, duckdb.Error) as exc:
            raise CommandError(
                str(exc).splitlines()[0] if isinstance(exc, duckdb.Error) else str(exc)
            ) from None
        finally:
            services.on_wait = None
            services.close_store()  # release the file for the server and other commands

    def do_tables(self, opts):
        for t in catalogue.tables():
            years = f"{t.years[0] or ''}–{t.years[1] or ''}" if any(t.years) else ""
            self.stdout.write(
                self.style.MIGRATE_HEADING(t.id)
                + (f"  ({years})" if years else "")
                + f"  series: {t.series}"
                + (f"  v2: {t.v2_id}" if t.v2_id else "")
            )
            self.stdout.write(f"  {t.description.get('en', '')}")
            for v in t.variables.values():
                codes = f": {', '.join(v.codes)}" if v.codes else ""
                measures = f": {', '.join(v.measures)}" if v.measures else ""
                self.stdout.write(f"    {v.code} ({v.label.get('en', '')}){codes}{measures}")

    def do_fetch(self, opts):
        def progress(done: int, total: int, text: str) -> None:
            sys.stderr.write(f"  {text}\n")

        regions = [r for r in opts["region"].split(",") if r.strip()]
        selection: dict[str, str | list[str]] = {}
        for item in opts["select"]:
            var, sep, codes = item.partition("=")
            if not sep or not var.strip() or not codes.strip():
                raise CommandError(f"--select {item!r}: expected VARIABLE=CODES, e.g. SNI2007=B+C")
            codes = codes.strip()
            selection[var.strip()] = (
                codes if codes == "*" or "(" in codes else [c.strip() for c in codes.split(",")]
            )
        imported = services.fetch(
            opts["table"],
            regions=regions,
            years=opts["years"] or None,
            api=opts["api"],
            selection=selection,
            progress=progress,
            retries=opts["retries"],
            series=opts["series"],
        )
        self._report(imported, opts["table"])

    def do_kolada(self, opts):
        imported = services.fetch_kolada(
            opts["kpi"],
            municipalities=[m for m in opts["municipality"].split(",") if m.strip()] or None,
            years=[y.strip() for y in opts["years"].split(",") if y.strip()] or None,
            series=opts["series"],
            progress=lambda done, total, text: sys.stderr.write(f"  {text}\n"),
        )
        self._report(imported, f"Kolada {opts['kpi']}")

    def do_import(self, opts):
        cubes = services.read_cubes(opts["file"], table=opts["table"])
        for imported in services.import_cubes(cubes, series=opts["series"]):
            self._report(imported, opts["file"])

    def do_stitch(self, opts):
        imported, years_by_source = services.stitch_employment()
        self._report(imported, "stitched series")
        for source, years in years_by_source.items():
            span = f"{years[0]}–{years[-1]}" if years else "no years (overridden by a newer table)"
            self.stdout.write(f"  {span}: {source}")

    def do_list(self, opts):
        cubes = services.store().cubes()
        if not cubes:
            self.stdout.write(
                "no statistics stored (spets load-demo, spets stats import FILE or spets stats fetch TABLE)"
            )
            return
        self.stdout.write(
            f"{'series':34} {'ver':>3} {'table':32} {'cells':>10}  {'imported (UTC)':19}  source"
        )
        for c in cubes:
            self.stdout.write(
                f"{c.series[:34]:34} {c.version:>3} {(c.table_id or '')[:32]:32} {c.n_cells:>10}  "
                f"{c.imported_at:%Y-%m-%d %H:%M:%S}  {c.source or ''}"
            )

    def _report(self, imported: services.Imported, what: str) -> None:
        r = imported.result
        if r.created:
            cells = ngettext("%(n)s cell", "%(n)s cells", imported.cube.size) % {"n": imported.cube.size}
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(what)s: stored %(series)s version %(version)s (%(cells)s)")
                    % {"what": what, "series": r.series, "version": r.version, "cells": cells}
                )
            )
        else:
            self.stdout.write(
                _("%(what)s: already stored as %(series)s version %(version)s; nothing changed")
                % {"what": what, "series": r.series, "version": r.version}
            )
