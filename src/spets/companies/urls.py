"""Register pages under /companies/ (namespace `companies`)."""

from django.urls import include, path

from spets.companies import views, views_support

app_name = "companies"

urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.company_new, name="new"),
    path("<int:company_id>/", views.detail, name="detail"),
    path("<int:company_id>/timeline/", views.timeline, name="timeline"),
    path("<int:company_id>/edit/", views.company_edit, name="edit"),
    path("<int:company_id>/contacts/new/", views.contact_new, name="contact_new"),
    path("<int:company_id>/activities/new/", views_support.activity_new, name="activity_new"),
    path("<int:company_id>/referrals/new/", views_support.referral_new, name="referral_new"),
    path("contacts/<int:contact_id>/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_id>/export.json", views.contact_export, name="contact_export"),
    path("contacts/<int:contact_id>/erase/", views.contact_erase, name="contact_erase"),
    path("referrals/", views_support.referrals, name="referrals"),
    path("referrals/<int:referral_id>/<str:action>/", views_support.referral_answer, name="referral_answer"),
    path("offers/", views_support.offers, name="offers"),
    path("offers/new/", views_support.offer_new, name="offer_new"),
    path("offers/<int:offer_id>/", views_support.offer_edit, name="offer_edit"),
    path("api-token/", views_support.api_token, name="api_token"),
    path("io/", include("spets.companies.urls_io")),
]
