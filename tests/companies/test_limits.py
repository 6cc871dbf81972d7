"""Import limits: rows, columns, cell length and unpacked size are checked while the file streams, with a
Swedish message naming the limit and no server path; the confirm step refuses out-of-range values per row
and writes nothing."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook

from spets.companies.models import Company
from spets.companies.services import import_files, imports
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)


def huge_xlsx(path: Path, rows: int, *, declare_size: bool) -> Path:
    """An XLSX file of `rows` data rows written straight as XML (openpyxl would take a minute), compressed
    as small as the attack's: a megabyte or two that unpacks to a million rows."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if declare_size:
                sheet.write(f'<dimension ref="A1:A{rows + 1}"/>'.encode())
            sheet.write(b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Orgnr</t></is></c></row>')
            batch = []
            for number in range(2, rows + 2):
                batch.append(f'<row r="{number}"><c r="A{number}"><v>1</v></c></row>')
                if len(batch) == 10_000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write("".join(batch).encode() + b"</sheetData></worksheet>")
    return path


def test_a_million_row_xlsx_is_refused_at_once_naming_the_limit(tmp_path):
    path = huge_xlsx(tmp_path / "miljon.xlsx", 1_000_000, declare_size=True)
    started = time.perf_counter()
    with pytest.raises(import_files.ImportFileError) as refused:
        import_files.open_table(path)
    assert time.perf_counter() - started < 5  # it reads the declared size, not the rows
    assert "150\u00a0000" in str(refused.value) and str(tmp_path) not in str(refused.value)


def test_an_xlsx_without_a_declared_size_stops_at_the_row_limit_while_streaming(tmp_path, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROWS", 1000)
    table = import_files.open_table(huge_xlsx(tmp_path / "odimensionerad.xlsx", 5000, declare_size=False))
    read = 0
    with pytest.raises(import_files.ImportFileError, match="fler än 1"):
        for _row in table.rows:
            read += 1
    assert read == 1000


def test_a_cell_far_to_the_right_is_not_read_and_too_many_columns_are_refused(tmp_path, monkeypatch):
    book = Workbook()
    sheet = book.active
    sheet.append(["Orgnr", "Namn"])
    sheet.append(["556000-0001", "Bolaget AB"])
    sheet["XFD2"] = "långt bort"
    book.save(tmp_path / "bred.xlsx")
    table = import_files.open_table(tmp_path / "bred.xlsx")
    assert [cells for _n, cells in table.rows] == [["556000-0001", "Bolaget AB"]]

    monkeypatch.setattr(import_files, "MAX_COLUMNS", 1)
    with pytest.raises(import_files.ImportFileError, match="fler än 1 kolumner"):
        import_files.open_table(tmp_path / "bred.xlsx")


def test_a_cell_over_the_length_limit_is_refused_naming_row_and_column(tmp_path):
    long = "x" * 200_000  # over csv's own field limit too
    (tmp_path / "lang.csv").write_text(f"Orgnr;Namn\n5560000001;{long}\n", encoding="utf-8")
    table = import_files.open_table(tmp_path / "lang.csv")
    with pytest.raises(import_files.ImportFileError, match="Rad 2"):
        import_files.check_limits(table)
    book = Workbook()
    book.active.append(["Orgnr", "Namn"])
    book.active.append(["5560000001", "y" * 20_000])
    book.save(tmp_path / "lang.xlsx")
    with pytest.raises(import_files.ImportFileError, match="Rad 2, kolumn 2"):
        import_files.check_limits(import_files.open_table(tmp_path / "lang.xlsx"))


def test_a_damaged_excel_file_is_refused_without_the_server_path(tmp_path):
    path = tmp_path / "trasig.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<nonsense")
    with pytest.raises(import_files.ImportFileError) as refused:
        import_files.open_table(path)
    assert str(tmp_path) not in str(refused.value) and "trasig" not in str(refused.value)


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    with pytest.raises(import_files.ImportFileError, match="mer än 1 MB"):
        import_files.open_table(huge_xlsx(tmp_path / "bomb.xlsx", 50_000, declare_size=True))


def test_the_upload_page_refuses_an_oversized_file_in_swedish(client, anna, tmp_path, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROWS", 10)
    client.force_login(anna)
    lines = "Orgnr;Namn\n" + "".join(f"55600000{i:02d};Bolag {i} AB\n" for i in range(20))
    path = tmp_path / "for-manga.csv"
    path.write_text(lines, encoding="utf-8")
    with open(path, "rb") as fh:
        response = client.post(reverse("companies:import_upload"), {"file": fh})
    assert response.status_code == 400
    assert "fler än 10 rader" in response.content.decode()


@pytest.mark.parametrize(
    "column, value",
    [("Antal anställda", "3000000000"), ("Omsättning", "9" * 30), ("Omsättning", "1" + "0" * 400)],
)
def test_out_of_range_numbers_are_rejected_per_row_and_nothing_is_written(anna, tmp_path, column, value):
    path = tmp_path / "stora-tal.csv"
    path.write_text(
        f"Orgnr;Namn;Kommun;{column}\n5560000001;Testbolaget AB;Borlänge;{value}\n", encoding="utf-8"
    )
    mapping = {"orgnr": 0, "name": 1, "municipality": 2}
    mapping["employees" if column == "Antal anställda" else "turnover_sek"] = 3
    summary = imports.preview(path, mapping).as_dict()
    assert summary["counts"]["reject"] == 1
    message = summary["rows"]["reject"][0]["errors"][0]["message"]
    assert "out of range" in message or "utanför" in message
    with pytest.raises(imports.ImportRefused):
        imports.write(path, mapping, anna, valid_rows_only=False, import_id="test")
    with unscoped():
        assert not Company.objects.exists()
    assert not AuditEntry.objects.filter(action="import").exists()


def test_an_e_mail_longer_than_254_characters_is_rejected_at_import(anna, tmp_path):
    email = "a" * 250 + "@example.se"
    path = tmp_path / "epost.csv"
    path.write_text(
        f"Orgnr;Namn;Kommun;Kontakt;E-post\n5560000001;Testbolaget AB;Borlänge;Eva;{email}\n",
        encoding="utf-8",
    )
    mapping = {"orgnr": 0, "name": 1, "municipality": 2, "contact_name": 3, "contact_email": 4}
    summary = imports.preview(path, mapping).as_dict()
    assert summary["counts"]["reject"] == 1
