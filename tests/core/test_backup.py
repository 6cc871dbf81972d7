"""`spets backup` / `spets restore`: a round trip gives identical row counts and checksums per table."""

import gzip
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from django.conf import settings
from django.core.management import call_command

from spets.companies.models import Company
from spets.core import backup
from spets.core.scoping import unscoped
from tests.factories import make_activity, make_company, make_contact


@pytest.fixture
def register(anna):
    company = make_company(name="Backup Verkstad AB", employees=12)
    make_contact(company)
    make_activity(company, "iuc-dalarna", anna, hours=3.5)
    return company


@pytest.fixture
def stats_file():
    path = Path(settings.STATS_STORE_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE IF NOT EXISTS backup_probe (x INTEGER)")
    con.close()
    return path


def test_round_trip_gives_identical_checksums_per_table(register, stats_file, tmp_path):
    before = backup.table_sums()
    manifest = backup.backup(tmp_path / "b")
    assert manifest["tables"]["companies_company"]["rows"] == before["companies_company"].rows >= 1
    assert manifest["stats_sha256"] and (tmp_path / "b" / backup.STATS_FILE).exists()
    with unscoped():  # changes after the backup disappear with the restore
        Company.objects.filter(pk=register.pk).update(name="Changed AB")
    make_company(name="Later AB")
    restored = backup.restore(tmp_path / "b", replace=True)
    assert restored == before == backup.table_sums()
    with unscoped():
        assert Company.objects.get(pk=register.pk).name == "Backup Verkstad AB"
        assert not Company.objects.filter(name="Later AB").exists()


def test_restore_refuses_a_database_with_users_and_a_damaged_backup_changes_nothing(register, tmp_path):
    backup.backup(tmp_path / "b")
    with pytest.raises(backup.BackupError, match="already has users"):
        backup.restore(tmp_path / "b")
    table = tmp_path / "b" / "tables" / "companies_company.jsonl.gz"
    with gzip.open(table, "rt", encoding="utf-8") as f:
        lines = f.read().replace("Backup Verkstad AB", "Forged AB")
    with gzip.open(table, "wt", encoding="utf-8") as f:
        f.write(lines)
    before = backup.table_sums()
    with pytest.raises(backup.BackupError, match="differ from the backup in: companies_company"):
        backup.restore(tmp_path / "b", replace=True)
    assert backup.table_sums() == before


def test_backup_needs_an_empty_directory_and_restore_a_backup(db, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.backup(tmp_path / "full")
    with pytest.raises(backup.BackupError, match="manifest.json is missing"):
        backup.restore(tmp_path / "full")


def test_the_command_reports_what_it_wrote(register, tmp_path, capsys):
    call_command("backup", str(tmp_path / "c"))
    assert "tabeller" in capsys.readouterr().out  # the command speaks Swedish


def _spets(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("SPETS_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(SPETS_DEMO="1", SPETS_DATA_DIR=str(data_dir))
    if os.environ.get("SPETS_DATABASE_URL"):
        pytest.skip("the command-line round trip uses SQLite files; PostgreSQL is covered above")
    return subprocess.run(
        [sys.executable, "-m", "spets.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        input=stdin,
    )


def test_command_line_round_trip_into_an_empty_database(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    made = _spets(source, "migrate", "--verbosity", "0")
    assert made.returncode == 0, made.stderr
    admin = _spets(
        source,
        *("createadmin", "--username", "admin", "--email", "a@example.se", "--organisation", "iuc-dalarna"),
        "--password-stdin",
        stdin="a-long-enough-password-1234\n",
    )
    assert admin.returncode == 0, admin.stderr
    saved = _spets(source, "backup", str(tmp_path / "backup"))
    assert saved.returncode == 0, saved.stderr
    restored = _spets(target, "restore", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    assert "checksums equal" in restored.stdout or "kontrollsummor" in restored.stdout
    again = _spets(target, "restore", str(tmp_path / "backup"))
    assert again.returncode == 1 and "already has users" in again.stderr
