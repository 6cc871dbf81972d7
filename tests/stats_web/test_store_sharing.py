"""The server and `spets stats import` share the store: DuckDB lets one process write or several read,
so the web layer holds the file only during a request and an import waits for it (bounded, then a
clear message). The issue's demo: the server runs, the analyst imports in another terminal."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from spets.stats import services

from .conftest import FIXTURES

PX = FIXTURES / "AM0207K_DagSNI07KonK_dalarna.px"
TABLES = [
    (FIXTURES / "AM0207K_DagSNI07KonK_dalarna.px", ()),
    (FIXTURES / "AM0207Z_DagSni07KonKN_dalarna.json", ()),
    (FIXTURES / "AM0210B_ArbStDoNArNN_dalarna.json", ("--table", "AM0210B/ArbStDoNArNN")),
]


def command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("stats", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def revised_px(tmp_path) -> str:
    """The AM0207K file with its first DATA figure revised: a new release of the same table."""
    text = PX.read_bytes().decode("iso-8859-1")
    at = text.index("DATA=")
    first = re.compile(r"\d+").search(text, at)
    text = text[: first.start()] + str(int(first.group()) + 7) + text[first.end() :]
    path = tmp_path / "AM0207K_revised.px"
    path.write_bytes(text.encode("iso-8859-1"))
    return str(path)


@pytest.fixture
def server_reader(stats_path):
    """Another process holding a read-only connection, as a server worker in the middle of a request."""
    procs = []

    def hold(seconds: float) -> subprocess.Popen:
        code = (
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(stats_path)!r}, read_only=True)\n"
            "con.execute('SELECT count(*) FROM stats_cube').fetchall()\n"
            "print('open', flush=True)\n"
            f"time.sleep({seconds})\n"
            "con.close()\n"
            # exit at once: the import may finish before a slow interpreter shutdown would (busy machine)
            "import os; os._exit(0)\n"
        )
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        assert proc.stdout.readline().strip() == "open"
        return proc

    yield hold
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def stitched_dalarna():
    for path, extra in TABLES:
        command("import", str(path), *extra)
    command("stitch")


def test_a_request_leaves_the_store_closed_so_an_import_writes_at_once(client, alf, stats_path):
    stitched_dalarna()
    client.force_login(alf)
    html = client.get("/atlas/?area=20").content.decode()
    assert ">v1 · " in html and "version 1 (senaste)" in html
    assert getattr(services._local, "store", None) is None  # the request closed the store behind it
    out, err = command("import", revised_px(stats_path.parent))
    assert "lagrade AM0207K/DagSNI07KonK version 2" in out and "waiting" not in err


def test_an_import_waits_for_a_server_process_reading_the_store_then_the_atlas_shows_it(
    client, alf, stats_path, server_reader, settings
):
    stitched_dalarna()
    client.force_login(alf)
    assert "version 1 (senaste)" in client.get("/atlas/?area=20").content.decode()
    revised = revised_px(stats_path.parent)
    reader = server_reader(1.5)
    started = time.monotonic()
    out, err = command("import", revised)
    waited = time.monotonic() - started
    assert reader.poll() is not None and waited > 0.5  # it waited for the reader to let go …
    assert "in use by another process; waiting up to 30 s" in err
    assert "lagrade AM0207K/DagSNI07KonK version 2" in out  # … then stored the new release
    out, _err = command("stitch")
    assert "lagrade employment_day_population version 2" in out
    html = client.get("/atlas/?area=20").content.decode()
    assert "version 2 (senaste)" in html


def test_an_import_gives_up_after_the_wait_with_a_clear_message_and_stores_nothing(
    stats_path, server_reader, settings
):
    command("import", str(PX))
    settings.STATS_STORE_WAIT = 0.5
    server_reader(30)
    with pytest.raises(
        CommandError, match=r"in use by another process .* not released within 0.5 s; try again"
    ):
        command("import", revised_px(stats_path.parent))
    settings.STATS_STORE_WAIT = 30
    assert [c.version for c in services.store().cubes()] == [1]
