"""Settings come from typed environment variables and refuse bad values by name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from spets import config

ROOT = Path(__file__).resolve().parents[2]


def test_a_bad_boolean_names_the_variable():
    with pytest.raises(config.ConfigError, match="SPETS_DEBUG='maybe' is not a boolean"):
        config.read({"SPETS_DEBUG": "maybe"})


def test_an_unknown_spets_variable_is_refused_with_the_known_ones():
    with pytest.raises(
        config.ConfigError, match="unknown setting SPETS_DEBGU; known settings: .*SPETS_DEBUG"
    ):
        config.read({"SPETS_DEBGU": "1"})


def test_an_unsupported_database_url_is_refused():
    with pytest.raises(
        config.ConfigError, match="SPETS_DATABASE_URL='mysql://x/y': unsupported scheme 'mysql'"
    ):
        config.database_config("mysql://x/y", Path("/tmp"))


def test_sqlite_uses_wal_busy_timeout_and_immediate_transactions(tmp_path):
    db = config.database_config(None, tmp_path)
    assert db["NAME"] == str(tmp_path / "spets.sqlite3")
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert db["OPTIONS"]["timeout"] == 20


def test_postgres_url_is_parsed():
    db = config.database_config("postgres://spets:pw@db.example:5433/spets", Path("/tmp"))
    assert (db["ENGINE"], db["HOST"], db["PORT"], db["NAME"], db["USER"]) == (
        "django.db.backends.postgresql",
        "db.example",
        5433,
        "spets",
        "spets",
    )


def test_production_requires_a_secret_key(tmp_path):
    with pytest.raises(config.ConfigError, match="SPETS_SECRET_KEY is required in production"):
        config.secret_key(None, relaxed=False, data_dir=tmp_path)


def test_demo_generates_and_keeps_a_secret_key(tmp_path):
    first = config.secret_key(None, relaxed=True, data_dir=tmp_path)
    assert len(first) > 50
    assert config.secret_key(None, relaxed=True, data_dir=tmp_path) == first


def test_settings_reference_in_docs_is_complete():
    documented = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert documented == config.settings_reference(), "regenerate: spets settings-doc > docs/settings.md"
    for setting in config.SETTINGS:
        assert f"`{setting.name}`" in documented


def _spets(args, **env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SPETS_") and k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "spets.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_cli_reports_a_bad_setting_in_one_line_with_exit_code_2(tmp_path):
    result = _spets(["check"], SPETS_DEBUG="perhaps", SPETS_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "spets: configuration error: SPETS_DEBUG='perhaps' is not a boolean; "
        "use one of 1/0, true/false, yes/no, on/off"
    )
    assert "Traceback" not in result.stderr


def test_cli_without_secret_key_in_production_fails_clearly(tmp_path):
    result = _spets(["check"], SPETS_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "SPETS_SECRET_KEY is required in production" in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _spets(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SPETS_DATA_DIR=str(tmp_path),
        SPETS_SECRET_KEY="k" * 20 + "-production-secret-key-0123456789abcdefXYZ",
        SPETS_ALLOWED_HOSTS="spets.example.se",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
