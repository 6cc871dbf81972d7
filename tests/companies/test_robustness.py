"""Bad input that used to answer 500: an unknown or looping parent company, an oversized upload."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spets.companies.models import Company
from spets.companies.services import companies as company_services
from spets.companies.views import imports as import_views
from spets.core.errors import InvalidData
from spets.core.models import ApiToken
from spets.core.scoping import unscoped

pytestmark = pytest.mark.django_db


def _patch(client, user, company_id, body):
    return client.patch(
        f"/api/companies/companies/{company_id}",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)[1]}",
    )


def test_an_unknown_parent_answers_422_naming_the_field(client, anna, company):
    response = _patch(client, anna, company.pk, {"version": 1, "parent_id": 987654321})
    assert response.status_code == 422 and "parent_id" in response.json()["detail"]
    with unscoped():
        assert Company.objects.get(pk=company.pk).parent_id is None


def test_a_company_cannot_become_its_own_ancestor(client, anna, company, other_company):
    company_services.update_company(
        anna, other_company.pk, {"parent_id": company.pk}, 1
    )  # other is company's subsidiary
    response = _patch(client, anna, company.pk, {"version": 1, "parent_id": other_company.pk})
    assert response.status_code == 422 and "parent_id" in response.json()["detail"]
    assert "ancestor" in response.json()["detail"]
    response = _patch(client, anna, company.pk, {"version": 1, "parent_id": company.pk})
    assert response.status_code == 422 and "parent_id" in response.json()["detail"]


def test_a_real_parent_is_saved_and_can_be_cleared(client, anna, company, other_company):
    assert (
        _patch(client, anna, company.pk, {"version": 1, "parent_id": other_company.pk}).json()["parent_id"]
        == other_company.pk
    )
    assert _patch(client, anna, company.pk, {"version": 2, "parent_id": None}).json()["parent_id"] is None


def test_a_new_company_with_an_unknown_parent_is_refused(anna):
    with pytest.raises(InvalidData) as exc:
        company_services.create_company(
            anna, {"orgnr": "5560000019", "name": "X AB", "municipality_id": "2081", "parent_id": 987654321}
        )
    assert "parent_id" in exc.value.errors


def test_a_too_large_upload_is_refused_from_its_declared_length(client, anna, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_UPLOAD_BYTES", 1000)
    monkeypatch.setattr(import_views, "UPLOAD_OVERHEAD_BYTES", 100)
    read = []
    monkeypatch.setattr(import_views.import_files, "open_table", lambda path: read.append(path))
    client.force_login(anna)
    big = SimpleUploadedFile(
        "lista.csv", b"orgnr;namn\n" + b"5560000001;A AB\n" * 200, content_type="text/csv"
    )
    response = client.post(reverse("companies:import_upload"), {"file": big})
    assert response.status_code == 413
    assert response.context["error"] and not read
