"""Import of companies and contacts: reading files, mapping, preview reasons, writing all-or-nothing."""

from __future__ import annotations

import csv

import pytest
from django.utils import translation
from openpyxl import Workbook

from spets.companies.models import Company, Contact
from spets.companies.orgnr import make as make_number
from spets.companies.services import import_columns, import_files, imports
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped


def make(prefix, serial):
    """A valid legal-entity number (5561…) for serial n."""
    return make_number(prefix, 6_100_000 + serial)


HEADER = ["Organisationsnummer", "Företagsnamn", "Kommun", "SNI", "Anställda", "E-post", "Kontaktperson"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):  # messages are checked in English; Swedish comes with the catalog
        yield


def write_csv(path, rows, encoding="utf-8", delimiter=";"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def mapping_for(path):
    table = import_files.open_table(path)
    return import_columns.suggest_mapping(table.headers)


def companies():
    with unscoped():
        return {c.orgnr: c for c in Company.objects.all()}


def test_header_names_in_swedish_and_english_are_recognised():
    mapping = import_columns.suggest_mapping(
        [
            "Org.nr",
            "Företagsnamn",
            "Kommun",
            "SNI-kod",
            "Antal anställda",
            "E-post",
            "Telefon",
            "Omsättning",
            "Hemsida",
        ]
    )
    assert mapping == {
        "orgnr": 0,
        "name": 1,
        "municipality": 2,
        "sni": 3,
        "employees": 4,
        "contact_email": 5,
        "contact_phone": 6,
        "turnover_sek": 7,
        "website": 8,
    }
    english = import_columns.suggest_mapping(
        ["Organisation number", "Company name", "Municipality", "Employees", "Email", "Contact person"]
    )
    assert english == {
        "orgnr": 0,
        "name": 1,
        "municipality": 2,
        "employees": 3,
        "contact_email": 4,
        "contact_name": 5,
    }


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ";"), ("utf-8-sig", ","), ("cp1252", ";"), ("cp1252", "\t"), ("utf-8", "|")],
)
def test_csv_in_any_encoding_and_delimiter_reads_swedish_letters(tmp_path, encoding, delimiter):
    path = write_csv(
        tmp_path / "f.csv",
        [HEADER[:4], [make("55", 1), "Åsens Smide AB", "Borlänge", "25"]],
        encoding,
        delimiter,
    )
    table = import_files.open_table(path)
    assert table.headers == HEADER[:4]
    assert list(table.rows) == [(2, [make("55", 1), "Åsens Smide AB", "Borlänge", "25"])]


def test_xlsx_is_read_with_numbers_as_plain_text(tmp_path):
    number = make("55", 2)
    path = write_xlsx(
        tmp_path / "f.xlsx",
        [HEADER[:5], [int(number), "Åsens Smide AB", 2081, 25110, 12.0], [None, None, None, None, None]],
    )
    table = import_files.open_table(path)
    assert table.headers == HEADER[:5]
    assert list(table.rows) == [(2, [number, "Åsens Smide AB", "2081", "25110", "12"])]


def test_unreadable_bytes_are_reported(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"Org nr;Namn\n\x81\x8d;x\n")
    with pytest.raises(import_files.ImportFileError, match="neither UTF-8 nor Windows-1252"):
        import_files.open_table(path)


def rejected_reasons(tmp_path, row, header=HEADER[:5]):
    path = write_csv(tmp_path / "f.csv", [header, row])
    result = imports.preview(path, mapping_for(path))
    assert result.counts["reject"] == 1
    return result.rows["reject"][0]


def test_luhn_failure_names_the_expected_check_digit(db, tmp_path):
    good = make("55", 3)
    bad = good[:9] + str((int(good[9]) + 1) % 10)
    row = rejected_reasons(tmp_path, [bad, "Felbolaget AB", "Borlänge", "25", "3"])
    assert row["row"] == 2
    assert row["errors"][0]["column"] == "Organisationsnummer"
    assert f"should be {good[9]}" in row["errors"][0]["message"]
    assert "Luhn" in row["errors"][0]["message"]


def test_unknown_municipality_lists_close_matches(db, tmp_path):
    row = rejected_reasons(tmp_path, [make("55", 4), "Felbolaget AB", "Borlänga", "25", "3"])
    assert row["errors"] == [{"column": "Kommun", "message": row["errors"][0]["message"]}]
    assert "Borlänge (2081)" in row["errors"][0]["message"]


def test_unknown_sni_code_is_named(db, tmp_path):
    row = rejected_reasons(tmp_path, [make("55", 5), "Felbolaget AB", "2081", "00123", "3"])
    assert row["errors"][0]["column"] == "SNI"
    assert "00123" in row["errors"][0]["message"]


def test_non_numeric_headcount_is_rejected(db, tmp_path):
    row = rejected_reasons(tmp_path, [make("55", 6), "Felbolaget AB", "2081", "25", "många"])
    assert row["errors"][0] == {"column": "Anställda", "message": "'många' is not a whole number"}


def test_new_company_without_municipality_is_rejected(db, tmp_path):
    row = rejected_reasons(tmp_path, [make("55", 7), "Felbolaget AB", "", "25", "3"])
    assert "Municipality" in row["errors"][0]["message"]


def test_same_orgnr_twice_without_a_contact_is_rejected(db, tmp_path):
    number = make("55", 8)
    path = write_csv(
        tmp_path / "f.csv", [HEADER[:4], [number, "A AB", "2081", "25"], [number, "A AB", "2081", "25"]]
    )
    result = imports.preview(path, mapping_for(path))
    assert result.counts == {**result.counts, "create": 1, "reject": 1}
    assert "row 2" in result.rows["reject"][0]["errors"][0]["message"]


def test_sole_trader_is_flagged_as_personal_data(db, tmp_path, petra):
    path = write_csv(tmp_path / "f.csv", [HEADER[:4], ["8001015554", "Svens Smide", "2081", "25"]])
    result = imports.preview(path, mapping_for(path))
    assert "personal data" in result.rows["create"][0]["warnings"][0]["message"]
    imports.write(path, mapping_for(path), petra, valid_rows_only=False, import_id="t")
    assert companies()["8001015554"].personal_data is True


@pytest.fixture
def mixed_file(tmp_path):
    rows = [
        HEADER[:5],
        [make("55", 10), "Första AB", "Falun", "25", "12"],
        [make("55", 11), "Andra AB", "Mora kommun", "28110", "60"],
        ["556000000", "Trasiga AB", "Falun", "25", "1"],
    ]
    return write_csv(tmp_path / "mixed.csv", rows)


def test_any_rejected_row_means_nothing_is_written(db, mixed_file, anna):
    before = AuditEntry.objects.count()
    with pytest.raises(imports.ImportRefused, match="Row 4"):
        imports.write(mixed_file, mapping_for(mixed_file), anna, valid_rows_only=False, import_id="t")
    assert make("55", 10) not in companies()
    assert AuditEntry.objects.count() == before


def test_import_the_valid_rows_writes_them_with_audit_entries(db, mixed_file, anna):
    totals = imports.write(
        mixed_file,
        mapping_for(mixed_file),
        anna,
        valid_rows_only=True,
        import_id="imp1",
        file_name="mixed.csv",
    )
    assert (totals["create"], totals["reject"]) == (2, 1)
    made = companies()
    second = made[make("55", 11)]
    assert (second.municipality_id, second.sni_id, second.sni_codes, second.employees, second.size_class) == (
        "2062",
        "28",
        "28110",
        60,
        "medium",
    )
    creates = AuditEntry.objects.filter(action="create", object_type="companies.Company")
    assert {e.company_id for e in creates} == {made[make("55", 10)].pk, second.pk}
    assert all(e.user_id == anna.pk and e.changes["import"] == "imp1" for e in creates)
    entry = AuditEntry.objects.get(action="import")
    assert (entry.object_id, entry.changes["create"], entry.changes["reject"]) == ("imp1", 2, 1)


def test_failure_half_way_leaves_the_database_unchanged(db, tmp_path, anna, monkeypatch):
    rows = [HEADER[:4]] + [[make("55", 100 + i), f"Bolag {i} AB", "2081", "25"] for i in range(6)]
    path = write_csv(tmp_path / "f.csv", rows)
    real = imports._write_chunk
    calls = []

    def failing(chunk, *args):
        calls.append(len(chunk))
        if len(calls) == 2:
            raise RuntimeError("disk full (injected)")
        return real(chunk, *args)

    monkeypatch.setattr(imports, "_write_chunk", failing)
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError, match="injected"):
        imports.write(path, mapping_for(path), anna, valid_rows_only=False, import_id="t", chunk_rows=2)
    assert calls == [2, 2]  # the first chunk had been written before the failure
    assert not any(n.startswith("55") and n != "5560000001" for n in companies())
    assert AuditEntry.objects.count() == before


def test_existing_orgnr_is_updated_not_duplicated(db, tmp_path, anna, company):
    path = write_csv(
        tmp_path / "f.csv", [HEADER[:5], [company.orgnr, "", "", "", "30"], ["556000-0001", "", "", "", "30"]]
    )
    result = imports.preview(path, mapping_for(path))
    assert result.counts["update"] == 1 and result.counts["reject"] == 1  # second row repeats the number
    assert result.rows["update"][0]["changes"] == {"employees": [12, 30]}
    imports.write(path, mapping_for(path), anna, valid_rows_only=True, import_id="t")
    updated = companies()[company.orgnr]
    assert (updated.employees, updated.name, updated.version, updated.size_class) == (
        30,
        company.name,
        2,
        "small",
    )
    entry = AuditEntry.objects.get(action="update", company_id=company.pk)
    assert entry.changes["employees"] == [12, 30]


def test_unchanged_rows_write_nothing(db, tmp_path, anna, company):
    header = ["Organisationsnummer", "Företagsnamn", "Kommun", "Anställda"]
    path = write_csv(tmp_path / "f.csv", [header, [company.orgnr, company.name, "Borlänge", "12"]])
    totals = imports.write(path, mapping_for(path), anna, valid_rows_only=False, import_id="t")
    assert (totals["unchanged"], totals["update"]) == (1, 0)
    assert companies()[company.orgnr].version == 1


def test_similar_name_in_same_municipality_is_flagged_not_merged(db, tmp_path, anna, company):
    rows = [
        HEADER[:4],
        [make("55", 20), "TESTBOLAGET MEKANISKA", "2081", "25"],
        [make("55", 21), "Testbolaget Mekaniska AB", "Falun", "25"],
        [make("55", 22), "Nybolaget, AB", "Falun", "25"],
        [make("55", 23), "Nybolaget (publ)", "Falun", "25"],
    ]
    path = write_csv(tmp_path / "f.csv", rows)
    result = imports.preview(path, mapping_for(path))
    flagged = {r["orgnr"]: r["duplicate_of"] for r in result.rows["duplicates"]}
    assert flagged == {
        make("55", 20): {"id": company.pk, "name": company.name, "orgnr": company.orgnr},
        make("55", 23): {"row": 4, "name": "Nybolaget, AB", "orgnr": make("55", 22)},
    }
    assert result.counts["create"] == 4
    imports.write(path, mapping_for(path), anna, valid_rows_only=False, import_id="t")
    assert len(companies()) == 5  # flagged rows are created as separate companies, for a person to merge


def test_contacts_are_created_once_per_person_and_updated_later(db, tmp_path, anna, company):
    header = ["Org.nr", "Företagsnamn", "Kommun", "Kontaktperson", "E-post", "Telefon"]
    new = make("55", 30)
    rows = [
        header,
        [new, "Kontaktbolaget AB", "Falun", "Eva Ek", "eva@example.invalid", ""],
        [new, "Kontaktbolaget AB", "Falun", "Olle Ek", "olle@example.invalid", ""],
        [company.orgnr, "", "", "Kim Berg", "kim@example.invalid", ""],
    ]
    path = write_csv(tmp_path / "c.csv", rows)
    totals = imports.write(
        path,
        mapping_for(path),
        anna,
        valid_rows_only=False,
        import_id="t",
        basis=imports.contact_basis("consent", "signed form"),
    )
    assert (totals["create"], totals["contact"], totals["contacts"]) == (1, 1, 3)
    with unscoped():
        people = {c.email: c for c in Contact.objects.all()}
    assert people["olle@example.invalid"].company.orgnr == new
    assert people["kim@example.invalid"].company_id == company.pk
    assert (
        people["kim@example.invalid"].lawful_basis,
        people["kim@example.invalid"].consent_source,
        people["kim@example.invalid"].organisation_id,
    ) == ("consent", "signed form", anna.organisation_id)
    again = write_csv(
        tmp_path / "c2.csv", [header, [company.orgnr, "", "", "Kim Berg", "KIM@example.invalid", "070-123"]]
    )
    imports.write(again, mapping_for(again), anna, valid_rows_only=False, import_id="t2")
    with unscoped():
        kim = Contact.objects.get(company=company)
    assert (kim.phone, kim.version) == ("070-123", 2)
    assert AuditEntry.objects.filter(
        object_type="companies.Contact", action="update", company_id=company.pk
    ).exists()


def test_contact_row_for_unknown_company_is_rejected(db, tmp_path):
    path = write_csv(
        tmp_path / "c.csv", [["Org.nr", "Kontaktperson", "E-post"], [make("55", 40), "Eva", "not-an-address"]]
    )
    result = imports.preview(path, mapping_for(path))
    messages = [e["message"] for e in result.rows["reject"][0]["errors"]]
    assert "'not-an-address' is not an e-mail address" in messages
    path = write_csv(tmp_path / "d.csv", [["Org.nr", "Kontaktperson"], [make("55", 40), "Eva"]])
    result = imports.preview(path, mapping_for(path))
    assert "no company with this organisation number" in result.rows["reject"][0]["errors"][0]["message"]


def test_xlsx_import_end_to_end(db, tmp_path, petra):
    path = write_xlsx(
        tmp_path / "f.xlsx", [HEADER[:5], [int(make("55", 50)), "Excelbolaget AB", "Gävle", 25110, 7]]
    )
    totals = imports.write(path, mapping_for(path), petra, valid_rows_only=False, import_id="t")
    assert totals["create"] == 1
    assert companies()[make("55", 50)].municipality_id == "2180"
