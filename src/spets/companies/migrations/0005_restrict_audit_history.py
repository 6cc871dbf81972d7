"""Restrict the change-history entries written before entries carried their readers: a private activity's
entries to its organisation, a referral's to its two organisations (programme managers read all).
Entries whose row is gone are kept for the organisation that wrote them."""

from django.db import migrations


def restrict(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    Activity = apps.get_model("companies", "Activity")
    Referral = apps.get_model("companies", "Referral")
    through = AuditEntry.visible_to.through
    private = dict(Activity.objects.filter(visibility="organisation").values_list("pk", "organisation_id"))
    referrals = {pk: (a, b) for pk, a, b in Referral.objects.values_list("pk", "from_organisation_id",
                                                                        "to_organisation_id")}
    links = []
    for entry in AuditEntry.objects.filter(object_type__in=("companies.Activity", "companies.Referral"),
                                           restricted=False).iterator():
        if not entry.object_id.isdigit():
            continue
        if entry.object_type == "companies.Referral":
            readers = referrals.get(int(entry.object_id), (entry.organisation_id,))
        elif int(entry.object_id) in private:
            readers = (private[int(entry.object_id)],)
        elif not Activity.objects.filter(pk=int(entry.object_id)).exists():
            readers = (entry.organisation_id,)
        else:
            continue  # a shared activity: all programme staff read it
        AuditEntry.objects.filter(pk=entry.pk).update(restricted=True)
        links += [through(auditentry_id=entry.pk, organisation_id=org) for org in set(readers) if org]
    through.objects.bulk_create(links, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [("companies", "0004_company_name_trigram"), ("core", "0002_audit_visibility")]

    operations = [migrations.RunPython(restrict, migrations.RunPython.noop)]
