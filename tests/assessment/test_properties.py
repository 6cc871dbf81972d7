"""Property tests: scores stay in 0..100, more positive answers never lower a score, unanswered is
never zero, and a stored result reads back unchanged."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from spets.assessment.frameworks import load_framework
from spets.assessment.scoring import MISSING, Result, score

FRAMEWORKS = [
    load_framework("dma-sme-v1"),
    load_framework("dma-sme-v1", method="1.0-alt"),
    load_framework("spets-profile-v1"),
]


def answer_strategy(q):
    if q.type == "checkbox":
        return st.lists(st.sampled_from([o.id for o in q.options]), unique=True)
    if q.type == "checkbox_matrix":
        ids = [o.id for o in q.options]
        return st.fixed_dictionaries({c.id: st.lists(st.sampled_from(ids), unique=True) for c in q.columns})
    if q.type == "scale":
        return st.sampled_from([lv.id for lv in q.scale.levels])
    if q.type == "scale_items":
        return st.dictionaries(
            st.sampled_from([i.id for i in q.items]), st.sampled_from([lv.id for lv in q.scale.levels])
        )
    if q.type == "single_choice":
        return st.sampled_from([o.id for o in q.options])
    low = float(q.minimum) if q.minimum is not None else -1e6
    high = float(q.maximum) if q.maximum is not None else 1e6
    return st.one_of(st.integers(int(low), int(high)), st.floats(low, high, allow_nan=False))


@st.composite
def framework_and_answers(draw):
    fw = draw(st.sampled_from(FRAMEWORKS))
    answers = {}
    for qid, q in fw.questions.items():
        if draw(st.booleans()):
            answers[qid] = draw(answer_strategy(q))
    return fw, answers


@given(framework_and_answers())
@settings(max_examples=300, deadline=None)
def test_scores_stay_within_0_and_100_and_status_matches(case):
    fw, answers = case
    result = score(fw, answers)
    for d in [*result.dimensions.values(), result.overall]:
        assert 0 <= d.coverage <= 1
        if d.status == MISSING:
            assert d.score is None and d.band is None
        else:
            assert 0 <= d.score <= 100
            assert d.band == fw.band(Fraction(d.score)).id
    assert (result.framework_id, result.framework_version, result.method_version) == (
        fw.id,
        fw.version,
        fw.method_version,
    )


def _more_positive(fw, answers, draw):
    """Tick one more positive option, or move one answered item up the scale, in an answered question."""
    candidates = []
    for qid, value in answers.items():
        q = fw.questions[qid]
        if q.type == "checkbox":
            candidates += [(qid, None, o.id) for o in q.options if not o.negative and o.id not in value]
        elif q.type == "checkbox_matrix":
            candidates += [(qid, c, o.id) for c in value for o in q.options if o.id not in value[c]]
        elif q.type == "scale_items":
            top = q.scale.levels[-1].id
            candidates += [(qid, item, top) for item, level in value.items() if level != top]
    if not candidates:
        return None
    qid, where, what = draw(st.sampled_from(candidates))
    changed = dict(answers)
    value = answers[qid]
    q = fw.questions[qid]
    if q.type == "checkbox":
        changed[qid] = [*value, what]
    elif q.type == "checkbox_matrix":
        changed[qid] = {**value, where: [*value[where], what]}
    else:
        changed[qid] = {**value, where: what}
    return changed


@given(st.data())
@settings(max_examples=300, deadline=None)
def test_adding_a_positive_answer_never_lowers_a_score(data):
    fw, answers = data.draw(framework_and_answers())
    more = _more_positive(fw, answers, data.draw)
    if more is None:
        return
    before, after = score(fw, answers), score(fw, more)
    for dim_id, d in before.dimensions.items():
        if d.score is not None:
            assert after.dimensions[dim_id].score >= d.score - 1e-9, dim_id
    if before.overall.score is not None:
        assert after.overall.score >= before.overall.score - 1e-9


@given(framework_and_answers())
@settings(max_examples=200, deadline=None)
def test_unanswered_is_never_zero(case):
    fw, answers = case
    dim = fw.dimensions[0]
    without = {k: v for k, v in answers.items() if fw.questions[k].dimension_id != dim.id}
    result = score(fw, without)
    d = result.dimensions[dim.id]
    assert d.score is None and d.status == MISSING and d.coverage == 0
    if all(fw.questions[k].dimension_id == dim.id for k in answers):
        assert result.overall.score is None


@given(framework_and_answers())
@settings(max_examples=100, deadline=None)
def test_a_stored_result_reads_back_unchanged(case):
    fw, answers = case
    result = score(fw, answers)
    assert Result.from_dict(result.to_dict()) == result


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_the_alternative_method_changes_only_strategy_and_data(data):
    base, alt = FRAMEWORKS[0], FRAMEWORKS[1]
    answers = {
        qid: data.draw(answer_strategy(q)) for qid, q in base.questions.items() if data.draw(st.booleans())
    }
    a, b = score(base, answers), score(alt, answers)
    for dim_id in ("readiness", "human", "automation", "green"):
        assert a.dimensions[dim_id] == b.dimensions[dim_id]
