from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from spets.economy import services

from ._common import add_output_arguments, language, write


class Command(BaseCommand):
    help = (
        "Economic footprint of an area's industry: direct, indirect and induced jobs, wages, value added and "
        "tax revenue by recipient (each municipality, region, the state). "
        "Example: spets footprint --area programme --industry B,C --year 2025 --format json"
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", default="programme", help="programme | county:20 | kommun:2081")
        parser.add_argument(
            "--industry",
            default=services.DEFAULT_INDUSTRY,
            help="SNI 2007 sections or divisions, comma separated (default B,C)",
        )
        add_output_arguments(parser)

    def handle(self, *args, **opts):
        with translation.override(language(opts)):
            try:
                result = services.footprint(opts["area"], opts["industry"], opts["year"], opts["regions"])
            except services.EconomyError as exc:
                raise CommandError(str(exc)) from None
            write(self, result, opts["format"], opts["output"])
