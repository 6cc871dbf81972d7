"""The de minimis ledger through the register's real `log_activity`: the value and conversion of each aid,
group aggregation, refusal at the ceiling across the 2024 rule change, a programme manager's override, a
missing exchange rate, declarations, rates imports, retention and merges. Amounts are hand-computed from the
rates file (2023-11: 11.8060, 2024-01: 11.0382, 2025-02: 11.4700, 2025-03: 11.1590 SEK per EUR) and the
programme's standard rate of 1 000 SEK per hour."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from spets.companies import extensions
from spets.companies.models import Activity
from spets.companies.services.merge import merge
from spets.core.errors import InvalidData
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped
from spets.programme.models import AidDeclaration, AidGrant, CeilingDecision, ExchangeRate
from spets.programme.services import deminimis as dm
from tests.factories import make_activity, make_company
from tests.programme.deminimis_setup import declare, log, make_group, make_offer, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def project(db):
    return make_project()


@pytest.fixture
def group(db):
    return make_group("Koncernen AB", "Dotter Ett AB", "Dotter Två AB")


def grants(**filters) -> list[AidGrant]:
    with unscoped():
        return list(AidGrant.objects.filter(**filters).order_by("pk"))


def test_anna_logs_three_hours_of_advice_and_the_ledger_values_them_at_the_standard_rate(
    anna, company, project
):
    activity = log(anna, [company], "2025-02-01", hours=3)
    (grant,) = grants(activity=activity)
    assert grant.company == company and grant.recipient_orgnr == "5560000001"
    assert (grant.method, grant.hours, grant.value_sek) == ("default_rate", 3, Decimal("3000.00"))
    # 3 000 SEK / 11.4700 SEK per EUR (the rate of February 2025) = 261.5519… → 261.55 EUR.
    assert (grant.eur_rate, grant.value_eur) == (Decimal("11.4700"), Decimal("261.55"))
    assert grant.regulation == "2023/2831" and grant.granted_on == datetime.date(2025, 2, 1)
    assert "2025-02" in grant.eur_rate_source and "European Central Bank" in grant.eur_rate_source
    assert grant.declaration_missing  # no declaration recorded: a warning, not a refusal
    entry = AuditEntry.objects.get(object_type="programme.AidGrant", object_id=str(grant.pk))
    assert entry.company_id == company.pk and entry.changes["value_eur"] == "261.55"


def test_a_workshop_with_three_companies_splits_the_hours_and_uses_the_offers_market_rate(anna, project):
    companies = [make_company(name=f"Deltagare {i} AB") for i in range(3)]
    offer = make_offer(value_sek=12_000, typical_hours=Decimal(10))  # 1 200 SEK per hour
    activity = log(anna, companies, "2025-03-10", hours=6, offer_id=offer.pk, type="workshop")
    rows = grants(activity=activity)
    assert len(rows) == 3
    for row in rows:
        # 6 h / 3 companies = 2 h × 1 200 SEK = 2 400 SEK; / 11.1590 = 215.0731… → 215.07 EUR.
        assert (row.method, row.hours, row.value_sek, row.value_eur) == (
            "offer_rate",
            2,
            Decimal("2400.00"),
            Decimal("215.07"),
        )
        assert "Energikartläggning" in row.method_note


def test_no_aid_is_recorded_outside_the_programme_project(anna, cecilia, company):
    make_project(starts_on=datetime.date(2025, 1, 1), participants=("paper-province",))
    log(anna, [company], "2025-02-01")  # IUC Dalarna does not take part in this project
    log(cecilia, [company], "2024-06-01")  # before the project started
    assert grants() == []


def test_the_group_is_one_single_undertaking_for_the_headroom(anna, group, project):
    parent, first, second = group
    declare(anna, first, ("2024-06-01", 290_000, "EUR", "Region Dalarna"), on=datetime.date(2024, 12, 1))
    log(anna, [second], "2025-02-01", hours=3)  # 261.55 EUR
    status = dm.group_status(parent.pk, datetime.date(2025, 2, 1))
    assert sorted(m.pk for m in status.members) == sorted(c.pk for c in group)
    assert (status.declared_eur, status.ours_eur) == (290_000, Decimal("261.55"))
    assert status.headroom_eur == Decimal("9738.45")
    # The same answer from any member of the group, and in SEK at the month's rate: 9 738.45 × 11.47.
    assert dm.group_status(second.pk, datetime.date(2025, 2, 1)).headroom_eur == Decimal("9738.45")
    assert status.headroom_sek == Decimal("111700.02")


def test_anna_is_stopped_at_the_ceiling_with_the_amount_and_the_headroom(anna, group, project):
    parent, first, second = group
    declare(anna, parent, ("2024-06-01", "299900", "EUR", "Energimyndigheten"), on=datetime.date(2024, 12, 1))
    with pytest.raises(InvalidData) as exc:
        log(anna, [second], "2025-02-01", hours=3)
    message = exc.value.errors["companies"]
    assert "Koncernen AB" in message and "Dotter Två AB" in message  # the group is named
    assert "262 EUR (3,000 SEK)" in message  # the aid: 261.55 EUR
    assert "only 100 EUR (1,147 SEK) remains" in message  # 100 EUR × 11.47
    assert "2023/2831" in message and "2022-02-02 – 2025-02-01" in message
    with unscoped():
        assert not Activity.objects.filter(date=datetime.date(2025, 2, 1)).exists()
    assert grants() == []


def test_the_ceiling_follows_the_rule_of_the_grant_date_across_2024(anna, group, project):
    parent, first, second = group
    declare(anna, parent, ("2022-02-01", 195_000, "EUR", "Vinnova"), on=datetime.date(2023, 1, 2))
    offer = make_offer(value_sek=70_000)  # a stated amount per company
    # 15 November 2023, Regulation 1407/2013: 70 000 / 11.8060 = 5 929.19 EUR, but 5 000 EUR remain.
    with pytest.raises(InvalidData) as exc:
        log(anna, [first], "2023-11-15", offer_id=offer.pk)
    assert "only 5,000 EUR" in exc.value.errors["companies"] and "1407/2013" in exc.value.errors["companies"]
    # 15 January 2024, Regulation 2023/2831: ceiling 300 000, 105 000 EUR remain.
    activity = log(anna, [first], "2024-01-15", offer_id=offer.pk)
    (grant,) = grants(activity=activity)
    assert (grant.method, grant.value_sek, grant.value_eur) == (
        "stated_amount",
        Decimal("70000.00"),
        Decimal("6341.61"),  # 70 000 / 11.0382
    )
    assert grant.regulation == "2023/2831"


def test_only_a_programme_manager_may_go_ahead_over_the_ceiling(anna, petra, group, project):
    parent, first, second = group
    declare(anna, parent, ("2024-06-01", "299900", "EUR", "Energimyndigheten"), on=datetime.date(2024, 12, 1))
    with pytest.raises(InvalidData) as exc:
        log(anna, [second], "2025-02-01", override_reason="Viktigt för regionen")
    assert "Only a programme manager" in exc.value.errors["companies"]

    activity = log(petra, [second], "2025-02-01", override_reason="Beslut i styrgruppen 2025-01-28")
    with unscoped():
        decision = CeilingDecision.objects.get()
    assert (decision.activity, decision.decided_by, decision.reason) == (
        activity,
        petra,
        "Beslut i styrgruppen 2025-01-28",
    )
    assert (decision.amount_eur, decision.headroom_eur) == (Decimal("261.55"), Decimal("100.00"))
    (grant,) = grants(activity=activity)
    assert grant.decision == decision
    assert AuditEntry.objects.filter(action="decide", object_id=str(decision.pk)).exists()
    assert dm.group_status(parent.pk, datetime.date(2025, 2, 1)).over


def test_a_reason_without_a_breach_records_no_decision(petra, company, project):
    log(petra, [company], "2025-02-01", override_reason="för säkerhets skull")
    with unscoped():
        assert not CeilingDecision.objects.exists()
    assert len(grants()) == 1


def test_a_missing_exchange_rate_is_a_clear_error_naming_the_month(anna, company):
    make_project(starts_on=datetime.date(2019, 1, 1))
    with pytest.raises(InvalidData) as exc:
        log(anna, [company], "2019-06-10")
    assert "No EUR/SEK exchange rate for 2019-06" in exc.value.errors["date"]
    assert "spets deminimis-rates import" in exc.value.errors["date"]
    with unscoped():
        assert not Activity.objects.exists()


def test_rates_import_adds_and_changes_months_and_reports_the_counts(anna, company, project, tmp_path):
    path = tmp_path / "inforeuro.csv"
    path.write_text(
        "# source: InforEuro (test file)\nmonth,eur_sek\n2026-11,10.9995\n2026-12,11.0150\n2027-01,11.1000\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("deminimis_rates", "import", str(path), stdout=out)
    # 2027-01 is new; 2026-12 replaces the provisional figure; 2026-11 is the same as the file's.
    assert out.getvalue().strip() == "rates added: 1, changed: 1, unchanged: 1"
    assert ExchangeRate.objects.count() == 2
    activity = log(anna, [company], "2027-01-20", hours=1)
    (grant,) = grants(activity=activity)
    assert grant.eur_rate == Decimal("11.1000") and grant.value_eur == Decimal("90.09")  # 1 000 / 11.1
    assert grant.eur_rate_source == "InforEuro (test file) (2027-01)"
    assert AuditEntry.objects.filter(object_type="programme.ExchangeRate", action="import").count() == 1


def test_a_bad_rates_file_is_refused_whole_with_each_bad_line_named(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("month,eur_sek\n2027-01,11.1\n2027-13,11.2\n2027-02,abc\n2027-03,110.5\n", "utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("deminimis_rates", "import", str(path))
    text = str(exc.value)
    assert "line 3: '2027-13' is not a month" in text
    assert "line 4: 'abc' is not a number" in text
    assert "line 5: 110.5 SEK per EUR is not a plausible rate" in text
    assert ExchangeRate.objects.count() == 0  # nothing written, not even the good line


def test_a_declaration_converts_sek_at_the_rate_of_the_aids_month(anna, company, frozen_time):
    declaration = declare(
        anna,
        company,
        ("2025-02-10", "1 147 000", "SEK", "Region Dalarna"),
        ("2024-05-01", "12500,50", "EUR", "Vinnova"),
        on=datetime.date(2025, 3, 1),
    )
    with unscoped():
        entries = list(declaration.entries.order_by("granted_on"))
    assert [(e.amount, e.currency, e.amount_eur) for e in entries] == [
        (Decimal("12500.50"), "EUR", Decimal("12500.50")),
        (Decimal("1147000.00"), "SEK", Decimal("100000.00")),  # 1 147 000 / 11.47
    ]
    assert entries[1].eur_rate == Decimal("11.4700")
    assert AuditEntry.objects.filter(object_type="programme.AidDeclaration", company_id=company.pk).exists()


def test_a_bad_declaration_names_each_row_and_writes_nothing(anna, company, frozen_time):
    with pytest.raises(InvalidData) as exc:
        declare(
            anna,
            company,
            ("2024-05-01", "-5", "SEK", "Vinnova"),
            ("2025-02-20", "100", "SEK", "Region"),
            ("2024-05-01", "100", "SEK", " "),
            ("2019-05-01", "100", "SEK", "Länsstyrelsen"),
            ("2024-05-01", "4000000", "EUR", "Almi"),
            on=datetime.date(2025, 2, 15),
        )
    message = exc.value.errors["entries"]
    assert "row 1: the amount must be positive" in message
    assert "row 2: granted on 2025-02-20, after the declaration" in message
    assert "row 3: name the grantor" in message
    assert "row 4: No EUR/SEK exchange rate for 2019-05" in message
    assert "row 5: 4,000,000 EUR is more than one de minimis aid can be" in message
    with pytest.raises(InvalidData) as exc:
        declare(anna, company, ("2024-05-01", "100", "SEK", "Vinnova"), none=True)
    assert "no_other_aid" in exc.value.errors
    with pytest.raises(InvalidData) as exc:
        declare(anna, company, on=datetime.date(2025, 4, 1), none=True)  # frozen at 2025-03-03
    assert "in the future" in exc.value.errors["declared_on"]
    with unscoped():
        assert not AidDeclaration.objects.exists()


def test_a_declaration_before_the_support_clears_the_warning(anna, group, project):
    parent, first, second = group
    declare(anna, parent, on=datetime.date(2025, 1, 15), none=True)
    activity = log(anna, [second], "2025-02-01")
    (grant,) = grants(activity=activity)
    assert not grant.declaration_missing  # a declaration by any company of the group


def test_the_company_page_panel_shows_the_headroom_to_programme_staff_only(anna, alf, carl, company, project):
    log(anna, [company], "2025-02-01")

    def deminimis_panels(user):
        return [p for p in extensions.panels_for(user, company.pk) if "deminimis" in p["template"]]

    (panel,) = deminimis_panels(anna)
    assert panel["template"] == "programme/_deminimis_panel.html"
    assert panel["status"].ours_eur == Decimal("261.55")
    assert deminimis_panels(alf) == []
    assert deminimis_panels(carl) == []


def test_aid_records_hold_the_company_for_ten_years(anna, company, project):
    log(anna, [company], "2025-02-01")
    other = make_company(name="Utan stöd AB")
    reason = extensions.retention_hold(company.pk, datetime.date(2030, 1, 1))
    assert "kept until 2035-02-01" in reason and "Art. 6(4)" in reason
    assert extensions.retention_hold(company.pk, datetime.date(2035, 2, 1)) is not None
    assert extensions.retention_hold(company.pk, datetime.date(2035, 2, 2)) is None
    assert extensions.retention_hold(other.pk, datetime.date(2030, 1, 1)) is None


def test_a_merge_moves_the_aid_and_keeps_the_recipients_org_nr(anna, project):
    survivor, other = make_company(name="Överlevaren AB"), make_company(name="Dubbletten AB")
    log(anna, [other], "2025-02-01")
    with unscoped():
        survivor.refresh_from_db()
        other.refresh_from_db()
    merge(
        anna,
        survivor.pk,
        other.pk,
        {"orgnr": "survivor", "name": "survivor"},
        survivor.version,
        other.version,
    )
    (grant,) = grants()
    assert grant.company_id == survivor.pk
    assert (grant.recipient_orgnr, grant.recipient_name) == (other.orgnr, "Dubbletten AB")


def test_backfill_writes_the_aid_of_activities_recorded_before_the_ledger(anna, company, project):
    inside = make_activity(company, "iuc-dalarna", {anna: 2})  # 2025-02-01, 2 h
    outside = make_activity(company, "rise-propell", {anna: 2})  # RISE takes no part in the test project
    assert dm.backfill() == {"written": 1, "skipped": 1, "missing_rate": 0}
    (grant,) = grants()
    assert (grant.activity_id, grant.value_sek, grant.value_eur) == (inside.pk, 2000, Decimal("174.37"))
    assert dm.backfill()["written"] == 0  # once only
    assert outside.pk != grant.activity_id


def test_a_private_activitys_aid_entry_is_for_its_organisation(anna, company, project):
    log(anna, [company], "2025-02-01", visibility="organisation")
    (grant,) = grants()
    entry = AuditEntry.objects.get(object_type="programme.AidGrant", object_id=str(grant.pk))
    assert entry.restricted and list(entry.visible_to.values_list("slug", flat=True)) == ["iuc-dalarna"]


@time_machine.travel(datetime.datetime(2025, 6, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_headroom_today_uses_the_rolling_window_ending_today(anna, company, project):
    declare(anna, company, ("2022-06-01", 100_000, "EUR", "Vinnova"), ("2022-06-02", 50_000, "EUR", "Almi"))
    status = dm.group_status(company.pk)
    # Today 2025-06-01: the window is 2022-06-02 – 2025-06-01; the aid of 2022-06-01 has left it.
    assert (status.headroom.window_start, status.declared_eur, status.headroom_eur) == (
        datetime.date(2022, 6, 2),
        50_000,
        250_000,
    )


def test_the_rates_command_lists_the_rates_with_their_sources():
    out = StringIO()
    call_command("deminimis_rates", "list", "--since", "2026-11", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("2026-11  10.9995  European Central Bank")
    assert lines[1].startswith("2026-12  10.9780") and lines[1].endswith("(provisional)")


def test_a_loop_in_the_parent_links_still_gives_one_group(db):
    first, second = make_company(name="Ett AB"), make_company(name="Två AB")
    with unscoped():
        first.parent, second.parent = second, first
        first.save()
        second.save()
    assert sorted(dm.group_of(first.pk)) == sorted([first.pk, second.pk])
    grandchild = make_company(name="Barnbarn AB", parent=make_company(name="Barn AB", parent=first))
    assert len(dm.group_of(grandchild.pk)) == 4
