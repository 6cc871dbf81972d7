"""`spets serve` stops cleanly on Ctrl+C (issue 14): the workers forked from a master that ran the
migrations (and read the reference geography with DuckDB) used to crash on exit, "Worker … was sent
SIGSEGV!", because DuckDB's module-wide connection and its threads were inherited across the fork."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_server_stops_on_ctrl_c_without_a_crashed_worker(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("SPETS_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(SPETS_DEMO="1", SPETS_DATA_DIR=str(tmp_path))  # a fresh SQLite database: serve migrates it
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "spets.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):  # noqa: S310
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.3)
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    log = err.decode()
    assert server.returncode == 0, log[-2000:]
    assert "SIGSEGV" not in log and "Segmentation fault" not in log, log[-2000:]
    assert "Shutting down: Master" in log
