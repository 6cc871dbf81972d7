"""Which national input-output table the model uses, and `spets footprint use-table` that changes it.

Precedence (first that applies):

1. the setting ``SPETS_FOOTPRINT_TABLE`` (path of a real table; ``SPETS_FOOTPRINT_EMPLOYMENT`` its
   employment file when the table has no EMP row) — a deployment that pins its table in the environment;
2. the table installed with ``spets footprint use-table FILE``: copied into ``DATA_DIR/footprint-table/``
   and recorded in ``active.json`` there, so the server and every command use it without editing the
   environment;
3. the bundled APPROXIMATE demo table (``data/sweden_demo_io.csv``).

``use-table`` validates the whole file first (:mod:`spets.economy.cpa`) and changes nothing when it
fails; the files are written beside the record under new names and the record is replaced in one
``os.replace``, so a reader sees either the old table or the new one. The table is read once per
process and re-read when the record (or the configured file) changes; the model cache is keyed by the
table's checksum (``table_key``).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from spets.core.audit import log_action
from spets.economy import cpa
from spets.economy.errors import MissingInputs
from spets.economy.io import IOTable, IOTableError
from spets.economy.tables import load_demo_table, load_parameter

DEMO = "demo"
SETTING = "SPETS_FOOTPRINT_TABLE"
EMPLOYMENT_SETTING = "SPETS_FOOTPRINT_EMPLOYMENT"

_lock = threading.Lock()
_loaded: dict[tuple, IOTable] = {}


def table_dir() -> Path:
    return Path(settings.DATA_DIR) / "footprint-table"


def record_path() -> Path:
    return table_dir() / "active.json"


def _stat(path: Path | None) -> tuple:
    if path is None:
        return ()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return (str(path), 0, 0)
    return (str(path), st.st_mtime_ns, st.st_size)


def active() -> dict[str, Any]:
    """Where the table in use comes from: ``origin`` ('setting', 'installed' or 'demo') and its files."""
    configured = getattr(settings, "FOOTPRINT_TABLE", None)
    if configured:
        employment = getattr(settings, "FOOTPRINT_EMPLOYMENT", None)
        return {
            "origin": "setting",
            "file": str(configured),
            "employment_file": str(employment) if employment else None,
            "format": None,
            "year": None,
            "geo": "SE",
        }
    try:
        record = json.loads(record_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"origin": DEMO}
    except (OSError, ValueError) as exc:
        raise MissingInputs(
            f"cannot read {record_path()} ({exc}): run `spets footprint use-table FILE` again "
            "or `spets footprint use-table demo`"
        ) from None
    directory = table_dir()
    return {
        **record,
        "origin": "installed",
        "file": str(directory / record["file"]),
        "employment_file": str(directory / record["employment_file"])
        if record.get("employment_file")
        else None,
    }


def _read_text(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MissingInputs(f"{what} {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise MissingInputs(f"{what} {path}: not UTF-8 text (save the CSV as UTF-8)") from None


def _load(source: dict[str, Any]) -> IOTable:
    text = _read_text(source["file"], "input-output table")
    emp = source.get("employment_file")
    employment_text = _read_text(emp, "employment file") if emp else None
    table = cpa.load(
        text,
        source.get("format"),
        geo=source.get("geo") or "SE",
        year=source.get("year"),
        employment_text=employment_text,
        employment_name=Path(emp).name if emp else "employment file",
    )
    check_wage_index(table)
    table.metadata["file"] = Path(source["file"]).name
    table.metadata["origin"] = source["origin"]
    return table


def current() -> IOTable:
    """The table in use (see the module docstring for the precedence), read once per change."""
    source = active()
    if source["origin"] == DEMO:
        key: tuple = (DEMO,)
    else:
        key = (source["origin"], _stat(Path(source["file"])), _stat(_path(source.get("employment_file"))))
    table = _loaded.get(key)
    if table is not None:
        return table
    with _lock:
        if key not in _loaded:
            if source["origin"] == DEMO:
                _loaded[key] = load_demo_table()
            else:
                try:
                    _loaded[key] = _load(source)
                except (IOTableError, MissingInputs) as exc:
                    where = (
                        f"the setting {SETTING}" if source["origin"] == "setting" else "the installed table"
                    )
                    raise MissingInputs(f"{where} ({source['file']}) cannot be used: {exc}") from None
            for old in [k for k in _loaded if k != key]:
                del _loaded[old]
        return _loaded[key]


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def table_key() -> tuple[str, str]:
    """(name, checksum) of the table in use — part of the model cache key."""
    t = current()
    return (t.name, str(t.metadata.get("sha256", DEMO)))


def check_wage_index(table: IOTable) -> None:
    """The table's year must be in wage_index.csv (wages are carried from it to the tax year)."""
    index = load_parameter("wage_index.csv")
    year = str(table.metadata.get("year"))
    if year not in index.values:
        raise cpa.TableFileError(
            table.name,
            None,
            f"no wage index for {year}: wage_index.csv covers {', '.join(index.values)} "
            "(the table's compensation is carried from its year to the tax year)",
        )


# ---------------------------------------------------------------------------------------------
# `spets footprint use-table`
# ---------------------------------------------------------------------------------------------


def _write_atomic(directory: Path, name: str, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, directory / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def use_table(
    path: str | Path,
    fmt: str | None = None,
    *,
    employment: str | Path | None = None,
    year: int | None = None,
    geo: str = "SE",
    user=None,
) -> dict[str, Any]:
    """Check a real table completely and make it the table in use; on any error nothing changes.

    Raises :class:`~spets.economy.cpa.TableFileError` (naming row, column and what is wrong) or
    :class:`MissingInputs` (the file cannot be read)."""
    source = Path(path)
    text = _read_text(str(source), "input-output table")
    employment_text = _read_text(str(employment), "employment file") if employment else None
    fmt = fmt or cpa.detect_format(text)
    table = cpa.load(
        text,
        fmt,
        geo=geo,
        year=year,
        employment_text=employment_text,
        employment_name=Path(employment).name if employment else "employment file",
    )
    check_wage_index(table)
    sha = str(table.metadata["sha256"])
    directory = table_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stored = f"table-{sha[:12]}{source.suffix or '.csv'}"
    _write_atomic(directory, stored, source.read_bytes())
    stored_emp = None
    if employment:
        stored_emp = f"employment-{sha[:12]}{Path(employment).suffix or '.csv'}"
        _write_atomic(directory, stored_emp, Path(employment).read_bytes())
    record = {
        "file": stored,
        "employment_file": stored_emp,
        "format": fmt,
        "year": int(table.metadata["year"]),
        "geo": geo,
        "name": table.name,
        "source": table.metadata.get("source"),
        "sha256": sha,
        "original": str(source.resolve()),
        "installed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with _lock:
        try:  # the previous table's files stay one round, for a reader that has just read the old record
            previous = json.loads(record_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        _write_atomic(directory, "active.json", json.dumps(record, indent=2).encode())
        keep = {stored, stored_emp, "active.json", previous.get("file"), previous.get("employment_file")}
        _remove_unused(directory, keep)
    log_action(
        user,
        "use_table",
        object_type="economy.footprint_table",
        object_id=sha[:12],
        object_repr=table.name,
        changes={"file": str(source), "format": fmt, "year": record["year"], "source": record["source"]},
    )
    return {**record, "overridden_by_setting": bool(getattr(settings, "FOOTPRINT_TABLE", None))}


def use_demo(user=None) -> dict[str, Any]:
    """Go back to the bundled demo table (the installed files are removed)."""
    directory = table_dir()
    if directory.exists():
        with _lock:
            record_path().unlink(missing_ok=True)
            shutil.rmtree(directory, ignore_errors=True)
    log_action(user, "use_table", object_type="economy.footprint_table", object_id=DEMO, object_repr=DEMO)
    return {
        "name": load_demo_table().name,
        "overridden_by_setting": bool(getattr(settings, "FOOTPRINT_TABLE", None)),
    }


def _remove_unused(directory: Path, keep: set[str | None]) -> None:
    for p in directory.iterdir():
        if p.name not in keep and not p.name.startswith(".tmp-"):
            p.unlink(missing_ok=True)
