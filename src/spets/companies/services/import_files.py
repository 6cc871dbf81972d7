"""Reading an uploaded file as a table: CSV in any common encoding and separator, or the first sheet of an
XLSX workbook. Rows are read as a stream (CSV row by row, XLSX in openpyxl's read-only mode), so memory stays
bounded whatever the file's size; every cell comes out as text.

Limits (MAX_ROWS, MAX_COLUMNS, MAX_CELL_CHARS, MAX_UNCOMPRESSED_BYTES) are checked while streaming: the
row iterator stops with an ImportFileError naming the limit at the first row over it, so no pass over a
file reads more than MAX_ROWS rows. An XLSX file is refused before it is parsed when its members unpack to
more than MAX_UNCOMPRESSED_BYTES (a zip bomb) or its sheet declares more rows or columns than allowed.
`check_limits` makes one such pass at upload, so an oversized file is refused before the mapping page.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
from django.utils.translation import gettext_lazy as _


class ImportFileError(ValueError):
    """The file cannot be read as a table; the message says why (never with a server path)."""


# A register export of a whole region (about 105,000 companies) fits with room to spare.
MAX_ROWS = 150_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 10_000
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024  # an XLSX file's members, unpacked


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(limit)s rows; split it into parts of at most %(limit)s rows")
        % {"limit": f"{MAX_ROWS:,}".replace(",", "\u00a0")}
    )


def _too_many_columns() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(limit)s columns; remove the columns that are not imported")
        % {"limit": MAX_COLUMNS}
    )


def _cell_too_long(row: int, column: int | None = None) -> ImportFileError:
    limit = f"{MAX_CELL_CHARS:,}".replace(",", "\u00a0")
    if column is None:
        return ImportFileError(
            _("Row %(row)s holds a cell of more than %(limit)s characters; shorten the cell")
            % {"row": row, "limit": limit}
        )
    return ImportFileError(
        _("Row %(row)s, column %(column)s holds more than %(limit)s characters; shorten the cell")
        % {"row": row, "column": column, "limit": limit}
    )


def _checked_cells(number: int, cells: list[str]) -> list[str]:
    """The row's cells, or ImportFileError when the row breaks a limit (rows counted by the caller)."""
    for index, cell in enumerate(cells, start=1):
        if len(cell) > MAX_CELL_CHARS:
            raise _cell_too_long(number, index)
    return cells


def check_limits(table: Table) -> int:
    """Read the whole table once, stopping with ImportFileError at the first limit it breaks; returns the
    number of rows under the header (a large file is then handled as a background job)."""
    count = 0
    for _row in table.rows:
        count += 1
    return count


def _is_xlsx(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


# What spreadsheet programs and registers write: UTF-8 (Excel's "CSV UTF-8" adds a BOM), UTF-16 with a BOM
# (Excel's "Unicode text") and Windows-1252 (older Excel). Latin-1 text reads the same as Windows-1252.
# Detection is limited to these: unrestricted, a short Swedish Windows-1252 file is taken for HP Roman-8.
CANDIDATES = ("utf_8", "utf_16", "cp1252")
SAMPLE_BYTES = 1 << 20  # charset-normalizer decides on the first megabyte; the whole file is checked after


def _sample(fh) -> bytes:
    """The first SAMPLE_BYTES of the file, cut after a line end so that no character is split."""
    head = fh.read(SAMPLE_BYTES)
    if len(head) < SAMPLE_BYTES:
        return head
    end = head.rfind(b"\n") + 1
    if end and head[end : end + 1] == b"\x00":  # UTF-16-LE writes the line end as 0a 00
        end += 1
    return head[:end] or head


def _python_name(match) -> str:
    """charset-normalizer's name for the encoding as Python's codecs (and the mapping page) spell it."""
    if match.encoding == "utf_8":
        return "utf-8-sig" if match.bom else "utf-8"
    return {"utf_16": "utf-16"}.get(match.encoding, match.encoding)


def _first_undecodable(path: Path, encoding: str) -> UnicodeDecodeError | None:
    """Decode the whole file in chunks; the first error, or None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as fh:
        try:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return exc
    return None


def detect_encoding(path: Path) -> str:
    """The CSV file's encoding: charset-normalizer's choice among CANDIDATES, checked on the whole file.

    A file that looked like UTF-8 in the sample but has a Windows-1252 letter further down is Windows-1252
    (a file with a BOM is what its BOM says); one that decodes with neither raises ImportFileError naming
    the first byte that does not decode.
    """
    with open(path, "rb") as fh:
        match = charset_normalizer.from_bytes(_sample(fh), cp_isolation=list(CANDIDATES)).best()
    detected = _python_name(match) if match is not None else None
    tried = [detected] if detected in ("utf-8-sig", "utf-16") else list(dict.fromkeys([detected, "cp1252"]))
    error = None
    for encoding in filter(None, tried):
        error = _first_undecodable(path, encoding)
        if error is None:
            return encoding
    raise ImportFileError(
        _(
            "The file is neither UTF-8 nor Windows-1252 text (byte 0x%(byte)02x); "
            "save it from Excel as 'CSV UTF-8' or as .xlsx"
        )
        % {"byte": error.object[error.start] if error is not None else 0}
    )


def detect_delimiter(sample: str) -> str:
    """The candidate that splits the first lines into the most columns, consistently."""
    lines = sample.splitlines()[:20] or [""]
    best, best_score = ",", 0
    for delimiter in (";", ",", "\t", "|"):
        counts = [len(r) for r in csv.reader(lines, delimiter=delimiter) if r]
        if not counts or counts[0] < 2:
            continue
        score = counts[0] * 10 + sum(1 for c in counts if c == counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()[:10]
    return str(value).strip()


@dataclass
class Table:
    """Header names and a row iterator of (row number as the user sees it, cells)."""

    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]
    description: str  # e.g. "CSV, UTF-8, ';'" for the mapping page


def open_table(path: Path) -> Table:
    path = Path(path)
    if _is_xlsx(path):
        return _open_xlsx(path)
    return _open_csv(path)


def _open_csv(path: Path) -> Table:
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="") as fh:
        delimiter = detect_delimiter(fh.read(65536))

    def rows() -> Iterator[tuple[int, list[str]]]:
        with open(path, encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            number = 1
            try:
                next(reader, None)
                for number, row in enumerate(reader, start=2):
                    if number > MAX_ROWS + 1:
                        raise _too_many_rows()
                    if any(cell.strip() for cell in row):
                        yield number, _checked_cells(number, [cell.strip() for cell in row[: len(header)]])
            except csv.Error:  # a field over csv's own limit (131,072 characters)
                raise _cell_too_long(number + 1) from None

    with open(path, encoding=encoding, newline="") as fh:
        try:
            header = next(csv.reader(fh, delimiter=delimiter), None)
        except csv.Error:
            raise _cell_too_long(1) from None
    while header and not header[-1].strip():
        header.pop()
    if not header or not any(h.strip() for h in header):
        raise ImportFileError(_("The file is empty: the first row should hold the column names"))
    if len(header) > MAX_COLUMNS:
        raise _too_many_columns()
    _checked_cells(1, header)
    names = {"\t": "tab", ";": "semicolon", ",": "comma", "|": "|"}
    return Table([h.strip() for h in header], rows(), f"CSV, {encoding}, {names[delimiter]}")


def _check_unpacked_size(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise _unreadable_xlsx() from None
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            _("The Excel file unpacks to more than %(limit)s MB; split it into smaller files")
            % {"limit": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )


def _unreadable_xlsx() -> ImportFileError:
    # openpyxl's own messages name the server's file path: never shown
    return ImportFileError(
        _("The Excel file cannot be opened; save it again from Excel as .xlsx, or as 'CSV UTF-8'")
    )


def _open_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    _check_unpacked_size(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        declared_rows = sheet.max_row or 0
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise _unreadable_xlsx() from None
    # The sheet's declared size (its <dimension>) refuses a huge sheet before a row is read; a missing or
    # understated one is caught while streaming.
    if declared_rows > MAX_ROWS + 1:
        workbook.close()
        raise _too_many_rows()
    header_row, header = 0, None
    try:
        for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1):
            if number > MAX_ROWS + 1:
                break
            if any(v not in (None, "") for v in values):
                header_row, header = number, [cell_text(v) for v in values]
                break
    except Exception:
        workbook.close()
        raise _unreadable_xlsx() from None
    while header and not header[-1]:
        header.pop()
    if not header:
        workbook.close()
        raise ImportFileError(_("The first sheet is empty: its first row should hold the column names"))
    if len(header) > MAX_COLUMNS:
        workbook.close()
        raise _too_many_columns()
    _checked_cells(header_row, header)
    width = len(header)  # cells right of the last column name are never mapped: not read

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, values in enumerate(
                sheet.iter_rows(min_row=header_row + 1, max_col=width, values_only=True),
                start=header_row + 1,
            ):
                if number > MAX_ROWS + 1:
                    raise _too_many_rows()
                cells = [cell_text(v) for v in values]
                if any(cells):
                    yield number, _checked_cells(number, cells)
        finally:
            workbook.close()

    return Table(header, rows(), f"XLSX, {sheet.title}")
