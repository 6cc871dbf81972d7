"""Texts in the framework files are whole: an unquoted comma in a flow mapping must not cut a label."""

import pytest

from spets.assessment.errors import FrameworkError
from spets.assessment.frameworks import framework_path, load_framework, parse_framework, read_yaml


def test_labels_keep_their_commas():
    fw = load_framework("spets-profile-v1")
    option = fw.questions["innovation.practices"].option("ip")
    assert option.label["sv"] == "Skyddar sina idéer (patent, mönster, avtal)"
    assert set(option.label) == {"sv", "en"}
    dma = load_framework("dma-sme-v1")
    assert (
        dma.questions["strategy.business_areas"].option("marketing_sales").label["en"]
        == "Marketing, sales and customer service"
    )


def test_a_label_cut_by_a_comma_is_refused():
    data = read_yaml(framework_path("dma-sme-v1"))
    data["dimensions"][0]["questions"][0]["options"][0]["label"] = {"sv": "A", "B": None, "en": "C"}
    with pytest.raises(FrameworkError, match=r"options\[0\]\.label: unexpected key\(s\) \['B'\]"):
        parse_framework(data, "dma-sme-v1.yaml")
