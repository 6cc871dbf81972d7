"""The shipped frameworks have the documented structure; broken files fail with file and path."""

from pathlib import Path

import pytest
import yaml

from spets.assessment.errors import FrameworkError
from spets.assessment.frameworks import FRAMEWORK_DIR, available_frameworks, load_framework


def test_both_frameworks_ship_and_load():
    assert available_frameworks() == ["dma-sme-v1", "spets-profile-v1"]
    for name in available_frameworks():
        fw = load_framework(name)
        assert fw.languages == ("sv", "en") and fw.source and fw.method_version


def test_dma_has_six_dimensions_and_eleven_blocks_as_in_the_public_questionnaire(dma):
    assert [d.id for d in dma.dimensions] == ["strategy", "readiness", "human", "data", "automation", "green"]
    assert len(dma.questions) == 11
    q = dma.questions
    assert (len(q["strategy.business_areas"].options), len(q["strategy.business_areas"].columns)) == (10, 2)
    assert len(q["strategy.preparedness"].options) == 10
    assert len(q["readiness.basic"].options) == 10
    assert len(q["readiness.advanced"].items) == 7
    assert [lv.label["en"] for lv in q["readiness.advanced"].scale.levels] == [
        "Not used",
        "Considering",
        "Prototyping",
        "Testing",
        "Implementing",
        "In use",
    ]
    assert len(q["human.upskilling"].options) == 7
    assert len(q["human.engagement"].options) == 8
    assert len(q["data.management"].options) == 8
    assert [o.id for o in q["data.management"].options if o.negative] == ["not_digital"]
    assert len(q["data.security"].options) == 6
    assert len(q["automation.technologies"].items) == 5
    assert len(q["green.practices"].options) == 10
    assert len(q["green.considerations"].items) == 5
    assert [b.id for b in dma.bands] == ["basic", "average", "moderately_advanced", "advanced"]


def test_band_edges_for_non_integer_scores(dma):
    assert dma.band(0).id == "basic" and dma.band(25).id == "basic"
    assert dma.band(25.01).id == "average" and dma.band(50).id == "average"
    assert dma.band(50.5).id == "moderately_advanced" and dma.band(75).id == "moderately_advanced"
    assert dma.band(75.0001).id == "advanced" and dma.band(100).id == "advanced"


def test_method_versions_are_listed_and_stamped():
    fw = load_framework("dma-sme-v1", method="1.0-alt")
    assert fw.method_version == "1.0-alt" and fw.methods[0] == "1.0"
    assert fw.questions["strategy.business_areas"].scoring.rule == "matrix_weighted"
    assert load_framework("dma-sme-v1").questions["strategy.business_areas"].scoring.rule == "matrix_share"


def test_every_text_exists_in_swedish_and_english():
    for name in available_frameworks():
        fw = load_framework(name)
        for d in fw.dimensions:
            assert d.title["sv"] and d.title["en"]
            for q in d.questions:
                assert q.text["sv"] and q.text["en"] and q.text["sv"] != q.text["en"], q.id
                for entry in (*q.options, *q.items, *q.columns):
                    assert entry.label["sv"] and entry.label["en"], f"{q.id}/{entry.id}"


def test_profile_has_the_programme_dimensions_and_optional_themes(profile):
    core = [d.id for d in profile.dimensions if not d.optional]
    themes = [d.id for d in profile.dimensions if d.optional]
    assert core == ["innovation", "automation", "green", "globalisation", "competence"]
    assert themes == ["forest_bioeconomy", "steel_metal"]


# --- broken files -------------------------------------------------------------------------------


def _broken(tmp_path: Path, edit, name="dma-sme-v1") -> Path:
    data = yaml.safe_load((FRAMEWORK_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "where", "what"),
    [
        (
            lambda d: d["dimensions"][0]["questions"][1]["options"][2]["label"].pop("sv"),
            "dimensions[0].questions[1].options[2].label",
            "missing language 'sv'",
        ),
        (
            lambda d: d["dimensions"][1]["questions"][0].update(type="slider"),
            "dimensions[1].questions[0].type",
            "unknown question type",
        ),
        (
            lambda d: d["dimensions"][1]["questions"][0].update(scoring={"rule": "scale_mean"}),
            "dimensions[1].questions[0].scoring.rule",
            "does not fit a checkbox question",
        ),
        (
            lambda d: d["dimensions"][1]["questions"][1].update(scale="likert"),
            "dimensions[1].questions[1].scale",
            "unknown scale",
        ),
        (
            lambda d: d["dimensions"][3]["questions"][0]["scoring"].update(negative="sometimes"),
            "dimensions[3].questions[0].scoring.negative",
            "expected one of",
        ),
        (
            lambda d: d["dimensions"][2]["questions"][1]["options"].append(
                {"id": "informed", "label": {"sv": "a", "en": "b"}}
            ),
            "dimensions[2].questions[1].options[8].id",
            "duplicate option id",
        ),
        (lambda d: d["bands"][3].update(upper=99), "bands[3].upper", "must end at 100"),
        (
            lambda d: d["method_variants"]["1.0-alt"]["scoring"].update(
                {"strategy.vision": {"rule": "matrix_share"}}
            ),
            "method_variants.1.0-alt.scoring.strategy.vision",
            "unknown question",
        ),
        (lambda d: d.pop("version"), "version", "required"),
    ],
)
def test_a_broken_framework_names_the_file_and_the_bad_entry(tmp_path, edit, where, what):
    with pytest.raises(FrameworkError) as info:
        load_framework(_broken(tmp_path, edit))
    assert info.value.source == "broken.yaml" and info.value.path == where
    assert what in str(info.value) and str(info.value).startswith("broken.yaml: ")


def test_a_broken_ghg_table_names_the_line(tmp_path):
    path = _broken(
        tmp_path, lambda d: d["ghg"]["lines"][1].update(question="green.unicorns_l"), "spets-profile-v1"
    )
    with pytest.raises(FrameworkError, match=r"broken.yaml: ghg.lines\[1\].question: unknown question"):
        load_framework(path)


def test_invalid_yaml_and_unknown_method_are_named(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n")
    with pytest.raises(FrameworkError, match="bad.yaml.*not valid YAML"):
        load_framework(bad)
    with pytest.raises(FrameworkError, match="unknown method version '9.9'"):
        load_framework("dma-sme-v1", method="9.9")
