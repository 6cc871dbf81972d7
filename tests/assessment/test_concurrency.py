"""Two respondents saving at the same time, in two transactions: both answers are kept.

The threaded test needs a database where two connections can overlap: PostgreSQL, or SQLite as a
file (production). The in-memory SQLite test database shares one cache between threads and answers
"table is locked" instead of waiting, so there the interleaving test below stands in for it.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from spets.assessment import services
from spets.assessment.models import Answer
from spets.core.scoping import unscoped
from tests.factories import respondent_id


@pytest.mark.django_db(transaction=True)
def test_two_respondents_saving_at_once_keep_both_answers(anna, company):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite cannot run two overlapping connections; covered on PostgreSQL")
    a = services.create_assessment(anna, company.pk, "dma-sme-v1", respondent_name="Vera VD")
    second = services.add_respondent(anna, a.pk, "Per Produktion")
    first = respondent_id(a)
    barrier = threading.Barrier(2)
    errors = []

    def save(rid, answers):
        try:
            barrier.wait(timeout=10)
            for _ in range(5):  # several rounds to make the two transactions overlap
                services.save_answers(anna, a.pk, rid, answers)
        except Exception as exc:  # reported below with the thread's failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=save, args=(first, {"readiness.basic": ["website"], "data.security": ["backups"]})
        ),
        threading.Thread(
            target=save, args=(second.pk, {"readiness.basic": ["erp", "cloud"], "data.security": ["policy"]})
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    with unscoped():
        stored = {
            (r, q): v
            for r, q, v in Answer.objects.filter(assessment=a).values_list(
                "respondent_id", "question_id", "value"
            )
        }
    assert stored == {
        (first, "readiness.basic"): ["website"],
        (first, "data.security"): ["backups"],
        (second.pk, "readiness.basic"): ["cloud", "erp"],
        (second.pk, "data.security"): ["policy"],
    }


def test_a_stale_form_does_not_overwrite_the_other_respondent(anna, company):
    """The lost-update pattern of a shared JSON blob: A loads the form, B saves, A saves. Per-row upserts
    keep B's answer; A's save touches only A's rows."""
    a = services.create_assessment(anna, company.pk, "dma-sme-v1", respondent_name="Vera VD")
    second = services.add_respondent(anna, a.pk, "Per Produktion")
    first = respondent_id(a)
    stale_view = services.answers_by_respondent(a)  # A's page as loaded before B saves
    services.save_answers(anna, a.pk, second.pk, {"readiness.basic": ["erp"]})
    services.save_answers(anna, a.pk, first, {"readiness.basic": ["website"]})
    assert stale_view[str(second.pk)] == {}
    assert services.answers_by_respondent(a) == {
        str(first): {"readiness.basic": ["website"]},
        str(second.pk): {"readiness.basic": ["erp"]},
    }
