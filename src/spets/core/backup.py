"""Backup and restore of the whole installation: the relational database and the statistics store.

A backup is a directory: `manifest.json` (version, migrations, per table the row count and a SHA-256 of
its rows), one gzipped JSON-lines file per table, and a copy of the DuckDB statistics file. It is made
from one read transaction (a consistent snapshot while the server runs: REPEATABLE READ on PostgreSQL,
a WAL read transaction on SQLite) and a read-only hold on the statistics file, which keeps imports out
while it is copied. It is logical, not a file copy, so a SQLite backup restores into PostgreSQL and back.

Restore writes every table in one transaction into a database at the same migration state; Django's
foreign keys are deferred to the commit, so the order of tables does not matter. It refuses a database
that already has users unless told to replace it, and checks the restored rows against the manifest.
"""

from __future__ import annotations

import datetime
import decimal
import gzip
import hashlib
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from spets.core.scoping import unscoped

FORMAT = 1
STATS_FILE = "stats.duckdb"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message names why (nothing was changed)."""


@dataclass(frozen=True)
class TableSum:
    rows: int
    sha256: str


def _models():
    """Every model with a table of its own (many-to-many tables included), in a stable order."""
    found = [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy and m._meta.managed]
    return sorted(found, key=lambda m: m._meta.db_table)


def _encode(value):
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"$time": value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return {"$seconds": value.total_seconds()}
    if isinstance(value, uuid.UUID):
        return {"$uuid": str(value)}
    if isinstance(value, bytes | memoryview):
        return {"$hex": bytes(value).hex()}
    if isinstance(value, dict):
        return {"$json": value}
    return value


def _decode(value):
    if not isinstance(value, dict) or len(value) != 1:
        return value
    ((tag, raw),) = value.items()
    return {
        "$decimal": decimal.Decimal,
        "$datetime": datetime.datetime.fromisoformat,
        "$date": datetime.date.fromisoformat,
        "$time": datetime.time.fromisoformat,
        "$seconds": lambda s: datetime.timedelta(seconds=s),
        "$uuid": uuid.UUID,
        "$hex": bytes.fromhex,
        "$json": lambda v: v,
    }.get(tag, lambda _v: value)(raw)


def _rows(model):
    """The table's rows as Python values (the fields' own conversions), in primary-key order."""
    fields = [f for f in model._meta.concrete_fields]
    names = [f.attname for f in fields]
    with unscoped():
        query = model._base_manager.order_by("pk").values_list(*names)
        for row in query.iterator(chunk_size=2000):
            yield [_encode(v) for v in row]


def _line(row) -> bytes:
    return (json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


def table_sums() -> dict[str, TableSum]:
    """Row count and checksum per table of the current database (what a backup records)."""
    sums = {}
    for model in _models():
        digest, count = hashlib.sha256(), 0
        for row in _rows(model):
            digest.update(_line(row))
            count += 1
        sums[model._meta.db_table] = TableSum(count, digest.hexdigest())
    return sums


def _applied_migrations() -> list[list[str]]:
    return sorted([a, n] for a, n in MigrationRecorder.Migration.objects.values_list("app", "name"))


def _snapshot(outermost: bool):
    """One consistent read of the whole database (SQLite: a read transaction sees one WAL snapshot)."""
    if connection.vendor == "postgresql" and outermost:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def _copy_stats(target: Path) -> str | None:
    source = Path(settings.STATS_STORE_PATH)
    if not source.exists():
        return None
    import duckdb

    # A read-only connection holds DuckDB's shared lock: no import can write while the file is copied.
    con = duckdb.connect(str(source), read_only=True)
    try:
        shutil.copyfile(source, target / STATS_FILE)
        wal = Path(f"{source}.wal")  # changes not yet checkpointed belong to the snapshot too
        if wal.exists():
            shutil.copyfile(wal, target / f"{STATS_FILE}.wal")
    finally:
        con.close()
    return hashlib.sha256((target / STATS_FILE).read_bytes()).hexdigest()


def backup(directory: str | Path) -> dict:
    """Write a backup into `directory` (new or empty); returns the manifest."""
    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: give a new or empty directory")
    (target / "tables").mkdir(parents=True)
    tables: dict[str, dict] = {}
    outermost = not connection.in_atomic_block  # else (tests) the snapshot is the enclosing transaction's
    with transaction.atomic():
        _snapshot(outermost)
        migrations = _applied_migrations()
        for model in _models():
            table = model._meta.db_table
            digest, count = hashlib.sha256(), 0
            with gzip.open(target / "tables" / f"{table}.jsonl.gz", "wb") as out:
                for row in _rows(model):
                    line = _line(row)
                    digest.update(line)
                    out.write(line)
                    count += 1
            tables[table] = {"rows": count, "sha256": digest.hexdigest()}
    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "migrations": migrations,
        "tables": tables,
        "stats_sha256": _copy_stats(target),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def _read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{source} holds no Spets backup (manifest.json is missing)") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"backup format {manifest.get('format')!r} is not {FORMAT}: restore with its version"
        )
    return manifest


def _check_target(manifest: dict, replace: bool) -> None:
    if _applied_migrations() != manifest["migrations"]:
        raise BackupError(
            "the database's migrations differ from the backup's: run `spets migrate` with the version "
            "that made the backup, restore, then upgrade"
        )
    User = apps.get_model(settings.AUTH_USER_MODEL)
    if not replace and User.objects.exists():
        raise BackupError("the database already has users: restore into an empty database, or add --replace")


def _empty_tables(models) -> None:
    tables = [connection.ops.quote_name(m._meta.db_table) for m in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE, not DELETE: the audit table's trigger refuses deletes row by row. Deferred foreign
            # key checks still pending in this transaction must run first; the inserts defer them again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")


def _insert(model, source: Path) -> None:
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    batch = []
    with gzip.open(source, "rt", encoding="utf-8") as rows, connection.cursor() as cursor:
        for line in rows:
            values = [_decode(v) for v in json.loads(line)]
            batch.append([f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)])
            if len(batch) == 1000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _reset_sequences(models) -> None:
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def restore(directory: str | Path, *, replace: bool = False) -> dict[str, TableSum]:
    """Restore a backup; returns the restored tables' sums (equal to the manifest's, or BackupError)."""
    source = Path(directory)
    manifest = _read_manifest(source)
    models = [m for m in _models() if m._meta.db_table in manifest["tables"]]
    missing = sorted(set(manifest["tables"]) - {m._meta.db_table for m in models})
    if missing:
        raise BackupError(f"tables in the backup unknown to this version: {', '.join(missing)}")
    with transaction.atomic():
        _check_target(manifest, replace)
        _empty_tables(models)
        for model in models:
            _insert(model, source / "tables" / f"{model._meta.db_table}.jsonl.gz")
        _reset_sequences(models)
        sums = table_sums()
        differing = [
            t
            for t, s in manifest["tables"].items()
            if (sums[t].rows, sums[t].sha256) != (s["rows"], s["sha256"])
        ]
        if differing:
            raise BackupError(
                f"restored rows differ from the backup in: {', '.join(differing)} (nothing kept)"
            )
    if manifest.get("stats_sha256"):
        target = Path(settings.STATS_STORE_PATH)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / STATS_FILE, target)
        wal, saved_wal = Path(f"{target}.wal"), source / f"{STATS_FILE}.wal"
        wal.unlink(missing_ok=True)
        if saved_wal.exists():
            shutil.copyfile(saved_wal, wal)
    return sums
