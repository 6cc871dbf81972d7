"""The recommendation rules speak the register's language: focus-area codes and offer types."""

from spets.assessment.recommend import load_rules
from spets.companies.models import ActivityType
from spets.core.models import FocusArea


def test_rules_use_register_focus_areas_and_offer_types(db):
    codes = set(FocusArea.objects.values_list("code", flat=True))
    assert codes  # reference data loaded
    for rule in load_rules().rules:
        assert rule.focus_area in codes, rule.id
        assert set(rule.offer_types) <= set(ActivityType.values), rule.id
