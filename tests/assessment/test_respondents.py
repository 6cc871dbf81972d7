"""Several respondents at one company: per question answers and disagreement; combining answers."""

import pytest

from spets.assessment.errors import AnswerError
from spets.assessment.respondents import combine, consistency

ANNA = {
    "readiness.basic": ["website", "erp"],
    "readiness.advanced": {"cad_cam": 5},
    "green.considerations": {"it_energy": "yes"},
}
BO = {
    "readiness.basic": ["website", "crm"],
    "readiness.advanced": {"cad_cam": 0, "iot": 3},
    "data.security": ["backups"],
}


def test_disagreement_is_the_mean_spread_over_items_both_answered(dma):
    view = consistency(dma, {"anna": ANNA, "bo": BO})
    basic = view["readiness.basic"]
    assert basic.answers == {"anna": ["erp", "website"], "bo": ["crm", "website"]}
    assert basic.disagreement == pytest.approx(0.2)  # erp and crm differ: 2 of 10 options
    assert view["readiness.advanced"].disagreement == pytest.approx(1.0)  # cad_cam 5 vs 0; iot only bo
    assert view["readiness.advanced"].items == {"cad_cam": 1.0}


def test_a_question_one_person_answered_has_no_disagreement(dma):
    view = consistency(dma, {"anna": ANNA, "bo": BO})
    assert view["data.security"].disagreement is None
    assert view["data.security"].answers == {"bo": ["backups"]}
    assert "human.upskilling" not in view


def test_agreeing_respondents_score_zero(dma):
    view = consistency(dma, {"anna": ANNA, "anna2": ANNA})
    assert all(q.disagreement == 0 for q in view.values())


def test_quantities_use_relative_spread_and_unscored_choices_identity(profile):
    view = consistency(
        profile,
        {
            "a": {"green.diesel_l": 1000, "competence.coverage": "dont_know"},
            "b": {"green.diesel_l": 800, "competence.coverage": "some_gaps"},
        },
    )
    assert view["green.diesel_l"].disagreement == pytest.approx(0.2)
    assert view["competence.coverage"].disagreement == 1.0


def test_combine_takes_the_first_respondent_in_order_who_answered(dma):
    merged = combine(dma, {"anna": ANNA, "bo": BO})
    assert merged["readiness.basic"] == ["erp", "website"]
    assert merged["data.security"] == ["backups"]
    assert combine(dma, {"anna": ANNA, "bo": BO}, order=["bo", "anna"])["readiness.basic"] == [
        "crm",
        "website",
    ]


def test_a_bad_answer_names_respondent_and_question(dma):
    with pytest.raises(AnswerError) as info:
        consistency(dma, {"anna": ANNA, "bo": {"readiness.basic": ["fax"]}})
    assert info.value.question_ids == ["readiness.basic"] and "respondent bo" in str(info.value)
