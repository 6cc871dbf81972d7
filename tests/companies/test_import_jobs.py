"""Large imports go through the background queue: progress on the page, a time limit, all-or-nothing, and
the job page shown only to the user who started it and their organisation."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from spets.companies.models import Company
from spets.companies.orgnr import make
from spets.companies.services import imports
from spets.core import background
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped
from spets.core.worker import run_waiting

HEADER = ["Org.nr", "Företagsnamn", "Kommun", "Anställda"]
MAPPING = {"col0": "orgnr", "col1": "name", "col2": "municipality", "col3": "employees"}


def number(i):
    return make("55", 6_300_000 + i)


def rows(count, first=1):
    return [[number(i), f"Köbolag {i} AB", "Borlänge", str(i)] for i in range(first, first + count)]


def csv_upload(data, name="stor-lista.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(data)
    upload = io.BytesIO(buffer.getvalue().encode("utf-8"))
    upload.name = name
    return upload


@pytest.fixture
def large(settings, monkeypatch):
    """Files of more than four rows count as large; the import checks and writes two rows per chunk, so a
    six-row file reports progress three times."""
    settings.IMPORT_BACKGROUND_ROWS = 4
    settings.JOB_TIME_LIMIT = 600
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def upload_and_map(client, data):
    response = client.post(reverse("companies:import_upload"), {"file": csv_upload(data)})
    assert response.status_code == 302, response.content[:500]
    import_id = response.url.split("/")[-3]
    return import_id, client.post(reverse("companies:import_mapping", args=[import_id]), MAPPING)


def job_id_of(response) -> str:
    assert response.status_code == 302, response.content[:500]
    assert "/io/import/job/" in response.url
    return response.url.rstrip("/").split("/")[-1]


def poll(client, job_id):
    return client.get(reverse("companies:import_job", args=[job_id]), headers={"HX-Request": "true"})


def stored(numbers) -> int:
    with unscoped():
        return Company.objects.filter(orgnr__in=numbers).count()


def test_a_large_file_is_checked_and_written_by_the_queue_with_progress_on_the_page(
    client, anna, large, english, monkeypatch
):
    client.force_login(anna)
    data = [HEADER, *rows(6)]
    import_id, mapped = upload_and_map(client, data)
    job_id = job_id_of(mapped)  # the check runs in the background, not in the request
    page = client.get(reverse("companies:import_job", args=[job_id])).content.decode()
    assert 'data-state="waiting"' in page and 'hx-trigger="every 1s"' in page
    assert "Waiting for the background worker (0 jobs ahead)" in page
    assert "No background worker has been seen" in page  # nobody runs `spets worker` in this test
    seen = []
    step = background.Progress.step

    def look_while_running(self, done, total=None):
        step(self, done, total)
        seen.append(poll(client, job_id).content.decode())

    monkeypatch.setattr(background.Progress, "step", look_while_running)
    assert run_waiting() == 1
    assert 'data-state="running"' in seen[0] and "2 of 6 rows" in seen[0]
    assert '<progress max="6" value="2">' in seen[0]
    assert "4 of 6 rows" in seen[1]
    monkeypatch.setattr(background.Progress, "step", step)
    finished = poll(client, job_id)
    preview_url = reverse("companies:import_preview", args=[import_id])
    assert finished.status_code == 204 and finished["HX-Redirect"] == preview_url
    preview = client.get(preview_url).content.decode()
    assert "Köbolag 6 AB" in preview
    assert stored([r[0] for r in data[1:]]) == 0  # checking writes nothing

    confirm = client.post(reverse("companies:import_confirm", args=[import_id]), {"mode": "all"})
    write_job = job_id_of(confirm)
    assert stored([r[0] for r in data[1:]]) == 0  # queued, not yet written
    assert run_waiting() == 1
    done = client.get(reverse("companies:import_job", args=[write_job]))
    assert done.status_code == 302 and done.url == reverse("companies:import_result", args=[import_id])
    result = client.get(done.url).content.decode()
    assert 'data-testid="result"' in result
    assert stored([r[0] for r in data[1:]]) == 6
    assert AuditEntry.objects.filter(action="import", user=anna).count() == 1


def test_a_small_file_stays_in_the_request(client, anna, english):
    client.force_login(anna)
    import_id, mapped = upload_and_map(client, [HEADER, *rows(3)])
    assert mapped.url == reverse("companies:import_preview", args=[import_id])
    client.post(reverse("companies:import_confirm", args=[import_id]), {"mode": "all"})
    assert stored([number(i) for i in range(1, 4)]) == 3
    assert not DBTaskResult.objects.exists()


def prepared_write(client, data) -> tuple[str, str]:
    """A large file checked in the background and confirmed: (import id, id of the queued write)."""
    import_id, mapped = upload_and_map(client, data)
    job_id_of(mapped)
    run_waiting()
    confirm = client.post(reverse("companies:import_confirm", args=[import_id]), {"mode": "all"})
    return import_id, job_id_of(confirm)


def test_a_write_over_its_time_limit_writes_nothing_and_the_page_says_so_in_swedish(
    client, anna, large, frozen_time, monkeypatch
):
    client.force_login(anna)
    data = [HEADER, *rows(6)]
    import_id, write_job = prepared_write(client, data)
    write_chunk = imports._write_chunk

    def slow_chunk(*args, **kwargs):
        written = write_chunk(*args, **kwargs)
        frozen_time.shift(datetime.timedelta(minutes=11))  # each chunk takes eleven minutes
        return written

    monkeypatch.setattr(imports, "_write_chunk", slow_chunk)
    run_waiting()
    assert stored([r[0] for r in data[1:]]) == 0  # the first chunk was rolled back with the rest
    assert not AuditEntry.objects.filter(action="import").exists()
    page = client.get(reverse("companies:import_job", args=[write_job]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-state="timed_out"' in text and 'lang="sv"' in text
    with translation.override("sv"):
        stopped = translation.ngettext(
            "It took longer than the time limit of %(minutes)s minute and was stopped; nothing was "
            "written. Split the file into smaller parts and import them one at a time.",
            "It took longer than the time limit of %(minutes)s minutes and was stopped; nothing was "
            "written. Split the file into smaller parts and import them one at a time.",
            10,
        ) % {"minutes": 10}
    assert stopped in text
    assert reverse("companies:import_preview", args=[import_id]) in text  # the way back


def test_a_job_whose_worker_died_counts_as_stopped_after_its_limit(client, anna, large, frozen_time, english):
    client.force_login(anna)
    _import_id, write_job = prepared_write(client, [HEADER, *rows(6)])
    DBTaskResult.objects.filter(id=write_job).get().claim("a-worker-that-dies")
    assert 'data-state="running"' in poll(client, write_job).content.decode()
    frozen_time.shift(datetime.timedelta(minutes=12))
    page = poll(client, write_job).content.decode()
    assert 'data-state="timed_out"' in page and "hx-get" not in page  # polling stops


def test_a_refused_row_stops_the_write_naming_the_row_and_nothing_is_written(client, anna, large, english):
    client.force_login(anna)
    data = [HEADER, *rows(5), ["123", "Trasig AB", "Borlänge", "1"]]
    _import_id, write_job = prepared_write(client, data)
    run_waiting()
    page = poll(client, write_job).content.decode()
    assert 'data-state="failed"' in page
    assert "Row 7 is rejected, so nothing was imported" in page
    assert str(settings.DATA_DIR) not in page
    assert stored([r[0] for r in data[1:6]]) == 0


def test_an_error_in_the_worker_shows_no_server_path_and_writes_nothing(
    client, anna, large, english, monkeypatch
):
    client.force_login(anna)
    data = [HEADER, *rows(6)]
    _import_id, write_job = prepared_write(client, data)
    write_chunk = imports._write_chunk
    calls = []

    def broken_chunk(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(f"{settings.DATA_DIR}/imports/secret.csv: disk full")
        return write_chunk(*args, **kwargs)

    monkeypatch.setattr(imports, "_write_chunk", broken_chunk)
    run_waiting()
    page = poll(client, write_job).content.decode()
    assert 'data-state="failed"' in page
    assert "an error on the server after 2 rows; nothing was written" in page
    assert str(settings.DATA_DIR) not in page and "disk full" not in page
    assert stored([r[0] for r in data[1:]]) == 0


# --- who sees a job page: the user who started it and their organisation -------------------------------


@pytest.mark.parametrize(
    "who, status",
    [
        ("anna", 200),  # started it
        ("bertil", 200),  # same organisation (IUC Dalarna)
        ("cecilia", 404),  # an advisor elsewhere: the job does not exist for her
        ("petra", 404),  # the programme manager of another organisation, likewise
        ("alf", 403),  # analysts, viewers and company users never import
        ("lisa", 403),
        ("carl", 403),
    ],
)
def test_the_job_page_is_shown_to_its_starter_and_their_organisation_only(
    client, personas, large, english, who, status
):
    client.force_login(personas["anna"])
    _import_id, mapped = upload_and_map(client, [HEADER, *rows(6)])
    job_id = job_id_of(mapped)
    client.force_login(personas[who])
    page = client.get(reverse("companies:import_job", args=[job_id]))
    assert page.status_code == status
    assert poll(client, job_id).status_code == status
    if who == "bertil":
        run_waiting()
        finished = client.get(reverse("companies:import_job", args=[job_id]))
        assert finished.status_code == 200  # he sees that it is done, but the preview is anna's
        assert "A colleague in your organisation started this import" in finished.content.decode()


def test_a_made_up_job_id_is_not_found(client, anna):
    client.force_login(anna)
    for made_up in ["x", "00000000-0000-0000-0000-000000000000"]:
        assert client.get(reverse("companies:import_job", args=[made_up])).status_code == 404


def test_an_import_has_one_job_at_a_time(client, anna, large, english):
    client.force_login(anna)
    data = [HEADER, *rows(6)]
    import_id, write_job = prepared_write(client, data)
    again = client.post(reverse("companies:import_confirm", args=[import_id]), {"mode": "all"})
    remapped = client.post(reverse("companies:import_mapping", args=[import_id]), MAPPING)
    assert job_id_of(again) == write_job and job_id_of(remapped) == write_job
    assert run_waiting() == 1  # the preview ran earlier; one write now
    assert stored([r[0] for r in data[1:]]) == 6
