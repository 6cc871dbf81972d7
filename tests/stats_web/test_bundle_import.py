"""A file of several datasets (a JSON-stat bundle) is imported all or nothing: when one dataset fails,
neither the store nor the audit log keeps a trace of the others, and the error names the bad dataset."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from spets.core.models import AuditEntry
from spets.stats import services
from spets.stats.errors import ParseError, StoreError

from .conftest import FIXTURES

REAL = Path(__file__).parents[1] / "stats" / "real"


def _dataset(label: str, values: list) -> dict:
    """A JSON-stat 1.0 dataset of one municipality by two years."""
    return {
        "label": label,
        "source": "SCB",
        "value": values,
        "dimension": {
            "id": ["Region", "Tid"],
            "size": [1, 2],
            "role": {"geo": ["Region"], "time": ["Tid"]},
            "Region": {"label": "region", "category": {"index": ["2081"], "label": {"2081": "Borlänge"}}},
            "Tid": {"label": "år", "category": {"index": ["2022", "2023"]}},
        },
    }


def _bundle(tmp_path: Path, last_values: list) -> Path:
    path = tmp_path / "bundle.json"
    doc = {
        "folkmangd": _dataset("Folkmängd", [52393, 52462]),
        "sysselsatta": _dataset("Sysselsatta", [24001, 24210]),
        "pendlare": _dataset("Pendlare", last_values),
    }
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _everything() -> dict:
    """What the store and the relational catalogue hold: tables, rows of the store's catalogue, audit."""
    con = services.store().con
    tables = sorted(r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall())
    return {
        "tables": tables,
        "cubes": con.execute("SELECT * FROM stats_cube ORDER BY cube_id").fetchall(),
        "dims": con.execute("SELECT * FROM stats_dim ORDER BY cube_id, pos").fetchall(),
        "values": con.execute("SELECT * FROM stats_dim_value ORDER BY cube_id, pos, idx").fetchall(),
        "audit": list(AuditEntry.objects.order_by("pk").values_list("pk", "object_id")),
    }


@pytest.fixture
def stored_before(stats_path):
    """A store holding one earlier import, so "unchanged" is checked against real content."""
    services.import_file(FIXTURES / "AM0207K_DagSNI07KonK_dalarna.px")
    return _everything()


def test_a_bundle_whose_last_dataset_has_a_bad_cell_is_refused_whole_naming_that_dataset(
    stored_before, tmp_path
):
    bundle = _bundle(tmp_path, [9120, "x"])
    with pytest.raises(
        ParseError, match=r"bundle\.json, dataset 3 \(pendlare\), at value\[1\]: expected a number"
    ):
        services.import_cubes(services.read_cubes(bundle))
    assert _everything() == stored_before


def test_when_the_last_dataset_cannot_be_written_the_earlier_ones_are_rolled_back_too(
    stored_before, tmp_path
):
    cubes = services.read_cubes(_bundle(tmp_path, [9120, 9310]))
    # a cell the store cannot hold, found only while writing the third dataset
    cubes[-1].status = np.array([[0, "not a status"]], dtype=object)
    with pytest.raises(
        StoreError, match=r"bundle\.json: dataset 'pendlare' \(part 3 of 3, series bundle-pendlare\)"
    ):
        services.import_cubes(cubes)
    assert _everything() == stored_before
    # the store is usable afterwards, and the good bundle goes in whole
    imported = services.import_cubes(services.read_cubes(_bundle(tmp_path, [9120, 9310])))
    assert [i.result.series for i in imported] == [
        "bundle-folkmangd",
        "bundle-sysselsatta",
        "bundle-pendlare",
    ]
    assert all(i.created for i in imported)
    assert services.store().load("bundle-pendlare").get(Region="2081", Tid="2023") == (9310.0, "")
    assert AuditEntry.objects.filter(action="import", object_type="stats.cube").count() == 4


def test_when_the_audit_entry_of_the_last_dataset_fails_nothing_is_stored(
    stored_before, tmp_path, monkeypatch
):
    real = services.log_action

    def failing(user, action, *args, **kwargs):
        if kwargs.get("object_id", "").startswith("bundle-pendlare"):
            raise RuntimeError("the audit log is unavailable")
        return real(user, action, *args, **kwargs)

    monkeypatch.setattr(services, "log_action", failing)
    with pytest.raises(StoreError, match=r"dataset 'pendlare' \(part 3 of 3.*the audit log is unavailable"):
        services.import_cubes(services.read_cubes(_bundle(tmp_path, [9120, 9310])))
    assert _everything() == stored_before


def test_the_command_refuses_a_broken_bundle_whole(stored_before, tmp_path):
    bundle = _bundle(tmp_path, [9120])  # one value for two cells
    with pytest.raises(CommandError, match=r"dataset 3 \(pendlare\).*expected 2 values"):
        call_command("stats", "import", str(bundle), stdout=io.StringIO())
    assert _everything() == stored_before


def test_an_upload_of_a_broken_bundle_names_the_dataset_and_stores_nothing(
    client, alf, stored_before, tmp_path
):
    client.force_login(alf)
    bundle = _bundle(tmp_path, [9120, "x"])
    response = client.post("/atlas/import/", {"file": SimpleUploadedFile(bundle.name, bundle.read_bytes())})
    assert response.status_code == 422
    assert "dataset 3 (pendlare), at value[1]" in response.content.decode()
    assert _everything() == stored_before
