"""Importing a statistics file in the browser (/atlas/import/): preview first, then store; the same
checks and messages as `spets stats import`; analysts and programme managers only."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from spets.core.models import AuditEntry
from spets.stats import services

from .conftest import FIXTURES

REAL = Path(__file__).parents[1] / "stats" / "real"


def upload(client, path: Path, **extra):
    return client.post("/atlas/import/", {"file": SimpleUploadedFile(path.name, path.read_bytes()), **extra})


def test_only_analysts_and_programme_managers_may_import(client, personas, stats_path):
    allowed = {"alf", "petra"}
    for name, user in personas.items():
        client.force_login(user)
        get = client.get("/atlas/import/")
        post = upload(client, FIXTURES / "AM0207K_DagSNI07KonK_dalarna.px")
        expected = 200 if name in allowed else 403
        assert (get.status_code, post.status_code) == (expected, expected), name
        cubes = client.get("/atlas/cubes/").content.decode()
        assert ('data-testid="upload-link"' in cubes) == (name in allowed), name
        client.logout()
    assert client.get("/atlas/import/").status_code == 302  # anonymous: to the login page
    assert not services.store().cubes()  # previews store nothing


def test_a_jsonstat_1_0_bundle_is_previewed_then_stored_as_one_cube_per_dataset(client, alf, stats_path):
    client.force_login(alf)
    response = upload(client, REAL / "scb_v1_jsonstat1_bundle.json")
    html = response.content.decode()
    assert response.status_code == 200 and html.count('data-testid="upload-preview"') == 2
    assert "4 celler" in html and "6 celler" in html and "varav 1 utan siffra" in html
    assert "scb_v1_jsonstat1_bundle-befolkning" in html  # the series each dataset is stored under
    assert "stål- och metallverk" in html  # the dimension's values, as the file names them
    assert not services.store().cubes()
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    stored = client.post("/atlas/import/", {"token": token})
    assert stored.status_code == 302 and stored["Location"] == "/atlas/cubes/"
    series = sorted(c.series for c in services.store().cubes())
    assert series == ["scb_v1_jsonstat1_bundle-befolkning", "scb_v1_jsonstat1_bundle-forvarvsarbetande"]
    assert AuditEntry.objects.filter(action="import", object_type="stats.cube").count() == 2
    # the same upload confirmed twice stores nothing more
    assert client.post("/atlas/import/", {"token": token}).status_code == 302
    assert len(services.store().cubes()) == 2


def test_a_file_already_stored_says_so_and_a_malformed_one_names_the_line(
    client, petra, stats_path, tmp_path
):
    services.import_file(FIXTURES / "AM0207K_DagSNI07KonK_dalarna.px")
    client.force_login(petra)
    again = upload(client, FIXTURES / "AM0207K_DagSNI07KonK_dalarna.px").content.decode()
    assert 'data-testid="same-content"' in again
    broken = tmp_path / "broken.px"
    text = (FIXTURES / "AM0207K_DagSNI07KonK_dalarna.px").read_bytes()
    broken.write_bytes(text.replace(b"DATA=", b"DATA=\nx4x "))
    response = upload(client, broken)
    assert response.status_code == 422
    assert "Filen kan inte importeras: broken.px, line" in response.content.decode()
    assert len(services.store().cubes()) == 1
    nameless = upload(client, REAL / "scb_v1_jsonstat1_folkmangd.json")
    assert nameless.status_code == 422 and "series" in nameless.content.decode()
    named = upload(client, REAL / "scb_v1_jsonstat1_folkmangd.json", series="folkmangd_dalarna")
    assert named.status_code == 200 and "folkmangd_dalarna" in named.content.decode()
