"""Demo data: T0 for a few hundred companies, T1 showing change, plans, an open link; deterministic.

How long the assessment demo takes to load is measured by bench/bench_demo.py, not asserted here.
"""

from spets.assessment.models import ActionPlanItem, Assessment, SelfAssessmentLink, Status
from spets.assessment.scoring import Result, compare
from spets.core.scoping import unscoped


def test_demo_assessments(demo_data):
    summary = demo_data["demo:assessment"]
    assert 200 <= summary["t0"] <= 500 and summary["t1_completed"] >= 50
    with unscoped():
        t0 = Assessment.objects.filter(round="T0", status=Status.COMPLETED, synthetic=True)
        assert set(t0.values_list("framework_id", flat=True)) == {"dma-sme", "spets-profile"}
        t1 = list(Assessment.objects.filter(round="T1", status=Status.COMPLETED).select_related("follows"))
        deltas = [
            compare(Result.from_dict(a.follows.result), Result.from_dict(a.result)).overall.delta for a in t1
        ]
        assert sum(deltas) / len(deltas) > 3  # on average the companies moved up
        assert ActionPlanItem.objects.filter(synthetic=True).exists()
        assert (
            SelfAssessmentLink.objects.filter(revoked_at__isnull=True, submitted_at__isnull=True).count() == 1
        )


def test_demo_is_deterministic(db):
    from spets.assessment import demo
    from spets.companies.demo import load as load_companies
    from spets.core.demo import demo_users

    with unscoped():
        demo_users()
        load_companies(1)
        first = demo.load(7)
        scores = list(
            Assessment.objects.order_by("company_id", "framework", "round").values_list(
                "company_id", "framework", "round", "result__overall__score"
            )
        )
        Assessment.objects.all().delete()
        ActionPlanItem.objects.all().delete()
        from spets.assessment.models import CompanyPriority

        CompanyPriority.objects.all().delete()
        second = demo.load(7)
        again = list(
            Assessment.objects.order_by("company_id", "framework", "round").values_list(
                "company_id", "framework", "round", "result__overall__score"
            )
        )
    assert {k: v for k, v in first.items()} == second and scores == again
