"""The `spets` command: one entry point for every management command.

`spets load-demo` runs the Django management command `load_demo`, and so on; `spets demo` also switches
on demo mode before settings are read. Configuration errors end in one line and exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys

USAGE = """usage: spets COMMAND [options]

Commands:
  demo [--port 8000] [--data-dir DIR]   create the demo database, load demo data and serve it
  serve [--port 8000] [--host 0.0.0.0]  production server (gunicorn) using SPETS_DATABASE_URL
  worker                                run background jobs (large imports); keep one running
  migrate                               create or update the database and load reference data
  createadmin                           create an administrator (programme manager)
  load-reference                        load counties, municipalities, SNI 2007, organisations
  load-demo                             load the synthetic demo data set (idempotent)
  check [--deploy]                      check the configuration
  settings-doc                          print the settings reference (docs/settings.md)
  help [COMMAND]                        all commands, or one command's options

Capability commands (footprint, scenario, stats, …) are listed by `spets help`.
"""


def _take_option(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


# Django's own options (settings module, Python path, tracebacks, colours): they still work, but a user of
# `spets` never needs them, so `spets COMMAND --help` does not list them.
DJANGO_PLUMBING = {
    "--version",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


def _hide_django_plumbing() -> None:
    from django.core.management.base import BaseCommand

    create_parser = BaseCommand.create_parser

    def spets_parser(self, prog_name, subcommand, **kwargs):
        parser = create_parser(self, prog_name, subcommand, **kwargs)
        # Help texts may be lazy translations: argparse needs plain strings (in the active language).
        parser.description = str(parser.description) if parser.description else None
        for action in parser._actions:
            if DJANGO_PLUMBING.intersection(action.option_strings):
                action.help = argparse.SUPPRESS
            elif action.help is not None:
                action.help = str(action.help)
        return parser

    BaseCommand.create_parser = spets_parser  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE)
        return 0
    command = argv[0].replace("-", "_")
    if command == "demo":
        os.environ["SPETS_DEMO"] = "1"
        data_dir = _take_option(argv, "--data-dir")
        if data_dir:
            os.environ["SPETS_DATA_DIR"] = os.path.abspath(os.path.expanduser(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spets.settings")

    from spets.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        print(f"spets: configuration error: {exc}", file=sys.stderr)
        return 2
    if command == "settings_doc":
        from spets.config import settings_reference

        sys.stdout.write(settings_reference())
        return 0

    from django.core.management import execute_from_command_line

    _hide_django_plumbing()
    try:
        execute_from_command_line(["spets", command, *argv[1:]])
    except ConfigError as exc:
        print(f"spets: configuration error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
