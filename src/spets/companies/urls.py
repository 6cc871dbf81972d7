"""Register pages under /companies/ (namespace `companies`); import, merge and export under /companies/io/."""

from django.urls import path

from spets.companies.views import activities, companies, contacts, exports, imports, merge, offers, referrals

app_name = "companies"

urlpatterns = [
    path("", companies.search, name="search"),
    path("new/", companies.company_new, name="new"),
    path("<int:company_id>/", companies.detail, name="detail"),
    path("<int:company_id>/panels/", companies.panels, name="panels"),
    path("<int:company_id>/timeline/", companies.timeline_more, name="timeline"),
    path("<int:company_id>/edit/", companies.company_edit, name="edit"),
    path("<int:company_id>/contacts/new/", contacts.contact_new, name="contact_new"),
    path("<int:company_id>/activities/new/", activities.activity_new, name="activity_new"),
    path("<int:company_id>/referrals/new/", referrals.referral_new, name="referral_new"),
    path("contacts/<int:contact_id>/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_id>/export.json", contacts.contact_export, name="contact_export"),
    path("contacts/<int:contact_id>/erase/", contacts.contact_erase, name="contact_erase"),
    path("referrals/", referrals.referrals, name="referrals"),
    path("referrals/<int:referral_id>/<str:action>/", referrals.referral_answer, name="referral_answer"),
    path("offers/", offers.offers, name="offers"),
    path("offers/new/", offers.offer_new, name="offer_new"),
    path("offers/<int:offer_id>/", offers.offer_edit, name="offer_edit"),
    path("io/import/", imports.import_upload, name="import_upload"),
    path("io/import/<str:import_id>/mapping/", imports.import_mapping, name="import_mapping"),
    path("io/import/<str:import_id>/preview/", imports.import_preview, name="import_preview"),
    path("io/import/<str:import_id>/confirm/", imports.import_confirm, name="import_confirm"),
    path("io/import/<str:import_id>/result/", imports.import_result, name="import_result"),
    path("io/import/job/<str:job_id>/", imports.import_job, name="import_job"),
    path("io/merge/", merge.merge_start, name="merge_start"),
    path("io/merge/<int:survivor_id>/<int:other_id>/", merge.merge, name="merge"),
    path("io/export/<str:list_name>.<str:fmt>", exports.export, name="export"),
]
