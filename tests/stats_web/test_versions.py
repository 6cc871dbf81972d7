"""A newer, partial release of a series does not hide the older, complete one: the atlas opens the
newest version, lets the user pick any stored version and shows which version it is and what it covers."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.utils import translation

from .conftest import FIXTURES

TABLES = [
    (FIXTURES / "AM0207K_DagSNI07KonK_dalarna.px", ()),
    (FIXTURES / "AM0207Z_DagSni07KonKN_dalarna.json", ()),
    (FIXTURES / "AM0210B_ArbStDoNArNN_dalarna.json", ("--table", "AM0210B/ArbStDoNArNN")),
]


@pytest.fixture
def two_versions(client, alf, demo_store):
    """The complete synthetic series as v1, then three Dalarna municipalities from SCB files stitched (v2)."""
    out = io.StringIO()
    with translation.override(
        "sv"
    ):  # a command speaks the active language (an earlier English page leaves it)
        for path, extra in TABLES:
            call_command("stats", "import", str(path), *extra, stdout=out)
        call_command("stats", "stitch", stdout=out)
    assert "lagrade employment_day_population version 2" in out.getvalue()
    client.force_login(alf)
    return client


def shapes_with_values(html: str) -> set[str]:
    return {
        code
        for code, value in re.findall(
            r'<path class="area kommun" data-code="(\d{4})" data-value="([^"]*)"', html
        )
        if value
    }


def test_the_newest_version_opens_by_default_and_says_what_it_covers(two_versions):
    html = two_versions.get("/atlas/?area=20").content.decode()
    source = unescape(re.search(r'data-testid="atlas-source">(.*?)</p>', html, re.S).group(1))
    assert "version 2 (senaste)" in source and "employment_day_population" not in source
    assert "täckning: 3 av 290 kommuner, 2008–2024" in source
    assert shapes_with_values(html) == {"2080", "2081", "2085"}
    options = re.findall(
        r'<option value="(\d+)"( selected)?>(v\d[^<]*)</option>',
        html[html.index('data-testid="version-select"') :],
    )
    assert [(o[0], bool(o[1])) for o in options] == [("2", True), ("1", False)]
    assert "3 av 290 kommuner" in options[0][2] and "290 av 290 kommuner" in options[1][2]
    assert "syntetiska" in options[1][2] and "syntetiska" not in options[0][2]
    assert 'data-testid="older-version"' not in html


def test_the_previous_complete_version_stays_readable(two_versions):
    html = two_versions.get("/atlas/?area=20&version=1").content.decode()
    assert "version 1" in html
    assert len(shapes_with_values(html)) == 15  # every Dalarna municipality, from the synthetic v1
    notice = re.search(r'data-testid="older-version">(.*?)</p>', html, re.S).group(1)
    assert "version 1" in notice and "senaste lagrade versionen är 2" in notice
    assert "täckning: 290 av 290 kommuner, 2008–2024" in unescape(html)
    # the measure is still in the list (it used to vanish behind the partial v2)
    assert re.search(r'<option value="employment_day_population" selected>', html)


def test_an_unknown_version_lists_the_stored_ones_and_a_new_measure_opens_at_its_newest(two_versions):
    response = two_versions.get("/atlas/?version=9")
    assert response.status_code == 200  # the page shows the newest version and says why
    assert "Version 9 av" in unescape(response.content.decode())
    assert "visar den senaste versionen, 2" in unescape(response.content.decode())
    api = two_versions.get("/api/stats/atlas?version=9")  # the API stays strict
    assert api.status_code == 422 and "valid: 2, 1" in api.content.decode()
    # the form sends the series its version belongs to: another measure ignores it
    html = two_versions.get(
        "/atlas/?measure=business_statistics_county:employees&version=2&version_of=employment_day_population"
    ).content.decode()
    assert 'data-testid="atlas-notices"' not in html and "version 1 (senaste)" in html
    api = two_versions.get("/api/stats/atlas?version=1&area=20").json()
    assert api["version"] == 1 and [v["version"] for v in api["versions"]] == [2, 1]


def test_stitched_sources_say_updated_in_the_page_language(two_versions):
    html = unescape(two_versions.get("/atlas/?area=20").content.decode())
    periods = re.search(r'data-testid="source-periods">(.*?)</p>', html, re.S).group(1)
    assert re.search(r"AM0207K/DagSNI07KonK v1 \(uppdaterad \d{4}-\d{2}-\d{2}\)", periods)
    assert "updated" not in periods
    two_versions.cookies["django_language"] = "en"
    english = unescape(two_versions.get("/atlas/?area=20").content.decode())
    assert re.search(r"AM0207K/DagSNI07KonK v1 \(updated \d{4}-\d{2}-\d{2}\)", english)


def test_partial_sums_carry_a_compact_mark_explained_once_and_wide_tables_scroll(two_versions):
    html = two_versions.get("/atlas/").content.decode()  # the programme area: v2 lacks most municipalities
    table = html[html.index('data-testid="timeseries-table"') :]
    table = table[: table.index("</table>")]
    marks = re.findall(r'<sup class="status" data-status="partial" title="([^"]+)">†</sup>', table)
    visible = re.sub(r"<[^>]+>", " ", table)  # the word stays in the tooltip, not in each cell
    assert marks and "ofullständig" not in visible and "partial" not in visible
    assert re.search(r'<div class="table-scroll"><table class="data" data-testid="timeseries-table">', html)
    legend = re.search(r'data-testid="timeseries-legend">(.*?)</p>', html, re.S).group(1)
    assert "†" in unescape(legend)


@pytest.mark.browser
def test_the_atlas_fits_a_1366_pixel_window_with_a_partial_version(page, alf, two_versions):
    from tests.conftest import login

    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "alf")
    page.goto(page.base_url + "/atlas/")  # programme area, newest (partial) version: † in many cells
    page.wait_for_selector('[data-testid="timeseries-table"] sup[data-status="partial"]')
    page.screenshot(path="/tmp/atlas-1366.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # the page itself does not overflow
    scroller = page.locator('.table-scroll:has([data-testid="timeseries-table"])')
    assert scroller.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    assert scroller.evaluate("e => e.getBoundingClientRect().right") <= 1366
