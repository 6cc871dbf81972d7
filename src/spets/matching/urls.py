from django.urls import path

from spets.matching.views import cohorts, network, offers

app_name = "matching"

urlpatterns = [
    path("", cohorts.cohort_list, name="cohorts"),
    path("cohorts/propose/", cohorts.propose, name="propose"),
    path("cohorts/new/", cohorts.create, name="create"),
    path("cohorts/<int:cohort_id>/", cohorts.cohort, name="cohort"),
    path("cohorts/<int:cohort_id>/edit/", cohorts.edit, name="edit"),
    path("cohorts/<int:cohort_id>/add/", cohorts.add, name="add"),
    path("cohorts/<int:cohort_id>/invite/", cohorts.invite, name="invite"),
    path("cohorts/<int:cohort_id>/members/<int:company_id>/<str:action>/", cohorts.member, name="member"),
    path("company/<int:company_id>/", offers.company, name="company"),
    path("company/<int:company_id>/offers/<int:offer_id>/refer/", offers.refer, name="refer"),
    path("company/<int:company_id>/consent/", offers.consent, name="consent"),
    path("company/<int:company_id>/consent/withdraw/", offers.consent_withdraw, name="consent_withdraw"),
    path("peers/", network.peers, name="peers"),
    path("network/", network.network, name="network"),
]
