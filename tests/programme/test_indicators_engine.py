"""The counting engine on hand-made rows (no database): every counting rule of issue #10 by hand.

Rows are (activity, company, organisation, date, support type, financial, hours, focus areas). The
definitions are the real data file's.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from spets.programme import indicators as engine
from spets.programme.indicators import DefinitionError
from spets.programme.snapshot import Figures, breakdowns, snapshot

DATA = Path(engine.__file__).parent / "data" / "indicators-v1.yaml"
VERSION, DEFS = engine.parse_definitions(yaml.safe_load(DATA.read_text(encoding="utf-8")))
D = datetime.date
START, END = D(2024, 1, 1), D(2026, 6, 30)
PERIOD_START = D(2026, 1, 1)
COUNTIES = {"iuc-dalarna": "20", "paper-province": "17", "rise-propell": "20", "iuc-gavleborg": "21"}


def row(activity, company, org, day, hours=4.0, stype="advice", financial=False, areas=("automation",)):
    return (activity, company, org, day, stype, financial, hours, tuple(areas))


@dataclass
class CompanyInfo:
    """A company as the register and its yearly figures know it."""

    id: int
    orgnr: str
    county: str
    size_class: str = ""
    size_by_year: dict = field(default_factory=dict)
    employees_by_year: dict = field(default_factory=dict)


def run(rows, companies=None, organisation_counties=COUNTIES, **kw):
    """`aggregate` the rows (as the service's SQL does), then `compute` every indicator."""
    companies = companies or {
        cid: CompanyInfo(cid, f"55600000{cid:02d}", "20", "small") for cid in {r[1] for r in rows}
    }
    supported, before = engine.aggregate(
        rows,
        {c.id: (c.orgnr, c.county, c.size_class) for c in companies.values()},
        engine.channels(DEFS),
        project_start=START,
        period_start=PERIOD_START,
        end=END,
        organisation_counties=organisation_counties,
    )
    for cid, support in supported.items():
        support.size_by_year = companies[cid].size_by_year
        support.employees_by_year = companies[cid].employees_by_year
    kw.setdefault("support_types_in_use", ["advice", "workshop", "grant", "analysis"])
    results = engine.compute(DEFS, supported, project_start=START, period_start=PERIOD_START, end=END, **kw)
    results.before_start = before
    return results


def test_a_company_supported_by_three_organisations_counts_once_but_under_each_organisation():
    results = run(
        [
            row(1, 7, "iuc-dalarna", D(2025, 3, 1)),
            row(2, 7, "paper-province", D(2025, 4, 1)),
            row(3, 7, "rise-propell", D(2026, 2, 1)),
        ]
    )
    co01 = results.indicators["CO01"]
    assert co01.value == 1
    figures = Figures(snapshot(results, definitions_version=VERSION))
    assert figures.breakdown("CO01", "organisation") == {
        "iuc-dalarna": 1,
        "paper-province": 1,
        "rise-propell": 1,
    }
    assert figures.breakdown("CO01", "county") == {"20": 1}
    assert figures.ids("CO01", "organisation", "paper-province") == [7]


def test_a_company_below_the_threshold_does_not_count_until_its_hours_reach_it():
    results = run(
        [
            row(1, 1, "iuc-dalarna", D(2025, 3, 1), hours=2.0),  # 2 h: below 3 h
            row(2, 2, "iuc-dalarna", D(2025, 3, 1), hours=2.0),
            row(3, 2, "iuc-dalarna", D(2026, 2, 1), hours=1.0),  # 2 + 1 = 3 h: counts from 2026-02-01
        ]
    )
    co01 = results.indicators["CO01"]
    assert co01.values == {2: 1.0}
    assert co01.new_ids == {2} and co01.new == 1  # 2 h before 2026, the third hour within 2026H1
    assert results.companies[1].hours == 2.0  # company 1 still took part (participant list), not counted


def test_non_financial_support_is_a_subset_of_support_and_a_grant_counts_from_the_first_day():
    results = run(
        [
            row(1, 1, "iuc-dalarna", D(2025, 1, 10), hours=0.5, stype="grant", financial=True),
            row(2, 2, "iuc-dalarna", D(2025, 1, 10), hours=5.0),
        ]
    )
    ind = results.indicators
    assert set(ind["CO01"].values) == {1, 2}
    assert set(ind["CO02"].values) == {1} and set(ind["RCO02"].values) == {1}
    assert set(ind["CO04"].values) == {2}
    assert set(ind["CO04"].values) <= set(ind["CO01"].values)
    assert ind["RCO03"].status == engine.NOT_APPLICABLE and ind["RCO03"].value is None


def test_size_class_is_taken_at_first_support_from_the_yearly_figures_when_known():
    companies = {
        1: CompanyInfo(1, "5560000001", "20", "medium", size_by_year={2024: "micro", 2025: "small"}),
        2: CompanyInfo(2, "5560000002", "20", "medium", size_by_year={2023: "small"}),
        3: CompanyInfo(3, "5560000003", "20", ""),
    }
    results = run(
        [
            row(1, 1, "iuc-dalarna", D(2024, 5, 1)),
            row(2, 1, "iuc-dalarna", D(2025, 5, 1)),
            row(3, 2, "iuc-dalarna", D(2025, 5, 1)),
            row(4, 3, "iuc-dalarna", D(2025, 5, 1)),
        ],
        companies,
    )
    c = results.companies
    assert c[1].size_at_first_support == ("micro", "year:2024")  # not today's "medium"
    assert c[2].size_at_first_support == ("medium", "current")  # no 2025 figure
    assert c[3].size_at_first_support == ("", "unknown")
    figures = Figures(snapshot(results, definitions_version=VERSION))
    assert figures.breakdown("RCO01", "size_class") == {"": 1, "medium": 1, "micro": 1}


def test_figures_are_cumulative_from_the_project_start_and_rows_before_it_are_listed_not_counted():
    results = run(
        [
            row(1, 1, "iuc-dalarna", D(2023, 12, 31), hours=10),  # before the project
            row(2, 2, "iuc-dalarna", D(2024, 2, 1)),
            row(3, 3, "iuc-dalarna", D(2026, 3, 1)),
            row(4, 4, "iuc-dalarna", D(2026, 7, 1)),  # after the period: not yet
        ]
    )
    co01 = results.indicators["CO01"]
    assert co01.value == 2 and co01.new == 1
    assert results.before_start == [(1, 1, D(2023, 12, 31))]
    assert 1 not in results.companies


def test_employment_increase_from_the_year_before_first_support_and_a_decrease_adds_nothing():
    companies = {
        1: CompanyInfo(1, "5560000001", "20", "small", employees_by_year={2023: 10, 2024: 12, 2025: 15}),
        2: CompanyInfo(2, "5560000002", "20", "small", employees_by_year={2023: 20, 2025: 18}),
        3: CompanyInfo(3, "5560000003", "20", "small", employees_by_year={2025: 9}),  # no 2023 figure
    }
    results = run([row(i, i, "iuc-dalarna", D(2024, 3, 1)) for i in (1, 2, 3)], companies)
    co08 = results.indicators["CO08"]
    assert co08.values == {1: 5.0, 2: 0.0}  # 15 - 10; 18 - 20 counts 0
    assert co08.value == 5.0
    assert co08.coverage == (2, 3)
    assert co08.details[1] == [2023, 10, 2025, 15]
    assert results.indicators["RCR01"].value == 5.0


def test_employment_without_any_yearly_figures_is_not_available_rather_than_zero():
    results = run([row(1, 1, "iuc-dalarna", D(2024, 3, 1))])
    assert results.indicators["CO08"].value is None
    assert results.indicators["CO08"].status == engine.NOT_AVAILABLE


def test_new_enterprises_are_not_available_without_registration_dates_and_counted_with_them():
    rows = [row(1, 1, "iuc-dalarna", D(2025, 3, 1)), row(2, 2, "iuc-dalarna", D(2025, 3, 1))]
    assert run(rows).indicators["CO05"].reason == "no_registration_date"
    dated = run(rows, registration_dates={1: D(2023, 1, 1), 2: D(2010, 1, 1)})
    assert set(dated.indicators["CO05"].values) == {1}


def test_outcomes_count_only_after_first_support_and_a_new_to_market_product_is_new_to_the_firm():
    outcomes = [
        (1, "new_to_market", D(2025, 9, 1), None),
        (2, "new_to_firm", D(2024, 12, 1), None),  # before company 2's first support
        (3, "private_investment", D(2025, 9, 1), 250_000.0),
        (3, "private_investment", D(2026, 2, 1), 50_000.0),
    ]
    results = run([row(i, i, "iuc-dalarna", D(2025, 1, 1)) for i in (1, 2, 3)], outcomes=outcomes)
    ind = results.indicators
    assert set(ind["CO28"].values) == {1}
    assert set(ind["CO29"].values) == {1}
    assert ind["RCR02"].value == 300_000.0 and ind["RCR02"].new == 50_000.0


def test_smes_only_indicators_leave_out_large_companies():
    companies = {
        1: CompanyInfo(1, "5560000001", "20", "large"),
        2: CompanyInfo(2, "5560000002", "20", "small"),
    }
    outcomes = [
        (1, "process_innovation", D(2025, 9, 1), None),
        (2, "process_innovation", D(2025, 9, 1), None),
    ]
    results = run([row(i, i, "iuc-dalarna", D(2025, 1, 1)) for i in (1, 2)], companies, outcomes=outcomes)
    assert set(results.indicators["RCR03"].values) == {2}


def test_research_cooperation_by_rise_or_a_recorded_cooperation():
    outcomes = [(3, "research_cooperation", D(2025, 6, 1), None)]
    results = run(
        [
            row(1, 1, "rise-propell", D(2025, 1, 1)),
            row(2, 2, "iuc-dalarna", D(2025, 1, 1)),
            row(3, 3, "iuc-dalarna", D(2025, 1, 1)),
        ],
        outcomes=outcomes,
    )
    assert set(results.indicators["CO26"].values) == {1, 3}


def test_support_from_another_county_is_a_programme_indicator_by_the_outside_organisation():
    companies = {
        1: CompanyInfo(1, "5560000001", "20", "small"),
        2: CompanyInfo(2, "5560000002", "17", "small"),
    }
    results = run(
        [
            row(1, 1, "iuc-dalarna", D(2025, 1, 1)),  # Dalarna company, Dalarna organisation
            row(2, 2, "iuc-dalarna", D(2025, 1, 1)),  # Värmland company, Dalarna organisation
            row(3, 2, "paper-province", D(2025, 2, 1)),
        ],
        companies,
    )
    p01 = results.indicators["P01"]
    assert set(p01.values) == {2}
    assert breakdowns(p01, results.companies)["organisation"] == {"iuc-dalarna": 1}


def test_assessed_and_maturity_rising_a_band():
    pairs = [
        (1, D(2025, 10, 1), 0, 1, "basic", "average", "dma-sme"),
        (2, D(2025, 10, 1), 1, 1, "average", "average", "dma-sme"),
        (3, D(2026, 9, 1), 0, 2, "basic", "moderately_advanced", "dma-sme"),  # T1 after the period's end
        (4, D(2025, 10, 1), 0, 1, "basic", "average", "dma-sme"),  # 2 h of support: not in P02
    ]
    rows = [row(i, i, "iuc-dalarna", D(2025, 1, 1)) for i in (1, 2, 3)]
    rows.append(row(4, 4, "iuc-dalarna", D(2025, 1, 1), hours=2.0))
    results = run(rows, assessments=pairs)
    assert set(results.indicators["P02"].values) == {1, 2}
    assert set(results.indicators["P03"].values) == {1}
    assert results.movement == {("dma-sme", "basic", "average"): 1, ("dma-sme", "average", "average"): 1}


def test_a_company_without_org_nr_is_named():
    companies = {1: CompanyInfo(1, "", "20", "small")}
    results = run([row(1, 1, "iuc-dalarna", D(2025, 1, 1))], companies)
    assert results.no_orgnr == [1]


def test_the_snapshot_is_json_and_answers_the_same_questions():
    results = run([row(1, 1, "iuc-dalarna", D(2025, 1, 1)), row(2, 2, "paper-province", D(2026, 2, 1))])
    doc = snapshot(results, definitions_version=VERSION)
    again = Figures(json.loads(json.dumps(doc)))
    assert again.value("CO01") == 2
    assert again.indicator("CO01")["new"] == 1
    assert again.ids("CO01", "size_class", "small") == [1, 2]
    assert again.company(2)["p"]["orgs"] == {"paper-province": [4, "2026-02-01", "2026-02-01", ["advice"]]}


@pytest.mark.parametrize(
    "change,message",
    [
        ({"min_hours": 1}, "CO04: min_hours 1 is below its parent CO01's 3"),
        ({"rule": "guess"}, "CO04: rule 'guess'"),
        ({"subset_of": "ZZ"}, "CO04: subset_of 'ZZ'"),
        ({"min_hours": -1}, "CO04: min_hours must not be negative"),
    ],
)
def test_a_wrong_definition_is_named(change, message):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    co04 = next(d for d in data["indicators"] if d["id"] == "CO04")
    co04.update(change)
    with pytest.raises(DefinitionError, match=message.replace("(", r"\(")):
        engine.parse_definitions(data)
