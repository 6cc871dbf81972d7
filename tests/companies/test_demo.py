"""The demo data set tells the register's story (its load time is measured by bench/bench_demo.py)."""

from __future__ import annotations

from spets.companies.models import Activity, Contact, Offer, Referral
from spets.companies.services.referrals import send_reminders
from spets.core.models import DataLoad, Organisation
from spets.core.scoping import unscoped


def test_demo_has_work_across_all_eight_organisations(db):
    from spets.core.demo import load_demo

    load_demo()
    summary = DataLoad.objects.get(name="demo:companies").summary
    assert summary["activities"] > 300 and summary["contacts"] > 300 and summary["referrals"] == 15
    with unscoped():
        orgs = set(Activity.objects.values_list("organisation__slug", flat=True))
        assert orgs == set(Organisation.objects.filter(in_programme=True).values_list("slug", flat=True))
        assert set(Offer.objects.values_list("organisation__slug", flat=True)) == orgs
        assert Activity.objects.filter(visibility="organisation").exists()
        assert set(Referral.objects.values_list("status", flat=True)) == {
            "sent",
            "accepted",
            "completed",
            "declined",
        }
        assert Contact.objects.filter(legal_hold_until__isnull=False).exists()
        assert Contact.objects.filter(lawful_basis="consent").exists()
    # One open referral has waited long enough for a reminder.
    assert len(send_reminders(days=7)) == 1
