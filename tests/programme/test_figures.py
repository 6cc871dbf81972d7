"""Companies' yearly figures: the import (preview with an error per bad row, all rows or none), the
company-page panel and the synthetic demo series."""

from __future__ import annotations

import datetime
import io
import math

import pytest
from django.utils import translation
from openpyxl import Workbook

from spets.core.errors import Forbidden, InvalidData
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped
from spets.programme.models import CompanyYearFigure
from spets.programme.services import figures as fs
from tests.factories import make_activity, make_company

pytestmark = pytest.mark.usefixtures("frozen_time")  # 2025-03-03: years up to 2025 are accepted


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the source language); pages are tested in Swedish."""
    with translation.override("en"):
        yield


def write_csv(tmp_path, text: str, name="figures.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def companies(db):
    return make_company(orgnr="5560000027", name="Ett AB"), make_company(orgnr="5560000035", name="Två AB")


def test_a_good_file_is_previewed_then_written_with_its_source_and_audited(tmp_path, anna, companies):
    one, two = companies
    with unscoped():
        CompanyYearFigure.objects.create(
            company=one, year=2022, employees=10, turnover_sek=9_000_000, source="gammal"
        )
    path = write_csv(
        tmp_path,
        "Organisationsnummer;År;Anställda;Nettoomsättning\n"
        "556000-0027;2022;11;9 500 000\n"
        "5560000027;2023;12;10000000\n"
        "556000-0035;2023;;4 000 000\n",
    )
    preview = fs.preview_import(anna, path, "Årsredovisningar (Bolagsverket)")
    assert preview.counts == {"update": 1, "create": 2}
    assert not CompanyYearFigure.objects.for_user(anna).filter(year=2023).exists()  # nothing written yet
    summary = fs.import_figures(anna, path, "Årsredovisningar (Bolagsverket)", "figures.csv")
    assert summary == {"created": 2, "updated": 1, "unchanged": 0}
    figures = {(f.company_id, f.year): f for f in CompanyYearFigure.objects.for_user(anna)}
    assert (figures[(one.pk, 2022)].employees, figures[(one.pk, 2022)].turnover_sek) == (11, 9_500_000)
    assert figures[(two.pk, 2023)].employees is None  # an empty cell is missing, not 0
    assert figures[(two.pk, 2023)].source == "Årsredovisningar (Bolagsverket)"
    assert AuditEntry.objects.filter(action="import", company_id=one.pk).exists()
    # The same file again changes nothing
    assert fs.import_figures(anna, path, "Årsredovisningar (Bolagsverket)")["unchanged"] == 3


def test_every_bad_row_is_named_and_nothing_is_written(tmp_path, anna, companies):
    path = write_csv(
        tmp_path,
        "orgnr,year,employees,turnover,source\n"
        "5560000027,2023,12,10000000,SCB\n"  # row 2: good
        "5560000002,2023,12,10000000,SCB\n"  # row 3: check digit
        "5569999997,2023,12,10000000,SCB\n"  # row 4: not in the register
        "5560000027,1850,12,10000000,SCB\n"  # row 5: year
        "5560000027,2024,-3,10000000,SCB\n"  # row 6: negative
        "5560000027,2021,12,99999999999999999,SCB\n"  # row 7: absurd
        "5560000027,2020,,,SCB\n"  # row 8: nothing given
        "5560000027,2023,13,10000000,SCB\n"  # row 9: twice
        "5560000027,2019,12.5,1,SCB\n",  # row 10: not whole
    )
    preview = fs.preview_import(anna, path)
    bad = {r.row: " ".join(r.errors) for r in preview.rows if r.errors}
    assert set(bad) == {3, 4, 5, 6, 7, 8, 9, 10}
    assert "org nr" in bad[3]
    assert "no company 5569999997" in bad[4]
    assert "1850" in bad[5]
    assert "negative" in bad[6]
    assert "plausible" in bad[7]
    assert "neither" in bad[8]
    assert "row 2" in bad[9]
    assert "whole number" in bad[10]
    with pytest.raises(InvalidData) as exc:
        fs.import_figures(anna, path)
    assert "8 rows have errors, nothing was written" in exc.value.errors["file"]
    assert "row 3" in exc.value.errors["file"]
    with unscoped():
        assert not CompanyYearFigure.objects.exists()


def test_a_year_in_the_future_is_refused(tmp_path, anna, companies):
    path = write_csv(tmp_path, "orgnr;år;anställda\n5560000027;2026;5\n")
    assert "2026" in fs.preview_import(anna, path).rows[0].errors[0]


def test_a_file_without_the_needed_columns_is_refused(tmp_path, anna, companies):
    path = write_csv(tmp_path, "namn;år\nEtt AB;2023\n")
    with pytest.raises(InvalidData) as exc:
        fs.preview_import(anna, path)
    assert "org nr" in exc.value.errors["file"]


def test_a_row_without_a_source_is_refused_when_the_form_gives_none(tmp_path, anna, companies):
    path = write_csv(tmp_path, "orgnr;år;anställda\n5560000027;2023;5\n")
    assert "source" in fs.preview_import(anna, path, "").rows[0].errors[0]


def test_an_excel_file_is_read_too(tmp_path, anna, companies):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Org nr", "Year", "Employees", "Turnover (SEK)"])
    sheet.append(["556000-0027", 2023, 14, 12_000_000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "figures.xlsx"
    path.write_bytes(buffer.getvalue())
    assert fs.import_figures(anna, path, "SCB företagsregister")["created"] == 1


def test_viewers_and_analysts_do_not_import(tmp_path, lisa, alf, companies):
    path = write_csv(tmp_path, "orgnr;år;anställda\n5560000027;2023;5\n")
    for someone in (lisa, alf):
        with pytest.raises(Forbidden):
            fs.preview_import(someone, path, "x")
        with pytest.raises(Forbidden):
            fs.import_figures(someone, path, "x")


def test_the_company_panel_shows_the_figures_with_their_source(anna, alf, carl, companies):
    one, _two = companies
    with unscoped():
        CompanyYearFigure.objects.create(company=one, year=2023, employees=12, source="SCB")
    panel = fs.company_panel(anna, one.pk)
    assert [f.year for f in panel["figures"]] == [2023] and panel["sources"] == ["SCB"]
    assert panel["import_url"]
    assert fs.company_panel(alf, one.pk)["import_url"] is None  # analysts read master data, no import
    assert fs.company_panel(carl, one.pk) is None


def test_the_demo_series_is_anchored_on_the_register_and_carries_the_planted_effect(db, anna):
    supported = make_company(employees=40, turnover_sek=40_000_000, synthetic=True, size_class="small")
    make_company(employees=40, turnover_sek=40_000_000, synthetic=True, size_class="small")
    make_company(employees=0, turnover_sek=None, synthetic=True, size_class="micro")
    make_activity(supported, "iuc-dalarna", date=datetime.date(2024, 5, 2))
    summary = fs.load_demo(seed=1)
    assert summary["year_figures"] == 3 * 7
    with unscoped():
        rows = list(CompanyYearFigure.objects.filter(company=supported).order_by("year"))
    assert [r.year for r in rows] == list(range(2019, 2026))
    anchor = next(r for r in rows if r.year == 2024)
    assert (anchor.employees, anchor.turnover_sek) == (40, 40_000_000)  # the register's 2024 figures
    assert all(r.synthetic and "Syntetiska" in r.source for r in rows)
    assert fs.first_support_years() == {supported.pk: 2024}
    # Deterministic: the same seed gives the same series
    with unscoped():
        series = CompanyYearFigure.objects.order_by("company_id", "year")
        first = list(series.values_list("employees", flat=True))
        CompanyYearFigure.objects.all().delete()
    fs.load_demo(seed=1)
    with unscoped():
        assert list(series.values_list("employees", flat=True)) == first
    assert math.isclose(fs.DEMO_EMPLOYMENT_EFFECT, 0.03) and math.isclose(fs.DEMO_TURNOVER_EFFECT, 0.05)


def test_merging_two_companies_with_figures_for_the_same_year_keeps_the_survivors(petra):
    from spets.companies.services import merge as merge_services
    from spets.core.scoping import unscoped
    from spets.programme.models import CompanyYearFigure
    from tests.factories import make_company

    survivor, other = make_company(name="Kvar AB"), make_company(name="Borta AB")
    with unscoped():
        for company, year, employees in [(survivor, 2023, 10), (other, 2023, 99), (other, 2022, 8)]:
            CompanyYearFigure.objects.create(company=company, year=year, employees=employees, source="test")
    choices = {"orgnr": "survivor", "name": "survivor"}
    merge_services.merge(petra, survivor.pk, other.pk, choices, survivor.version, other.version)
    with unscoped():
        rows = sorted(CompanyYearFigure.objects.filter(company=survivor).values_list("year", "employees"))
    assert rows == [(2022, 8), (2023, 10)]
