from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from spets.economy import services

from ._common import add_output_arguments, language, write


class Command(BaseCommand):
    help = (
        "Scenario: effect of new plants, expansions or closures (jobs or final demand in an industry of a "
        "municipality) in every municipality, inside and outside the area. "
        "Example: spets scenario --change kommun:2081,sni:24,jobs:+300 --year 2025"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--change",
            action="append",
            default=[],
            required=True,
            help="kommun:CODE,sni:CODE,jobs:±N and/or demand:±MSEK (repeatable)",
        )
        parser.add_argument(
            "--area",
            default="programme",
            help="area of interest for in/out labels: programme | county:20 | kommun:2081",
        )
        parser.add_argument(
            "--draws",
            type=int,
            default=0,
            help="Monte Carlo draws for sensitivity intervals (default 0 = none)",
        )
        parser.add_argument(
            "--scope",
            choices=services.SCOPES,
            default=services.SCENARIO_SCOPE,
            help="direct | services | type1 | type2 (default: type2, households included)",
        )
        add_output_arguments(parser)

    def handle(self, *args, **opts):
        with translation.override(language(opts)):
            try:
                result = services.scenario(
                    opts["change"],
                    opts["year"],
                    opts["area"],
                    draws=opts["draws"],
                    regions=opts["regions"],
                    scope=opts["scope"],
                )
            except services.EconomyError as exc:
                raise CommandError(str(exc)) from None
            write(self, result, opts["format"], opts["output"])
