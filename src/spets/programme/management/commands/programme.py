"""`spets programme report --period 2026H1 --format xlsx|csv|json|table [--output FILE]` and
`spets programme close --period 2026H1 --user NAME`: the progress report's figures from the command line,
the same rows as the report page (`spets.programme.presenters.figure_rows`). `spets programme refresh`
computes the kept figures of open periods whose data changed (for a timer: reports then read kept ones)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext_lazy

from spets.core.errors import Conflict, Forbidden, InvalidData
from spets.programme import presenters
from spets.programme.models import Project, ReportingPeriod
from spets.programme.services import indicators as indicator_services
from spets.programme.services import periods as period_services
from spets.programme.services import report as report_services

FORMATS = ("table", "csv", "json", "xlsx")
COLUMNS = ("indicator", "name", "unit", "dimension", "key", "label", "value", "new", "target", "status")
# The header row of the CSV and XLSX files, in the report's language (--lang; Swedish by default).
HEADERS = {
    "indicator": gettext_lazy("Indicator"),
    "name": gettext_lazy("Name"),
    "unit": gettext_lazy("Unit"),
    "dimension": gettext_lazy("Dimension"),
    "key": gettext_lazy("Key"),
    "label": gettext_lazy("Label"),
    "value": gettext_lazy("Value"),
    "new": gettext_lazy("New"),
    "target": gettext_lazy("Target"),
    "status": gettext_lazy("Status"),
}


def header() -> list[str]:
    return [str(HEADERS[c]) for c in COLUMNS]


def _text(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_table(context: dict, rows: list[dict]) -> str:
    lines = [
        f"{context['project'].get('name', '')} · {context['period']['code']} "
        f"({context['period']['starts_on']} – {context['period']['ends_on']})",
        (
            f"closed by {context['closed_by']} on {context['closed_at']}"
            if context["closed"]
            else "open period"
        ),
        "",
    ]
    width = max((len(r["label"]) for r in rows), default=10)
    for r in rows:
        target = "" if r["target"] is None else f"  (target {_text(r['target'])})"
        lines.append(
            f"{r['indicator']:<6} {r['dimension']:<12} {r['label'][:width]:<{width}} {_text(r['value']):>10}{target}"
        )
    return "\n".join(lines) + "\n"


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header())
    for r in rows:
        writer.writerow(["" if r[c] is None else r[c] for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(context: dict, rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    from spets.core.spreadsheet import xlsx_text_cell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Indikatorer")
    sheet.append(header())
    for r in rows:
        sheet.append([xlsx_text_cell(sheet, r[c]) for c in COLUMNS])
    about = book.create_sheet("Om")
    about.append(["Projekt", context["project"].get("name", "")])
    about.append(["Period", context["period"]["code"]])
    about.append(
        [
            "Status",
            f"stängd {context['closed_at']} av {context['closed_by']}" if context["closed"] else "öppen",
        ]
    )
    if context["synthetic"]:
        about.append(["Obs", "Syntetiska demodata"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Command(BaseCommand):
    help = (
        "Programme follow-up: the progress report's figures for a period (report), or close a period (close). "
        "Example: spets programme report --period 2026H1 --format xlsx --output 2026H1.xlsx"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser("report", help="every figure of a period's progress report")
        report.add_argument("--period", required=True, help="period code, e.g. 2026H1 or final")
        report.add_argument("--project", default=None, help="project code (default: the current project)")
        report.add_argument("--format", choices=FORMATS, default="table")
        report.add_argument("--output", "-o", default=None, help="write to FILE instead of standard output")
        report.add_argument(
            "--lang", choices=("sv", "en"), default=None, help="language of labels (default sv)"
        )
        close = sub.add_parser("close", help="close a period (freeze its figures as reported)")
        close.add_argument("--period", required=True)
        close.add_argument("--project", default=None)
        close.add_argument("--user", required=True, help="the programme manager closing it (username)")
        refresh = sub.add_parser(
            "refresh", help="compute the kept figures of open periods whose data changed"
        )
        refresh.add_argument("--project", default=None)

    def handle(self, *args, **opts):
        with translation.override(opts.get("lang") or settings.LANGUAGE_CODE):
            if opts["action"] == "close":
                return self.close(opts)
            if opts["action"] == "refresh":
                return self.refresh(opts)
            return self.report(opts)

    def report(self, opts) -> None:
        try:
            result = report_services.report_by_code(opts["period"], opts["project"])
        except (Project.DoesNotExist, ReportingPeriod.DoesNotExist) as exc:
            raise CommandError(str(exc) or "no project is set up") from None
        context = presenters.report_context(result)
        rows = presenters.figure_rows(context)
        fmt = opts["format"]
        if fmt == "json":
            data = json.dumps(
                {"period": context["period"], "closed": context["closed"], "figures": rows},
                ensure_ascii=False,
                indent=2,
            ).encode("utf-8")
        elif fmt == "csv":
            data = to_csv(rows)
        elif fmt == "xlsx":
            data = to_xlsx(context, rows)
        else:
            data = to_table(context, rows).encode("utf-8")
        if opts["output"]:
            Path(opts["output"]).write_bytes(data)
            self.stderr.write(f"wrote {opts['output']} ({len(rows)} figures)")
        elif fmt == "xlsx":
            if sys.stdout.isatty():
                raise CommandError("xlsx is binary: give --output FILE or redirect standard output")
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")

    def close(self, opts) -> None:
        User = get_user_model()
        user = User.objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"no user {opts['user']!r}")
        try:
            project = Project.objects.get(code=opts["project"]) if opts["project"] else None
            period = ReportingPeriod.objects.get(
                project=project or report_services.current_project(), code=opts["period"]
            )
            period_services.close_period(user, period.pk)
        except (Project.DoesNotExist, ReportingPeriod.DoesNotExist):
            raise CommandError(f"no period {opts['period']!r}") from None
        except InvalidData as exc:
            raise CommandError("; ".join(exc.errors.values())) from None
        except (Conflict, Forbidden) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{period.code} closed by {user.get_username()}")

    def refresh(self, opts) -> None:
        try:
            project = Project.objects.get(code=opts["project"]) if opts["project"] else None
            project = project or report_services.current_project()
        except Project.DoesNotExist:
            raise CommandError(f"no project {opts['project']!r}") from None
        for code, computed in indicator_services.refresh_kept(project):
            self.stdout.write(f"{code}: {'computed' if computed else 'unchanged'}")
