"""Every case in tests/assessment/vectors/*.yaml: answers -> the hand-computed scores, bands and status."""

from pathlib import Path

import pytest
import yaml

from spets.assessment.frameworks import load_framework
from spets.assessment.scoring import score

VECTOR_DIR = Path(__file__).parent / "vectors"


def _cases():
    for path in sorted(VECTOR_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["framework"], case, id=f"{path.stem}: {case['name']}")


def _check(actual, expected, what):
    for key, want in expected.items():
        got = getattr(actual, key)
        if isinstance(want, float | int) and not isinstance(want, bool) and got is not None:
            assert got == pytest.approx(want, abs=1e-6), f"{what}.{key}"
        else:
            assert got == want, f"{what}.{key}"


@pytest.mark.parametrize(("framework_name", "case"), list(_cases()))
def test_vector(framework_name, case):
    framework = load_framework(framework_name, method=case.get("method"))
    result = score(framework, case["answers"])
    assert result.method_version == case.get("method", framework.methods[0])
    expect = case["expect"]
    for dim_id, want in expect.get("dimensions", {}).items():
        _check(result.dimensions[dim_id], want, dim_id)
    if "overall" in expect:
        _check(result.overall, expect["overall"], "overall")
    points = {q.id: q.points for d in result.dimensions.values() for q in d.questions}
    for qid, want in expect.get("questions", {}).items():
        if want is None:
            assert points[qid] is None, qid
        else:
            assert points[qid] == pytest.approx(want, abs=1e-6), qid


def test_there_are_vectors_for_both_frameworks():
    names = {yaml.safe_load(p.read_text())["framework"] for p in VECTOR_DIR.glob("*.yaml")}
    assert names == {"dma-sme-v1", "spets-profile-v1"}
