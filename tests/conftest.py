"""Shared fixtures. Personas (named like healthchecks' alice/bob/charlie):

- anna     advisor at IUC Dalarna
- bertil   advisor at IUC Dalarna (anna's colleague)
- cecilia  advisor at Paper Province (must not see IUC Dalarna's private notes)
- petra    programme manager (at IUC Gävleborg; sees everything)
- alf      analyst (Dalarna Science Park; aggregates, no contact data)
- lisa     viewer (IUC Värmland)
- carl     company user (sees only his own company)

Reference data (counties, municipalities, SNI, organisations) is loaded by the post-migrate hook when
the test database is created. Companies, contacts, activities and assessments come from tests/factories.py.

`make test` runs the suite in parallel (pytest-xdist, one worker per core); tests/settings.py gives each
worker its own data directory. In CI a skip for a missing package fails (tests/strict_skips.py).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from spets.core.models import Organisation, Role, User
from tests.factories import make_company
from tests.strict_skips import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401 (hooks)


class SerialLiveServer(WSGIServer):
    """The live server for browser tests on SQLite, one request at a time. The test database is in memory,
    so every server thread shares the test's one connection (Django's connections_override); two requests
    at once (HTMX saving answers as they are ticked) then collide on it — "cannot start a transaction
    within a transaction". Served in turn, the browser queues them, as it would behind a busy server."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)  # the server thread itself already uses the overrides


if django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    LiveServerThread.server_class = SerialLiveServer


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Swedish): a test client request leaves the language it
    activated (LocaleMiddleware, a language cookie) on the thread, and the next test in that worker would
    read its messages in English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def make_user(username: str, role: str, org_slug: str | None, **extra) -> User:
    org = Organisation.objects.get(slug=org_slug) if org_slug else None
    user = User.objects.create_user(
        username=username,
        password="secret-pass-123",
        role=role,
        organisation=org,
        email=f"{username}@example.invalid",
        **extra,
    )
    return user


@pytest.fixture
def anna(db):
    return make_user("anna", Role.ADVISOR, "iuc-dalarna", first_name="Anna")


@pytest.fixture
def bertil(db):
    return make_user("bertil", Role.ADVISOR, "iuc-dalarna", first_name="Bertil")


@pytest.fixture
def cecilia(db):
    return make_user("cecilia", Role.ADVISOR, "paper-province", first_name="Cecilia")


@pytest.fixture
def petra(db):
    return make_user("petra", Role.PROGRAMME_MANAGER, "iuc-gavleborg", first_name="Petra")


@pytest.fixture
def alf(db):
    return make_user("alf", Role.ANALYST, "dalarna-science-park", first_name="Alf")


@pytest.fixture
def lisa(db):
    return make_user("lisa", Role.VIEWER, "iuc-varmland", first_name="Lisa")


@pytest.fixture
def company(db):
    """A small engineering company in Borlänge (SNI 25, 12 employees)."""
    return make_company(orgnr="5560000001", name="Testbolaget Mekaniska AB")


@pytest.fixture
def carl(db, company):
    return make_user("carl", Role.COMPANY, None, company_id_scope=company.pk)


@pytest.fixture
def personas(anna, bertil, cecilia, petra, alf, lisa, carl):
    return {
        "anna": anna,
        "bertil": bertil,
        "cecilia": cecilia,
        "petra": petra,
        "alf": alf,
        "lisa": lisa,
        "carl": carl,
    }


FROZEN_AT = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)  # a Monday morning


@pytest.fixture
def frozen_time():
    """The clock stands still at FROZEN_AT (time-machine: timezone.now, date.today, time.time, auto_now
    fields, in every thread) until the test moves it: `frozen_time.shift(datetime.timedelta(days=7))`,
    `frozen_time.move_to(datetime.datetime(2027, 2, 1, 3, 0, tzinfo=datetime.UTC))`."""
    with time_machine.travel(FROZEN_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def demo_data(db):
    """The whole synthetic demo data set (slow-ish: use in the few tests that need it)."""
    from spets.core.demo import load_demo

    return load_demo()


# --- real browser (Playwright driving Debian's Chromium; no browser download) -----------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    import os

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the live server
    # thread and from test code are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does)")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="sv-SE")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.base_url = live_server.url
    yield pg
    context.close()


def login(page, username: str, password: str = "secret-pass-123") -> None:
    """Log in through the real login form."""
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
