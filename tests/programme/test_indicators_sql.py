"""The register's sums per company and channel in SQL equal the pure reference (`indicators.aggregate`) on
a mixed register: several organisations, types, a financial type, shared activities, several advisors,
focus areas, rows before the project, after the period and of unmapped types. Runs on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import connection, transaction

from spets.companies.models import Activity
from spets.core import concurrent_reads
from spets.core.models import FocusArea, Organisation
from spets.core.scoping import unscoped
from spets.programme import indicators as engine
from spets.programme.models import CompanyYearFigure, SupportTypeMapping
from spets.programme.services import indicator_inputs as sql
from spets.programme.services.indicators import definitions
from tests.conftest import make_user
from tests.factories import make_activity, make_company
from tests.programme.reporting_setup import make_reporting_project

D = datetime.date
PERIOD_START, END = D(2026, 1, 1), D(2026, 6, 30)


@pytest.fixture
def register(db):
    project = make_reporting_project()
    SupportTypeMapping.objects.create(
        project=project, activity_type="event", support_type="grant", financial=True
    )
    rng = random.Random(3)
    orgs = list(Organisation.objects.filter(in_programme=True))
    people = [make_user(f"r{i}", "advisor", org.slug) for i, org in enumerate(orgs)]
    areas = list(FocusArea.objects.all())
    companies = [
        make_company(name=f"Bolag {i}", municipality_id=rng.choice(["2080", "2081", "1780", "2180"]))
        for i in range(12)
    ]
    for _i in range(80):
        org = rng.choice(orgs)
        activity = make_activity(
            rng.sample(companies, k=rng.choice([1, 1, 1, 2, 3])),
            org,
            {p: rng.choice([0.5, 1, 2, 3.5]) for p in rng.sample(people, k=rng.choice([1, 2]))},
            date=D(2023, 11, 1) + datetime.timedelta(days=rng.randint(0, 1000)),
            type=rng.choice(["advisory_meeting", "workshop", "analysis", "event", "training"]),
        )
        with unscoped():
            activity.focus_areas.set(rng.sample(areas, k=rng.choice([0, 1, 2])))
    for i, company in enumerate(companies[:8]):
        for year in (2023, 2024, 2025):
            CompanyYearFigure(
                company=company,
                year=year,
                employees=None if (i, year) == (2, 2024) else 5 + i * 7 + year % 3,
                turnover_sek=(i + 1) * 3_000_000,
                source="test",
            ).save()
    return project


def reference(project):
    mapping = sql.mapping_of(project)
    rows = []
    with unscoped():
        for a in Activity.objects.prefetch_related("companies", "focus_areas", "advisors"):
            if a.type not in mapping:
                continue
            ids = [c.pk for c in a.companies.all()]
            hours = float(sum(x.hours for x in a.advisors.all())) / len(ids)
            support, financial = mapping[a.type]
            for cid in ids:
                rows.append(
                    (
                        a.pk,
                        cid,
                        a.organisation.slug,
                        a.date,
                        support,
                        financial,
                        hours,
                        tuple(f.code for f in a.focus_areas.all()),
                    )
                )
        from spets.companies.models import Company

        info = {
            c.pk: (c.orgnr, c.municipality.county_id, c.size_class)
            for c in Company.objects.select_related("municipality")
        }
    counties = dict(Organisation.objects.values_list("slug", "county_id"))
    return engine.aggregate(
        rows,
        info,
        engine.channels(definitions()[1]),
        project_start=project.starts_on,
        period_start=PERIOD_START,
        end=END,
        organisation_counties=counties,
    )


def test_the_sql_sums_equal_the_reference(register):
    project = register
    expected, before = reference(project)
    with unscoped():
        inputs = sql.gather(project, PERIOD_START, END, definitions()[1])
        sql.add_period_by_organisation(inputs.companies, project, PERIOD_START, END, sql.mapping_of(project))
    got = inputs.companies
    assert set(got) == set(expected) and len(got) > 5
    for cid, want in expected.items():
        have = got[cid]
        assert (have.first, have.last, have.organisations, have.support_types, have.focus_areas) == (
            want.first,
            want.last,
            want.organisations,
            want.support_types,
            want.focus_areas - {""},
        ), cid
        assert have.hours == pytest.approx(want.hours)
        for ch, stats in want.channels.items():
            mine = have.channels[ch]
            assert (mine.financial_end, mine.financial_before, mine.other_end, mine.other_before) == (
                stats.financial_end,
                stats.financial_before,
                stats.other_end,
                stats.other_before,
            ), (cid, ch)
            assert mine.hours_end == pytest.approx(stats.hours_end)
            assert mine.hours_before == pytest.approx(stats.hours_before)
            assert mine.organisations == stats.organisations
        if want.period is None:
            assert have.period is None
        else:
            assert (have.period.first, have.period.last, have.period.support_types) == (
                want.period.first,
                want.period.last,
                want.period.support_types,
            )
            assert have.period.hours == pytest.approx(want.period.hours)
            assert set(have.period.by_organisation) == set(want.period.by_organisation)
            for org, (hours, first, last, types) in want.period.by_organisation.items():
                assert have.period.by_organisation[org][1:] == [first, last, types]
                assert have.period.by_organisation[org][0] == pytest.approx(hours)
    assert inputs.before_start_count == len(before) > 0


@pytest.mark.parametrize("period_start", [PERIOD_START, D(2023, 1, 1), D(2027, 1, 1)])
def test_the_array_sums_equal_the_grouped_sql(register, period_start):
    """`gather`'s fast path (`array_sums`: plain columns summed by `register_sums`) gives the very records
    of the grouped SQL (`sums` + `add_focus_areas`), whatever part of the support lies in the period."""
    project = register
    mapping = sql.mapping_of(project)
    chans = engine.channels(definitions()[1])
    with unscoped():
        plain = sql.sums(project, period_start, END, chans, mapping)
        sql.add_focus_areas(plain, project, END, mapping)
        sql.add_year_figures(plain, project, END)
        fast = sql.array_sums(project, period_start, END, chans, mapping)
    assert set(fast) == set(plain) and len(plain) > 5
    for cid, want in plain.items():
        have = fast[cid]
        assert have.hours == pytest.approx(want.hours)
        assert have.extra == want.extra
        for ch, stats in want.channels.items():
            mine = have.channels[ch]
            assert mine.hours_end == pytest.approx(stats.hours_end)
            assert mine.hours_before == pytest.approx(stats.hours_before)
            mine.hours_end, mine.hours_before = stats.hours_end, stats.hours_before
            assert mine == stats, (cid, ch)
        if want.period is not None:
            assert have.period is not None and have.period.hours == pytest.approx(want.period.hours)
            have.period.hours = want.period.hours
        have.hours = want.hours
        assert have == want, cid


@pytest.mark.parametrize("period_start", [PERIOD_START, D(2023, 1, 1)])
def test_the_period_by_organisation_from_arrays_equals_the_grouped_sql(register, period_start):
    """The report's document needs each company's period support per organisation: summed in numpy on the
    fast path, by a grouped query otherwise — the same hours, dates and support types."""
    project = register
    mapping = sql.mapping_of(project)
    chans = engine.channels(definitions()[1])
    with unscoped():
        plain = sql.sums(project, period_start, END, chans, mapping)
        sql.add_period_by_organisation(plain, project, period_start, END, mapping)
        fast = sql.array_sums(project, period_start, END, chans, mapping, by_organisation=True)
    listed = [cid for cid, c in plain.items() if c.period is not None and c.period.by_organisation]
    assert len(listed) > 3
    assert any(len(plain[cid].period.by_organisation) > 1 for cid in listed)  # more than one organisation
    for cid, want in plain.items():
        mine = fast[cid].period.by_organisation if fast[cid].period is not None else {}
        theirs = want.period.by_organisation if want.period is not None else {}
        assert set(mine) == set(theirs), cid
        for org, (hours, first, last, types) in theirs.items():
            assert mine[org][0] == pytest.approx(hours)
            assert mine[org][1:] == [first, last, types], (cid, org)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent reads need PostgreSQL")
def test_the_concurrent_reads_give_the_serial_records(transactional_db, register):
    """Outside a transaction `gather` reads the register on six connections at once (one snapshot); inside
    one it reads serially on its own connection. Both give the same records, yearly figures included."""
    project = register
    with unscoped():
        assert concurrent_reads.possible()
        parallel = sql.gather(project, PERIOD_START, END, definitions()[1]).companies
        with transaction.atomic():
            assert not concurrent_reads.possible()
            serial = sql.gather(project, PERIOD_START, END, definitions()[1]).companies
    assert parallel == serial and len(parallel) > 5
    assert any(c.employees_by_year for c in parallel.values())
    assert any(c.size_by_year for c in parallel.values())
