"""The issue's "done when": an analyst imports the three employment tables from files, gets one
stitched series for Dalarna's municipalities 2008–today, sees it on the atlas map and as a time series
with location quotients, and downloads the view as XLSX."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from openpyxl import load_workbook

from .conftest import FIXTURES


def test_import_three_tables_stitch_and_see_dalarna_2008_to_2024_with_lq_and_xlsx(client, alf, stats_path):
    out = io.StringIO()
    call_command("stats", "import", str(FIXTURES / "AM0207K_DagSNI07KonK_dalarna.px"), stdout=out)
    call_command("stats", "import", str(FIXTURES / "AM0207Z_DagSni07KonKN_dalarna.json"), stdout=out)
    call_command(
        "stats",
        "import",
        str(FIXTURES / "AM0210B_ArbStDoNArNN_dalarna.json"),
        "--table",
        "AM0210B/ArbStDoNArNN",
        stdout=out,
    )
    call_command("stats", "stitch", stdout=out)
    text = out.getvalue()
    assert "lagrade AM0207K/DagSNI07KonK version 1" in text
    assert "lagrade AM0207Z/DagSni07KonKN version 1" in text
    assert "lagrade AM0210B/ArbStDoNArNN version 1" in text
    assert "stitched series: lagrade employment_day_population version 1" in text
    assert "2008–2018: AM0207K/DagSNI07KonK v1" in text and "2020–2024: AM0210B/ArbStDoNArNN v1" in text
    assert "2019–2019: AM0207Z/DagSni07KonKN v1" in text  # BAS wins 2020–2021 where the tables overlap

    client.force_login(alf)
    html = client.get(
        "/atlas/?area=20&level=municipality&industry=B%2BC&start=2008&year=2024"
    ).content.decode()
    # the map: Dalarna's 15 municipalities, the three in the files coloured, the rest grey (not in the files)
    shapes = re.findall(r'<path class="area kommun" data-code="(\d{4})" data-value="([^"]*)"', html)
    assert len(shapes) == 15
    assert {code for code, value in shapes if value} == {"2080", "2081", "2085"}
    # time series 2008–2024 from one stitched series, with the source table of each period
    series = html[html.index('data-testid="timeseries-table"') :]
    assert all(f'<th class="n">{y}</th>' in series for y in range(2008, 2025))
    assert "2008–2018: AM0207K/DagSNI07KonK" in html and "2020–2024: AM0210B/ArbStDoNArNN" in html
    # location quotients against Sweden (the files' 00 row): Ludvika is specialised in manufacturing
    lq_row = re.search(r'<tr data-code="2085">.*?data-testid="lq">([\d,]+)</td>', html, re.S)
    assert lq_row and float(lq_row.group(1).replace(",", ".")) > 1.5

    xlsx = client.get("/atlas/?area=20&level=municipality&industry=B%2BC&start=2008&year=2024&format=xlsx")
    wb = load_workbook(io.BytesIO(xlsx.content))
    rows = list(wb["Atlas"].iter_rows(min_row=4, values_only=True))
    header = rows[0]
    by_code = {r[header.index("code")]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_code["2085"]["location_quotient"] > 1.5
    assert by_code["2085"]["value"] > 0 and by_code["2085"]["series"] == "employment_day_population"
    assert by_code["2085"]["version"] == 1 and "_" not in by_code["2085"]["source"]  # a human source
    assert by_code["2062"]["value"] == ".."  # Mora: not in the files, shown as not available, never 0
    years = {r[2] for r in wb["Time series"].iter_rows(min_row=2, values_only=True)}
    assert years == {str(y) for y in range(2008, 2025)}
    assert "synthetic" not in (wb["Atlas"]["A1"].value or "").lower()
