"""Answers that do not fit the framework are rejected, and the error names the question."""

import pytest

from spets.assessment.errors import AnswerError
from spets.assessment.scoring import score


def _error(fw, answers):
    with pytest.raises(AnswerError) as info:
        score(fw, answers)
    return info.value


def test_a_value_outside_the_adoption_scale_names_the_question_and_item(dma):
    err = _error(dma, {"readiness.advanced": {"cad_cam": 6}})
    assert err.question_ids == ["readiness.advanced"]
    assert "cad_cam" in str(err) and "6" in str(err) and "outside the scale" in str(err)


def test_an_unknown_option_names_the_question(dma):
    err = _error(dma, {"readiness.basic": ["website", "telefax"]})
    assert err.question_ids == ["readiness.basic"]
    assert "telefax" in str(err)


def test_an_unknown_matrix_column_names_the_question(dma):
    err = _error(dma, {"strategy.business_areas": {"invested": [], "dreaming": ["planning"]}})
    assert err.question_ids == ["strategy.business_areas"] and "dreaming" in str(err)


def test_an_unknown_question_is_named(dma):
    err = _error(dma, {"strategy.vision": ["x"]})
    assert err.question_ids == ["strategy.vision"] and "unknown question" in str(err)


def test_a_text_is_not_a_list_of_options(dma):
    err = _error(dma, {"readiness.basic": "website"})
    assert err.question_ids == ["readiness.basic"]


def test_no_partially_yes_rejects_other_words(dma):
    err = _error(dma, {"green.considerations": {"it_energy": "maybe"}})
    assert err.question_ids == ["green.considerations"] and "maybe" in str(err)


def test_a_scale_value_must_have_the_scale_type(dma):
    err = _error(dma, {"automation.technologies": {"vision": "5"}})
    assert err.question_ids == ["automation.technologies"]


def test_a_percentage_above_100_is_rejected(profile):
    err = _error(profile, {"global.export_share": 120})
    assert err.question_ids == ["global.export_share"] and "0..100" in str(err)


def test_numbers_refuse_booleans_and_negative_quantities(profile):
    err = _error(profile, {"green.diesel_l": -5, "green.electricity_mwh": True})
    assert sorted(err.question_ids) == ["green.diesel_l", "green.electricity_mwh"]


def test_an_unknown_single_choice_names_the_question(profile):
    err = _error(profile, {"global.markets": "mars"})
    assert err.question_ids == ["global.markets"] and "mars" in str(err)


def test_every_bad_answer_is_reported_at_once(dma):
    err = _error(dma, {"readiness.basic": ["nope"], "data.security": ["firewall"], "human.upskilling": []})
    assert sorted(err.question_ids) == ["data.security", "readiness.basic"]


def test_none_means_unanswered_not_an_error(dma):
    result = score(dma, {"readiness.basic": None, "readiness.advanced": {"iot": None, "mes": 5}})
    assert result.dimensions["readiness"].status == "partial"
    assert result.dimensions["readiness"].score == 100
