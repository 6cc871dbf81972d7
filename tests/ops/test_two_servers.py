"""Two app servers (two `spets serve` processes on loopback ports) against one PostgreSQL database and
one statistics store: what one writes, the other reads (docs/admin-guide.md shows the deployment)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

from spets.core.tokens import issue_token
from tests.factories import make_orgnr

pytestmark = pytest.mark.skipif(
    not os.environ.get("SPETS_DATABASE_URL", "").startswith("postgres"),
    reason="two servers share one PostgreSQL database (the PostgreSQL run covers this)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port: int, data_dir: str) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    url = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("SPETS_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        SPETS_DATABASE_URL=url,
        SPETS_DATA_DIR=data_dir,  # one statistics store for both, as on one machine or a shared volume
        SPETS_SECRET_KEY="k" * 64,
        SPETS_ALLOWED_HOSTS="127.0.0.1",
        SPETS_SECURE_SSL_REDIRECT="0",
    )
    command = [sys.executable, "-m", "spets.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(
        [*command, "--workers", "1", "--threads", "2", "--no-migrate"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _call(port: int, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST" if body is not None else "GET",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — loopback only
        return response.status, json.loads(response.read())


def _wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"server on {port} did not answer")


def test_what_one_server_writes_the_other_reads(transactional_db, anna, tmp_path):
    token = issue_token(anna.pk)[1]
    ports = [_free_port(), _free_port()]
    servers = [_serve(port, str(tmp_path)) for port in ports]
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_until_up(port, server)
        status, created = _call(
            ports[0],
            "/api/companies/companies",
            token,
            {
                "orgnr": make_orgnr("55", 7_100_001),
                "name": "Tvåserver Verkstad AB",
                "municipality_id": "2081",
            },
        )
        assert status == 201
        status, read = _call(ports[1], f"/api/companies/companies/{created['id']}", token)
        assert status == 200 and read["name"] == "Tvåserver Verkstad AB"
        for port in ports:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as response:  # noqa: S310
                assert json.loads(response.read())["checks"]["stats"]["ok"] is True
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
