"""Shared output handling of the economy commands (format, output file, one-line errors)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from spets.economy import exports

FORMATS = ("table", "json", "xlsx")


def add_output_arguments(parser) -> None:
    parser.add_argument(
        "--year", type=str, default=None, help="income year (default: latest with tax parameters)"
    )
    parser.add_argument(
        "--regions",
        choices=("programme", "sweden"),
        default="programme",
        help="model regions: programme (41 programme municipalities + rest of Sweden, default) "
        "or sweden (all 290 municipalities as their own regions)",
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="table (default), json or xlsx")
    parser.add_argument(
        "--lang",
        choices=("sv", "en"),
        default=None,
        help="language of the table, labels and names (default: the site language, Swedish)",
    )
    parser.add_argument(
        "--output",
        "-o",
        default=None,
        help="write to FILE instead of standard output (required for xlsx unless stdout is redirected)",
    )


def language(opts) -> str:
    """--lang, else the site's default language (never whatever an earlier caller left active)."""
    return opts.get("lang") or settings.LANGUAGE_CODE


def write(command, result: dict[str, Any], fmt: str, output: str | None) -> None:
    if fmt == "xlsx":
        data = exports.to_xlsx(result)
        if output:
            Path(output).write_bytes(data)
        elif sys.stdout.isatty():
            raise CommandError("--format xlsx writes a binary file: give --output FILE.xlsx")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return
    text = exports.to_json(result) + "\n" if fmt == "json" else exports.text_table(result)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        command.stdout.write(text, ending="")


def write_inputs(command, rows: list[dict[str, Any]], fmt: str, output: str | None) -> None:
    """`spets footprint inputs`: one line per input (status, name, year, source) or JSON."""
    if fmt == "xlsx":
        raise CommandError("spets footprint inputs: use --format table or json")
    if fmt == "json":
        text = exports.to_json(rows) + "\n"
    else:
        text = "".join(
            f"{r['status']:<12} {r['input']:<40} {r['year'] or '':<6} {r['source']}\n" for r in rows
        )
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        command.stdout.write(text, ending="")


def write_validation(command, report: dict[str, Any], fmt: str, output: str | None) -> None:
    """`spets footprint validate`: the four checks as a text report or JSON."""
    if fmt == "xlsx":
        raise CommandError("spets footprint validate: use --format table or json")
    text = exports.to_json(report) + "\n" if fmt == "json" else exports.validation_text(report)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        command.stdout.write(text, ending="")
