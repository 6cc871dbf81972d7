"""The autosave endpoint answers a malformed respondent id with 400, not 500."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.parametrize("value", ["abc", "1.5", "-3", "99999999999999999999999", "<script>"])
def test_a_malformed_respondent_is_a_bad_request(anna, assessment, value):
    client = Client()
    client.force_login(anna)
    response = client.post(
        f"/assessment/{assessment.pk}/answer/",
        {"question": "readiness.basic", "value": ["erp"], "respondent": value},
        QUERY_STRING=f"respondent={value}",
    )
    assert response.status_code == 400 and "respondent" in response.content.decode()
    assert response["Content-Type"].startswith("text/plain")


def test_a_respondent_of_another_assessment_is_refused_not_a_crash(anna, assessment):
    client = Client()
    client.force_login(anna)
    response = client.post(
        f"/assessment/{assessment.pk}/answer/?respondent=987654",
        {"question": "readiness.basic", "value": ["erp"]},
    )
    assert response.status_code == 422
