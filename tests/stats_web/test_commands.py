"""`spets stats …`: tables, import, list, stitch and fetch (fake transport, never the network)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from spets.core.models import AuditEntry
from spets.stats import services

FIXTURES = Path(__file__).parent / "fixtures"
API = Path(__file__).parent.parent / "stats" / "fixtures" / "api"
PX = FIXTURES / "AM0207K_DagSNI07KonK_dalarna.px"


def run(*args) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


def test_tables_lists_the_catalogue_with_descriptions_and_variables(db):
    out = run("tables")
    assert (
        "AM0207K/DagSNI07KonK" in out
        and "AM0210B/ArbStDoNArNN" in out
        and "NV0109P/NSEBasfaktaLVEngs07" in out
    )
    assert "Employed persons aged 16+ by place of work" in out
    assert "SNI2007 (industry SNI 2007): A, B+C" in out


def test_import_a_px_file_then_list_shows_it_and_reimport_is_a_no_op(stats_path):
    out = run("import", str(PX))
    assert "lagrade AM0207K/DagSNI07KonK version 1 (1760 celler)" in out
    listing = run("list")
    assert "AM0207K/DagSNI07KonK" in listing and "1760" in listing and "SCB" in listing
    again = run("import", str(PX))
    assert "redan lagrad som AM0207K/DagSNI07KonK version 1; inget ändrades" in again
    assert [c.version for c in services.store().cubes()] == [1]
    assert AuditEntry.objects.filter(action="import", object_type="stats.cube").count() == 1


def test_a_malformed_file_names_file_and_line_and_stores_nothing(stats_path, tmp_path):
    bad = tmp_path / "broken.px"
    text = PX.read_bytes().decode("iso-8859-1").replace('HEADING="år";', 'HEADING "år";')
    bad.write_bytes(text.encode("iso-8859-1"))
    with pytest.raises(CommandError, match=r"broken\.px, line \d+: expected"):
        run("import", str(bad))
    broken_json = tmp_path / "broken.json"
    broken_json.write_text(
        '{"version": "2.0", "class": "dataset", "id": ["Region"], "size": [1], "dimension": {}}'
    )
    with pytest.raises(CommandError, match=r"broken\.json, at dimension: expected key 'Region'"):
        run("import", str(broken_json))
    assert services.store().cubes() == []
    assert not AuditEntry.objects.filter(action="import").exists()


def test_import_of_an_unknown_table_lists_the_valid_ones(stats_path):
    with pytest.raises(CommandError, match="unknown table 'AM9999'; valid: AM0207K/DagSNI07KonK"):
        run("import", str(FIXTURES / "AM0210B_ArbStDoNArNN_dalarna.json"), "--table", "AM9999")


def test_stitch_without_stored_tables_says_what_to_import(stats_path):
    with pytest.raises(
        CommandError, match="none of the employment tables is stored; import or fetch AM0207K"
    ):
        run("stitch")


class Replay:
    """Recorded PxWeb v2 responses (tests/stats/fixtures/api); an unrecorded request fails the test."""

    def __init__(self, scenario: str):
        import urllib.parse

        self.parse = urllib.parse
        self.routes = json.loads((API / scenario).read_text(encoding="utf-8"))["routes"]
        self.served = [0] * len(self.routes)

    def __call__(self, method, url, body, headers):
        parts = self.parse.urlsplit(url)
        query = dict(self.parse.parse_qsl(parts.query, keep_blank_values=True))
        for i, route in enumerate(self.routes):
            if (
                route["method"] == method
                and route["path"] == parts.path
                and route.get("query", query) == query
            ):
                r = route["responses"][min(self.served[i], len(route["responses"]) - 1)]
                self.served[i] += 1
                data = (API / r["file"]).read_bytes() if "file" in r else r.get("text", "").encode()
                return r["status"], r.get("headers", {}), data
        raise AssertionError(f"unrecorded request {method} {url}")


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setattr(services, "sleep", lambda seconds: None)

    def use(transport):
        monkeypatch.setattr(services, "transport", transport)

    return use


def test_fetch_through_the_api_splits_retries_and_stores_with_provenance(stats_path, offline, capsys):
    offline(Replay("v2_split.json"))
    out = run(
        "fetch",
        "DagSni07KonKN",
        "--region",
        "20",
        "--years",
        "2020-2021",
        "--select",
        "SNI2007=B+C",
        "--select",
        "Kon=*",
        "--select",
        "ContentsCode=*",
    )
    assert "lagrade AM0207Z/DagSni07KonKN version 1 (8 celler)" in out
    assert "part 2 of 2" in capsys.readouterr().err  # progress
    info = services.store().info("AM0207Z/DagSni07KonKN")
    assert info.query["api"] == "scb-pxweb-v2" and info.query["selection"]["Region"] == ["20*", "00*"]
    assert info.fetched_at is not None


def test_fetch_that_fails_midway_stores_nothing_and_says_so_in_one_line(stats_path, offline):
    offline(Replay("v2_unavailable.json"))
    with pytest.raises(CommandError) as failure:
        run(
            "fetch",
            "AM0207Z/DagSni07KonKN",
            "--region",
            "20",
            "--years",
            "2020-2021",
            "--select",
            "SNI2007=B+C",
            "--select",
            "Kon=*",
            "--select",
            "ContentsCode=*",
        )
    message = str(failure.value)
    assert "download incomplete and nothing returned" in message and "\n" not in message
    assert services.store().cubes() == []


def test_fetch_without_network_is_one_clear_line(stats_path, offline):
    def down(method, url, body, headers):
        raise OSError("Name or service not known")

    offline(down)
    with pytest.raises(
        CommandError, match=r"still failing after 4 attempts \(network error: Name or service"
    ):
        run("fetch", "AM0207Z/DagSni07KonKN", "--region", "20")


def test_fetch_with_an_unknown_table_or_variable_lists_the_valid_choices(stats_path, offline):
    offline(Replay("v2_split.json"))
    with pytest.raises(CommandError, match="unknown table 'NOPE'; valid: AM0207K/DagSNI07KonK"):
        run("fetch", "NOPE")
    with pytest.raises(CommandError, match="has no variable 'Sex'; valid: Region, SNI2007, Kon"):
        run("fetch", "AM0207Z/DagSni07KonKN", "--select", "Sex=1")
    with pytest.raises(CommandError, match="unknown code\\(s\\) X; valid: A, B\\+C"):
        run("fetch", "AM0207Z/DagSni07KonKN", "--select", "SNI2007=X")
