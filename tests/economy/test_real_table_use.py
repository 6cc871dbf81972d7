"""`spets footprint use-table`: a real table checked, installed atomically and used by the service, CLI,
page, XLSX and PDF; a failure leaves the previous table in use; the setting wins over the command."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from spets.core.models import AuditEntry
from spets.economy import services
from spets.economy.services import active_table

REAL = Path(__file__).parent / "real"
EUROSTAT = REAL / "naio_10_cp1700_SE_2020.csv"
NAMA = REAL / "nama_10_a64_e_SE_2020.csv"
SCB = REAL / "scb_symmetrisk_io_2020.csv"


@pytest.fixture(autouse=True)
def demo_table_afterwards():
    """Each test starts and ends on the bundled demo table (the data directory lives per test process)."""
    yield
    active_table.record_path().unlink(missing_ok=True)
    services.clear_cache()


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_use_table_installs_a_eurostat_table_and_the_service_uses_it(db):
    assert services.table().metadata["approximate"] is True
    before = services.data_key(2025)
    text = _run("footprint", "use-table", str(EUROSTAT), "--employment", str(NAMA))
    assert "Eurostat IO table SE 2020" in text and "real" in text and "nama_10_a64_e" in text
    record = json.loads(active_table.record_path().read_text())
    assert record["format"] == "eurostat-csv" and record["year"] == 2020
    stored = active_table.table_dir() / record["file"]
    assert stored.read_bytes() == EUROSTAT.read_bytes()
    assert (active_table.table_dir() / record["employment_file"]).read_bytes() == NAMA.read_bytes()
    t = services.table()
    assert t.name == "Eurostat IO table SE 2020" and t.metadata["approximate"] is False
    assert services.data_key(2025) != before  # the model cache is keyed by the table
    entry = AuditEntry.objects.filter(action="use_table").latest("id")
    assert entry.object_repr == "Eurostat IO table SE 2020" and entry.changes["year"] == 2020


def test_a_broken_table_is_refused_and_the_previous_one_stays_in_use(db, tmp_path):
    _run("footprint", "use-table", str(SCB))
    record = active_table.record_path().read_text()
    broken = tmp_path / "broken.csv"
    broken.write_text(SCB.read_text(encoding="utf-8").replace("\nCPA_H50;", "\nCPA_H59;"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"unknown product code 'CPA_H59'.*nothing changed"):
        _run("footprint", "use-table", str(broken))
    assert active_table.record_path().read_text() == record
    assert services.table().name == "SCB IO table SE 2020"
    with pytest.raises(CommandError, match="no employment.*nama_10_a64_e"):
        _run("footprint", "use-table", str(EUROSTAT))
    with pytest.raises(CommandError, match="cannot|No such file"):
        _run("footprint", "use-table", str(tmp_path / "missing.csv"))
    assert services.table().name == "SCB IO table SE 2020"
    assert sorted(p.name for p in active_table.table_dir().iterdir() if p.name != "active.json") == [
        json.loads(record)["file"]
    ]


def test_use_table_demo_goes_back_to_the_bundled_table(db):
    _run("footprint", "use-table", str(SCB))
    assert "approximate" in _run("footprint", "use-table", "demo")
    assert not active_table.record_path().exists()
    assert services.table().metadata["approximate"] is True


def test_the_setting_overrides_the_installed_table(db, settings):
    _run("footprint", "use-table", str(SCB))
    settings.FOOTPRINT_TABLE = EUROSTAT
    settings.FOOTPRINT_EMPLOYMENT = NAMA
    assert services.table().name == "Eurostat IO table SE 2020"
    assert active_table.active()["origin"] == "setting"
    settings.FOOTPRINT_EMPLOYMENT = None
    with pytest.raises(services.MissingInputs, match="SPETS_FOOTPRINT_TABLE.*no employment"):
        services.table()
    settings.FOOTPRINT_TABLE = REAL / "missing.csv"
    with pytest.raises(services.MissingInputs, match="SPETS_FOOTPRINT_TABLE.*missing.csv.*No such file"):
        services.table()  # never a silent fallback to the installed or the demo table


def test_footprint_on_the_real_table_end_to_end_through_the_cli(stats_store):
    demo = services.footprint("programme", "B,C", 2025, scope="services")
    _run("footprint", "use-table", str(EUROSTAT), "--employment", str(NAMA))
    d = json.loads(
        _run(
            "footprint", "--area", "programme", "--industry", "B,C", "--scope", "services", "--format", "json"
        )
    )
    table = d["metadata"]["table"]
    assert table["name"] == "Eurostat IO table SE 2020" and table["status"] == "real"
    assert table["approximate"] is False and table["year"] == 2020 and table["products"] == 65
    assert "nama_10_a64_e" in table["employment_source"]
    assert not any("APPROXIMATE national input-output table" in label for label in d["metadata"]["labels"])
    assert any("Eurostat IO table SE 2020" in label for label in d["metadata"]["labels"])
    assert "D1" in d["metadata"]["wages"] and "Eurostat IO table SE 2020" in d["metadata"]["wages"]
    assert d["employment"]["direct"] == pytest.approx(demo["employment"]["direct"], rel=0.02)
    assert d["employment"]["indirect"] != demo["employment"]["indirect"]  # another table, other suppliers
    assert d["employment"] == services.footprint("programme", "B,C", 2025, scope="services")["employment"]
    text = _run("footprint", "--area", "county:20", "--lang", "en")
    assert "Eurostat IO table SE 2020 (Eurostat naio_10_cp1700 (SDMX-CSV), domestic use, 2020; real)" in text


def test_footprint_inputs_shows_table_wages_and_employment_as_real_with_their_source(stats_store):
    rows = {r["input"]: r for r in json.loads(_run("footprint", "inputs", "--format", "json"))}
    assert rows["input-output table"]["status"] == "approximate"
    assert rows["national employment by industry"]["status"] == "approximate"
    assert "use-table" in rows["input-output table"]["source"]
    _run("footprint", "use-table", str(SCB))
    text = _run("footprint", "inputs")
    rows = {r["input"]: r for r in json.loads(_run("footprint", "inputs", "--format", "json"))}
    table, wages, emp = rows["input-output table"], rows["wages"], rows["national employment by industry"]
    assert table["status"] == wages["status"] == emp["status"] == "real"
    assert "SCB IO table SE 2020" in table["source"] and "64 CPA products" in table["source"]
    assert table["year"] == 2020 and "installed with `spets footprint use-table`" in table["source"]
    assert "compensation of employees (D1)" in wages["source"]
    assert emp["source"] == "EMP row of the table"
    assert rows["household consumption"]["status"] == "approximate"
    assert "real" in text and "SCB IO table SE 2020" in text


def test_page_api_xlsx_and_pdf_name_the_real_table(stats_store, client, lisa):
    _run("footprint", "use-table", str(EUROSTAT), "--employment", str(NAMA))
    client.force_login(lisa)
    page = client.get("/footprint/").content.decode()
    assert "Eurostat IO table SE 2020" in page and "nama_10_a64_e" in page
    wb = load_workbook(io.BytesIO(client.get("/footprint/", {"format": "xlsx"}).content))
    cells = " ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "Eurostat IO table SE 2020" in cells
    api = client.get("/api/economy/footprint", {"area": "programme", "industry": "B,C"}).json()
    assert api["metadata"]["table"]["name"] == "Eurostat IO table SE 2020"
    assert api["metadata"]["table"]["status"] == "real"
    pdf = client.get("/footprint/", {"format": "pdf", "lang": "en"}).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Eurostat IO table SE 2020" in text and "APPROXIMATE national input-output table" not in text
