"""The change history in words: "Anna ändrade företag …: status från Aktivt till Upphört"; one self-assessment
(dozens of answer saves, each answer twice) is one line with a link to it; raw structures are never printed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spets.assessment.services import links as link_services
from spets.companies import history
from spets.companies.services import companies as company_services
from spets.core.audit import log_action
from spets.core.models import AuditEntry
from tests.assessment.answer_sets import MIXED
from tests.factories import make_assessment

pytestmark = pytest.mark.django_db


def history_html(client, user, company) -> str:
    client.force_login(user)
    html = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    start = html.index('data-testid="audit"')
    return html[start : html.index("</ul>", start)]


@pytest.fixture
def self_assessment(anna, company, mailoutbox):
    """Anna sends a self-assessment link; the company answers every question twice (autosave), then submits."""
    assessment = make_assessment(company, by=anna, mode="self")
    link, token = link_services.create_link(anna, assessment.pk)
    link_services.send_link(anna, link.pk, token, "vd@example.invalid", base_url="https://spets.example")
    for _round in range(2):
        for question, value in MIXED.items():
            link_services.save_link_answers(token, {question: value})
    link_services.submit_link(token)
    return assessment


def test_a_change_reads_as_a_sentence_with_who_and_what(client, anna, company):
    company_services.update_company(anna, company.pk, {"status": "ceased"}, 1)
    text = history_html(client, anna, company)
    assert "Anna ändrade företag Testbolaget Mekaniska AB: status från Aktivt till Upphört" in text


def test_one_self_assessment_is_one_line_with_a_link(client, anna, petra, company, self_assessment):
    entries = AuditEntry.objects.filter(company_id=company.pk).count()
    assert entries >= 2 * len(MIXED)  # what used to flood the history
    for user in (anna, petra):
        text = history_html(client, user, company)
        assert text.count('data-testid="audit-line"') == 1
        assert text.count(reverse("assessment:detail", args=[self_assessment.pk])) == 1
        assert "Självskattning T0" in text and f"{len(MIXED)} svar sparade" in text  # each question once
        assert "1 länk skickad" in text and "slutförd" in text
        assert "företaget (via sin självskattningslänk), Anna arbetade med Självskattning T0" in text
        assert "{" not in text and "answer " not in text


def test_the_group_does_not_crowd_out_older_changes(client, anna, company, self_assessment):
    lines = history.company_history(anna, company.pk)
    assert len(lines) == 1 and lines[0].count > 2 * len(MIXED)
    company_services.update_company(anna, company.pk, {"employees": 14}, 1)
    lines = history.company_history(anna, company.pk)
    assert [line.count > 1 for line in lines] == [False, True]
    assert lines[0].details == ["antal anställda från 12 till 14"]


def test_raw_structures_are_never_printed(client, anna, company):
    # Entries written before this fix: a Python dict as text and a nested structure.
    log_action(
        anna,
        "update",
        company,
        company_id=company.pk,
        changes={
            "answers": "{'strategy.preparedness': ['budget']}",
            "profile": {"a": [1, 2]},
            "website": ["", "x.se"],
        },
    )
    text = history_html(client, anna, company)
    assert "{" not in text and "[" not in text and "strategy.preparedness" not in text
    assert "answers har ändrats" in text and "webbplats till x.se" in text


def test_a_system_change_names_spets(client, anna, company):
    log_action(None, "remind", company, company_id=company.pk, changes={"reminder": 1})
    assert "Spets (automatiskt) skickade en påminnelse om företag Testbolaget Mekaniska AB" in history_html(
        client, anna, company
    )


@pytest.mark.parametrize(
    "persona, shown", [("anna", True), ("petra", True), ("lisa", False), ("alf", False), ("carl", False)]
)
def test_who_reads_the_history(client, personas, persona, shown, company):
    company_services.update_company(personas["anna"], company.pk, {"employees": 14}, 1)
    client.force_login(personas[persona])
    html = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert ('data-testid="audit"' in html) is shown
