"""Atlas pages on the demo store: map, ranked table, time series, LQ, HTMX partial, downloads."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from openpyxl import load_workbook

from spets.stats import atlas, services
from spets.stats import cube as C


@pytest.fixture
def analyst(client, alf, demo_store):
    client.force_login(alf)
    return client


def test_atlas_shows_41_municipalities_on_the_map_a_ranked_table_time_series_and_lq(analyst):
    html = analyst.get("/atlas/").content.decode()
    map_html = html[html.index('data-testid="atlas-map"') : html.index('data-testid="ranked-table"')]
    assert len(re.findall(r'<path class="area kommun"', map_html)) == 41
    ranked = html[
        html.index('data-testid="ranked-table"') : html.index(
            "</table>", html.index('data-testid="ranked-table"')
        )
    ]
    assert ranked.count("<tr data-code=") == 41
    assert 'data-testid="timeseries"' in html and "<polyline" in html
    assert 'data-testid="atlas-lq"' in html and html.count('data-testid="lq"') == 41
    assert 'data-testid="atlas-shiftshare"' in html
    assert "employment_day_population v1" not in html and "version 1 (senaste)" in html
    # the Swedish page (the default) says synthetic in Swedish: in the heading, measure list and sources
    assert "Förvärvsarbetande (dagbefolkning) — syntetiska demodata" in html
    text = re.sub(r"<[^>]+>", " ", html).lower()  # what the reader sees, not class names
    assert "synthetic" not in text and "updated" not in text and "partial" not in text
    # the first ranked municipality is the one with the most B+C employment in the store
    view = atlas.view(atlas.Params())
    top = view["rows"][0]
    assert ranked.index(top["name"]) < ranked.index(view["rows"][1]["name"])


def test_all_of_sweden_shows_290_municipalities(analyst):
    html = analyst.get("/atlas/?area=all&level=municipality").content.decode()
    assert len(re.findall(r'<path class="area kommun"', html)) == 290


def test_changing_a_control_answers_the_htmx_partial_only(analyst):
    response = analyst.get("/atlas/?area=20&industry=Q&year=2020", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and html.lstrip().startswith('<div id="atlas"')
    assert len(re.findall(r'<path class="area kommun"', html)) == 15  # Dalarna's municipalities
    assert "2020" in html and 'value="Q" selected' in html


def test_county_level_and_business_statistics(analyst):
    html = analyst.get(
        "/atlas/?measure=business_statistics_county:employees&level=municipality&industry=C"
    ).content.decode()
    assert "inga siffror per kommun" in html  # Swedish UI by default
    assert len(re.findall(r'<path class="area lan"', html)) == 3
    assert "kräver siffror för riket" not in html  # the demo business statistics have Sweden's own row


def test_an_unknown_choice_is_reset_with_a_notice_in_swedish_never_an_error(analyst):
    response = analyst.get("/atlas/?industry=ZZ&year=1999&level=x&area=99&version=abc")
    assert response.status_code == 200
    page = unescape(response.content.decode())
    notices = page[page.index('data-testid="atlas-notices"') :]
    assert "har inga siffror för näringsgrenen ZZ" in notices
    assert "har inget år 1999" in notices
    assert "Okänd nivå ”x”" in notices and "Okänt område ”99”" in notices
    assert "”abc” är inget versionsnummer" in notices
    # the page shows the defaults, and its address and downloads name them
    assert 'name="industry"' in page and 'value="B+C" selected' in page
    assert "industry=B%2BC" in page and "year=2024" in page


def test_csv_and_xlsx_downloads_match_the_view(analyst):
    view = atlas.view(atlas.Params(area="20", year="2022", start="2010"))
    rows = list(
        csv.reader(
            io.StringIO(
                analyst.get("/atlas/?area=20&year=2022&start=2010&format=csv").content.decode("utf-8-sig")
            )
        )
    )
    header, body = rows[0], rows[1:]
    assert len(body) == 15
    first = dict(zip(header, body[0], strict=True))
    assert first["code"] == view["rows"][0]["code"] and float(first["value"]) == view["rows"][0]["value"]
    assert first["year"] == "2022" and first["start_year"] == "2010"
    assert float(first["location_quotient"]) == pytest.approx(view["rows"][0]["lq"], abs=1e-3)
    assert first["note"] == "synthetic demo data" and first["series"] == "employment_day_population"

    response = analyst.get("/atlas/?area=20&year=2022&start=2010&format=xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Atlas"]
    assert ws["A1"].value.startswith("Syntetiska demodata")
    table = list(ws.iter_rows(min_row=4, values_only=True))
    assert list(table[0]) == header
    assert (
        len(table) == 16
        and table[1][1] == view["rows"][0]["code"]
        and table[1][6] == view["rows"][0]["value"]
    )
    series = list(wb["Time series"].iter_rows(min_row=2, values_only=True))
    assert len(series) == len(view["series"]) * 17
    assert {"Comparisons", "Specialisation", "About"} <= set(wb.sheetnames)


def test_suppressed_cells_are_shown_as_dots_never_zero(analyst, client):
    # a municipality whose cell in the store is suppressed: find one in the demo series
    p = atlas.prepare(atlas.measure(None))
    r, i, t = (int(x[0]) for x in (p.status == C.NOT_AVAILABLE).nonzero())
    code, industry, year = p.regions[r], p.industries[i], p.years[t]
    area = "all"
    html = analyst.get(f"/atlas/?area={area}&industry={industry}&year={year}").content.decode()
    row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r'<td class="n">(.*?)</td>', row, re.S)
    assert 'data-status=".."' in cells[0] and ">..<" in cells[0]
    body = list(
        csv.reader(
            io.StringIO(
                analyst.get(f"/atlas/?area={area}&industry={industry}&year={year}&format=csv").content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    line = next(x for x in body if x[1] == code)
    assert line[6] == ".." and line[7] == ".."


def test_the_cubes_page_lists_provenance(analyst):
    html = analyst.get("/atlas/cubes/").content.decode()
    assert (
        'data-series="employment_day_population"' in html
        and 'data-series="business_statistics_county"' in html
    )
    assert "157" in html and "(syntetiska demodata)" in html  # Swedish UI by default


def test_the_atlas_without_statistics_explains_how_to_get_them(client, alf, stats_path):
    client.force_login(alf)
    html = client.get("/atlas/").content.decode()
    assert "spets stats import" in html and 'data-testid="atlas-error"' in html
    assert services.store().cubes() == []
