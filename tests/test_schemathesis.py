"""The API under schemathesis: every operation of /api/openapi.json, called as an advisor and as an analyst
with generated (schema-valid) input, never answers 5xx and every documented answer matches its schema.

A bounded number of examples per operation (EXAMPLES) keeps the run to a few minutes on one core; the
register holds a few rows so that ids in generated paths sometimes hit something. Each role logs in with
its own personal API token (core.ApiToken), as an integration would.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from django.core.wsgi import get_wsgi_application  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
)

from spets.core.models import ApiToken  # noqa: E402
from tests.factories import make_company  # noqa: E402

EXAMPLES = 12
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def api_schema(db):
    """The real WSGI application. Its request signals would close the database connection after every
    request (on PostgreSQL that ends the test's transaction), so they are held off as Django's own test
    client does."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def stats_store(db, tmp_path, settings):
    """A statistics store with the synthetic employment cube, so the statistics and economy endpoints
    answer with data instead of "nothing imported yet" (503)."""
    from spets.economy import services
    from spets.geo.models import Municipality
    from spets.stats.services import close_store
    from spets.stats.store import Store
    from spets.stats.synthetic import demo_cube

    close_store()
    path = tmp_path / "stats.duckdb"
    munis = [(m.code, m.name, m.county_id) for m in Municipality.objects.order_by("code")]
    with Store(path) as store:
        store.import_cube(demo_cube(munis), series="employment_day_population")
    settings.STATS_STORE_PATH = path
    services.clear_cache()
    yield path
    services.clear_cache()
    close_store()


@pytest.fixture
def tokens(anna, alf, stats_store):
    for number, name in (("5560000001", "Testbolaget Mekaniska AB"), ("5560000019", "Andra Verkstaden AB")):
        make_company(orgnr=number, name=name)
    return {"advisor": ApiToken.issue(anna)[1], "analyst": ApiToken.issue(alf)[1]}


def failures_of(api_schema, token: str) -> list[str]:
    """Run every operation's generated cases; one line per operation that failed a check."""
    headers = {"Authorization": f"Bearer {token}"}
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def call(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            call()
        except (
            Exception,
            BaseExceptionGroup,
        ) as exc:  # a check failed: note it and go on with the next operation
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    return failures


def test_no_operation_answers_5xx_or_breaks_its_schema_for_an_advisor(api_schema, tokens):
    failures = failures_of(api_schema, tokens["advisor"])
    assert not failures, "\n\n".join(failures)


def test_no_operation_answers_5xx_or_breaks_its_schema_for_an_analyst(api_schema, tokens):
    failures = failures_of(api_schema, tokens["analyst"])
    assert not failures, "\n\n".join(failures)
