"""Start-up and logs: DEBUG refused outside demo, clear help, one log line per client error, JSON logs."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest

from spets import config
from spets.core import logs


def _spets(args, **env_extra):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("SPETS_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "spets.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_debug_is_refused_outside_demo_mode_and_off_loopback():
    config.check_debug(debug=True, demo=True)
    config.check_debug(debug=False, demo=False)
    with pytest.raises(config.ConfigError, match="refused outside demo mode"):
        config.check_debug(debug=True, demo=False)
    config.check_debug_host(True, "127.0.0.1")
    with pytest.raises(config.ConfigError, match="127.0.0.1 only"):
        config.check_debug_host(True, "0.0.0.0")


def test_production_with_debug_does_not_start_and_the_key_message_no_longer_suggests_debug(tmp_path):
    debug = _spets(["serve", "--port", "8199"], SPETS_DEBUG="1", SPETS_DATA_DIR=str(tmp_path))
    assert debug.returncode == 2
    assert "SPETS_DEBUG=1 is refused outside demo mode" in debug.stderr
    keyless = _spets(["check"], SPETS_DATA_DIR=str(tmp_path))
    assert "SPETS_SECRET_KEY is required" in keyless.stderr
    assert "DEBUG" not in keyless.stderr
    exposed = _spets(
        ["serve", "--host", "0.0.0.0"], SPETS_DEBUG="1", SPETS_DEMO="1", SPETS_DATA_DIR=str(tmp_path)
    )
    assert exposed.returncode == 2 and "127.0.0.1 only" in exposed.stderr


def test_command_help_shows_the_commands_own_options_only(tmp_path):
    result = _spets(["demo", "--help"], SPETS_DEMO="1", SPETS_DATA_DIR=str(tmp_path))
    assert result.returncode == 0
    assert "--port" in result.stdout and "--host" in result.stdout
    for plumbing in ("--settings", "--pythonpath", "--traceback", "--no-color", "--verbosity"):
        assert plumbing not in result.stdout
    assert "Traceback" not in result.stderr


def _record(status: int) -> logging.LogRecord:
    try:
        raise PermissionError("no")
    except PermissionError:
        record = logging.LogRecord(
            "django.request", logging.WARNING, __file__, 1, "Forbidden", (), sys.exc_info()
        )
    record.status_code = status
    return record


def test_client_errors_are_logged_on_one_line_server_errors_keep_the_traceback():
    one_line = logs.ClientErrorsOnOneLine()
    forbidden, failed = _record(403), _record(500)
    assert one_line.filter(forbidden) and forbidden.exc_info is None
    assert one_line.filter(failed) and failed.exc_info is not None


def test_a_403_page_writes_one_log_line(client, alf):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.ClientErrorsOnOneLine())
    logging.getLogger("django.request").addHandler(handler)
    try:
        client.force_login(alf)  # an analyst: no company records
        response = client.get("/companies/io/merge/")
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    assert response.status_code == 403
    assert len(stream.getvalue().strip().splitlines()) == 1
    assert "Traceback" not in stream.getvalue()


def test_json_log_lines_carry_request_id_user_and_duration(client, anna, caplog):
    user = anna
    client.force_login(user)
    caplog.set_level(logging.INFO, logger="spets.request")
    response = client.get("/companies/", headers={"X-Request-ID": "abc-123"})
    assert response["X-Request-ID"] == "abc-123"
    record = next(r for r in caplog.records if r.name == "spets.request")
    logs.RequestContext().filter(record)
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["status"] == 200 and line["path"] == "/companies/" and line["duration_ms"] >= 0
    assert line["request_id"] == "abc-123" and line["user_id"] == user.pk
    # An id the proxy did not form sensibly is replaced, never echoed
    assert client.get("/companies/", headers={"X-Request-ID": "<script>"})["X-Request-ID"] != "<script>"


def test_health_answers_503_naming_what_failed_without_details(client, db, monkeypatch):
    from spets.core import health

    def broken():
        raise RuntimeError("/secret/path/stats.duckdb is corrupt")

    monkeypatch.setattr(health, "_migrations", broken)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False}
    assert "secret" not in response.content.decode()
