"""The new user's walk (issue 14, "done when"): each demo role, on a 390 px phone and a 1440 px screen,
opens every page it can reach by following links from its navigation and the start page — core,
companies, statistics (atlas), economy (footprint and a scenario result), assessment, programme, matching
and events — and finds

- no horizontal scroll: nothing is wider than the screen but wide data tables, which scroll in themselves;
- no request to a host other than this machine (no CDN, no remote font);
- no band on a result below the coverage threshold (scoring.BAND_MIN_COVERAGE);
- no empty dropdown reading "---------";
- no English word on a Swedish page; proper names are on an allow-list.

The walk runs on the demo data set (so every page has something to show) plus a partly answered
assessment. One page per URL name is enough: the next company's page is the same template with other
data. Downloads (CSV, XLSX, PDF, JSON, calendar files) are not pages and are left to their own tests.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from spets.assessment.scoring import BAND_MIN_COVERAGE
from spets.core.demo import DEMO_PASSWORD
from spets.core.scoping import unscoped
from tests.assessment.test_new_user import PARTIAL
from tests.factories import completed, make_activity, make_company

SCREENS = (390, 1440)
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Links that are not pages to look at: leaving, switching language, the API and its (English) reference.
NOT_PAGES = ("/logout/", "/i18n/", "/api/", "/static/", "/admin/")
DOWNLOAD = re.compile(r"\.\w{2,4}$")  # report.pdf, participants.xlsx, event.ics, export.json ...

# English words that are not also Swedish words: one on a Swedish page means an untranslated string.
ENGLISH = set(
    """the and with from this that your you are were have has which what when where will would should there
    their these those been being into only other about after before between each every more most some such
    than then them they very while without within show shows search save delete edit add back next previous
    company companies activity activities assessment assessments programme report reports score partial
    complete missing answered advisor advisors hours download none yes private
    shared date due level band overall measure micro small medium large measures offer offers referral
    referrals contact contacts people settings submit cancel choose select please loading none
    employment employees municipality municipalities county share year years value values
    footprint jobs income source sources method table map chart event events cohort cohorts
    peers network members registration attendance invite participants time costs periods
    indicator indicators figures impact outcome outcomes upload file""".split()
)
# Proper names and codes that may stand on a Swedish page.
ALLOWED = (
    "Paper Province",
    "Dalarna Science Park",
    "Science Park",
    "Region Dalarna",
    "Shift-share",
    "shift-share",
    "DMA",
    "SNI",
    "CSV",
    "XLSX",
    "PDF",
    "JSON",
    "SVG",
    "PNG",
    "API",
    "EN",
    "SV",
)

WIDTH_JS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
DASHES_JS = "() => [...document.querySelectorAll('option')].some(o => o.textContent.trim() === '---------')"
BANDS_JS = """() => [...document.querySelectorAll('[data-band="shown"]')]
  .map(e => parseFloat(e.getAttribute('data-coverage')))"""
# The text a reader sees, but for codes and names marked as such (<code>, translate="no"); a <noscript>
# holds its markup as text while scripts run.
TEXT_JS = """() => {
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!parent || parent.closest('code, [translate=no], script, style, template')) continue;
    const text = walker.currentNode.textContent;
    out.push(parent.closest('noscript') ? text.replace(/<[^>]*>/g, ' ') : text);
  }
  return out.join('\\n');
}"""
LINKS_JS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.getAttribute('href'))"""

# One login per role (the other advisors see what anna sees).
ROLES = ["anna", "programledare", "analytiker", "lasare"]


@pytest.fixture
def walk_data(db, tmp_path, settings):
    """The demo data set (statistics store in tmp_path) and a partly answered assessment."""
    from spets.core.demo import load_demo
    from spets.core.models import User
    from spets.economy import services as economy
    from spets.stats import atlas
    from spets.stats import services as stats

    stats.close_store()
    settings.STATS_STORE_PATH = tmp_path / "stats.duckdb"
    atlas.geography.cache_clear()
    economy.clear_cache()
    load_demo()
    anna = User.objects.get(username="anna")
    company = make_company(name="Testbolaget Mekaniska AB")
    make_activity(company, "iuc-dalarna", anna, title="Delat möte")
    make_activity(company, "iuc-dalarna", anna, title="Hemlig plan", private=True)
    assessment = completed(anna, company.pk, PARTIAL)
    with unscoped():
        yield {"company": company.pk, "assessment": assessment.pk}
    economy.clear_cache()
    stats.close_store()


def english_words(text: str) -> set[str]:
    for name in ALLOWED:
        text = text.replace(name, " ")
    return {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH}


def page_key(href: str | None) -> tuple[str, str] | None:
    """(path, URL name) of a link worth walking to, or None for downloads, other hosts and non-pages."""
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.hostname not in LOCAL_HOSTS | {None} or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(NOT_PAGES) or DOWNLOAD.search(parts.path) or "format=" in parts.query:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path, match.view_name


def look_at(page, where: str, problems: list[str]) -> None:
    """The checks on the page as it is now, laid out at both widths."""
    for width in SCREENS:  # the same page laid out again on each screen (media queries apply)
        page.set_viewport_size({"width": width, "height": 900})
        scroll, client = page.evaluate(WIDTH_JS)
        if scroll > client:
            problems.append(f"{where}: page is {scroll}px wide on a {client}px screen")
    for coverage in page.evaluate(BANDS_JS):
        if not coverage >= BAND_MIN_COVERAGE:
            problems.append(f"{where}: a band is shown on {coverage:.0%} answered")
    if page.evaluate(DASHES_JS):
        problems.append(f"{where}: an empty dropdown reads ---------")
    text = page.evaluate(TEXT_JS)
    words = english_words(text)
    if words:
        lines = [line.strip()[:120] for line in text.splitlines() if english_words(line)]
        problems.append(f"{where}: English on a Swedish page: {sorted(words)} in {lines[:4]}")


def walk(browser, base: str, username: str, start: list[str]) -> tuple[list[str], set[str]]:
    """One role's walk: every URL name reachable by links, once. Returns problems and the names seen."""
    problems: list[str] = []
    remote: list[str] = []
    context = browser.new_context(viewport={"width": SCREENS[0], "height": 900}, locale="sv-SE")

    def leave_no_machine(route):
        if urlsplit(route.request.url).hostname not in LOCAL_HOSTS | {None}:
            remote.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", leave_no_machine)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/login/")
    look_at(page, f"{username} /login/", problems)
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    nav = page.eval_on_selector_all("header nav a", "els => els.map(e => e.getAttribute('href'))")
    assert nav, f"{username} has no navigation"
    queue = [key for key in map(page_key, ["/", *nav, *start]) if key]
    seen: set[str] = set()
    while queue:
        path, name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        page.set_viewport_size({"width": SCREENS[0], "height": 900})
        response = page.goto(base + path, wait_until="domcontentloaded")
        if (
            response is None
            or response.status >= 400
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue  # not this role's page (403/404 are the permission tests' business)
        where = f"{username} {path}"
        look_at(page, where, problems)
        if name == "economy:footprint" and page.get_by_test_id("scenario-form").count():
            page.get_by_test_id("scenario-form").locator("button[type=submit]").click()
            page.get_by_test_id("scenario-result").wait_for()
            look_at(page, f"{where} (scenario result)", problems)
        queue.extend(key for key in map(page_key, page.evaluate(LINKS_JS)) if key and key[1] not in seen)
    if remote:
        problems.append(f"{username}: requests off the machine: {remote[:3]}")
    context.close()
    return problems, seen


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_role_walks_every_page_it_reaches_on_a_phone_and_a_wide_screen(browser, live_server, walk_data):
    start = [
        f"/companies/{walk_data['company']}/",
        "/companies/offers/",
        f"/assessment/{walk_data['assessment']}/",
    ]
    problems: list[str] = []
    reached: dict[str, set[str]] = {}
    for username in ROLES:
        found, reached[username] = walk(browser, live_server.url, username, start)
        problems += found
    assert not problems, "\n".join(sorted(set(problems)))
    # the walk did reach every app (a broken navigation would make it pass vacuously)
    apps = {name.split(":")[0] for names in reached.values() for name in names}
    assert {"companies", "stats", "economy", "assessment", "programme", "matching", "events"} <= apps
    assert "economy:footprint" in reached["analytiker"]
    assert "programme:report" in reached["programledare"]


def test_the_english_check_finds_english_and_lets_proper_names_through():
    assert english_words("Visa företag · Show older entries") == {"Show"}
    assert english_words("Paper Province · DMA · Dalarna Science Park") == set()


def test_downloads_and_other_hosts_are_not_walked():
    assert page_key("/programme/periods/1/report.pdf") is None
    assert page_key("/atlas/?series=x&format=csv") is None
    assert page_key("https://example.org/companies/") is None
    assert page_key("/logout/") is None
    assert page_key("/companies/12/") == ("/companies/12/", "companies:detail")
