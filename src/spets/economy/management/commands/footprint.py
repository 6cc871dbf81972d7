from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from spets.economy import services
from spets.economy.services.validation import validate

from ._common import add_output_arguments, language, write, write_inputs, write_validation


class Command(BaseCommand):
    help = (
        "Economic footprint of an area's industry: direct, indirect and induced jobs, wages, value added and "
        "tax revenue by recipient (each municipality, region, the state). "
        "Example: spets footprint --area programme --industry B,C --year 2025 --format json"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "what",
            nargs="?",
            choices=("inputs", "validate"),
            help="inputs: list every input of the model and whether it is real or approximate; validate: "
            "the model against NR0105 value added, the register's turnover, Type I multipliers and the "
            "structural-uncertainty grid",
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
        add_output_arguments(parser)

    def handle(self, *args, **opts):
        with translation.override(language(opts)):
            try:
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
