"""`spets footprint` and `spets scenario`: json shape, table, xlsx, one-line errors."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from spets.economy import services


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_footprint_json_has_the_shape_of_issue_5(stats_store):
    d = json.loads(
        _run("footprint", "--area", "programme", "--industry", "B,C", "--year", "2025", "--format", "json")
    )
    assert {"area", "year", "employment", "wages_sek", "value_added_sek", "tax_sek"} <= set(d)
    assert d["area"] == "programme" and d["year"] == 2025
    assert set(d["employment"]) >= {"direct", "indirect", "induced"}
    tax = d["tax_sek"]
    assert {"municipalities", "regions", "state", "total", "by_recipient"} <= set(tax)
    assert tax["total"] == pytest.approx(tax["municipalities"] + tax["regions"] + tax["state"], abs=3)
    recipients = {(r["code"], r["name"]) for r in tax["by_recipient"]}
    assert ("2081", "Borlänge") in recipients and ("20", "Region Dalarna") in recipients
    assert ("SE", "Staten") in recipients  # the default Swedish UI language
    assert all(isinstance(r["sek"], int) for r in tax["by_recipient"])
    # the same numbers as the service (and so the pure core)
    assert d["employment"] == services.footprint("programme", "B,C", 2025)["employment"]


def test_footprint_table_is_readable_with_taxes_by_recipient(stats_store):
    with translation.override("sv"):  # whatever language an earlier caller left active, --lang decides
        text = _run("footprint", "--area", "county:20", "--lang", "en")
    assert "Tax revenue by recipient" in text and "Region Dalarna" in text and "The state" in text
    assert "SYNTHETIC" in text and "APPROXIMATE" in text
    with translation.override("en"):
        swedish = _run("footprint", "--area", "county:20")  # default: the site language, Swedish
    assert "Skatteintäkter per mottagare" in swedish and "Staten" in swedish and "SYNTETISK" in swedish
    assert "Kommunalskatt" in swedish and "Municipal income tax" not in swedish
    direct = services.footprint("county:20")["employment"]["direct"]
    assert f"{direct:,.0f}".replace(",", " ") in text


def test_footprint_xlsx_is_a_readable_workbook(stats_store, tmp_path):
    path = tmp_path / "fp.xlsx"
    _run("footprint", "--area", "kommun:2081", "--format", "xlsx", "--output", str(path))
    wb = load_workbook(path)
    assert wb.sheetnames[:4] == ["Summary", "Recipients", "Tax types", "Municipalities"]
    rows = {r[1]: r[3] for r in wb["Recipients"].iter_rows(min_row=2, values_only=True)}
    assert rows["SE"] == services.footprint("kommun:2081")["tax_sek"]["state"]
    assert any("SYNTETISK" in str(r[0]) for r in wb["Summary"].iter_rows(values_only=True))


def test_scenario_json_shows_every_municipality(stats_store):
    d = json.loads(
        _run("scenario", "--change", "kommun:2081,sni:24,jobs:+300", "--year", "2025", "--format", "json")
    )
    assert d["employment"]["direct"] == pytest.approx(300)
    assert len(d["by_region"]) == 42 and all(r["total_jobs"] > 0 for r in d["by_region"])
    assert {"municipalities", "regions", "state", "total", "by_recipient"} <= set(d["tax_sek"])


def test_scenario_with_several_changes_and_intervals_in_a_table(stats_store):
    text = _run(
        "scenario",
        "--change",
        "kommun:2081,sni:24,jobs:+300",
        "--change",
        "kommun:2104,sni:24,jobs:-5",
        "--draws",
        "5",
        "--lang",
        "en",
    )
    assert "Borlänge" in text and "Hofors" in text and "Sensitivity (5 Monte Carlo draws" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (("footprint", "--area", "kommun:0180"), "unknown area 'kommun:0180'; valid: programme, county:17"),
        (("footprint", "--industry", "Q9"), "unknown industry 'Q9'; valid"),
        (
            ("footprint", "--year", "2015"),
            "no tax parameters for 2015; years available: 2021, 2022, 2023, 2024, 2025",
        ),
        (("scenario", "--change", "kommun:2081,sni:24,jobs:lots"), "jobs must be a number"),
    ],
)
def test_errors_are_one_clear_line(stats_store, args, message):
    with pytest.raises(CommandError, match=message) as exc:
        _run(*args)
    assert "\n" not in str(exc.value)


def test_footprint_of_sni_99_says_it_is_computed_for_r_u(stats_store):
    text = _run("footprint", "--area", "programme", "--industry", "99", "--lang", "en")
    d = json.loads(_run("footprint", "--industry", "99", "--format", "json"))
    assert text.splitlines()[0].startswith("Footprint of SNI 99, computed for table industry R-U (SNI 90-99)")
    assert "! SNI 99 is computed for the table industry R-U (covers SNI 90-99)" in text
    assert d["metadata"]["industry_scope"][0]["industry"] == "R-U"


def test_scenario_closure_larger_than_the_industry_is_refused(stats_store):
    with pytest.raises(
        CommandError, match=r"removes 999\xa0999 jobs but the industry employs [\d\xa0]+ persons there"
    ) as exc:
        _run("scenario", "--change", "kommun:2081,sni:24,jobs:-999999", "--lang", "en")
    assert "\n" not in str(exc.value)


def test_an_earlier_tax_year_lists_each_borrowed_parameter_in_the_table(stats_store):
    text = _run("footprint", "--year", "2023", "--lang", "en")
    head = text.split("Employment")[0]
    assert ", year 2023" in head.splitlines()[0]
    notice = "job tax credit formula (jobbskatteavdrag) is not bundled for 2023; the value of 2025 is used"
    assert f"! notice: tax year 2023: {notice}" in head
    assert "municipal and regional tax rates is not bundled" not in head  # 2023 bundles its own rates
