"""Pages under /programme/ (namespace "programme")."""

from django.urls import path

from spets.programme.views import costs as cost_views  # part C: time and cost, yearly figures, impact
from spets.programme.views import deminimis
from spets.programme.views import figures as figure_views
from spets.programme.views import impact as impact_views
from spets.programme.views import indicators as indicator_views  # part A: set-up, indicators, reports
from spets.programme.views import overview as overview_views
from spets.programme.views import participants as participant_views
from spets.programme.views import periods as period_views
from spets.programme.views import report as report_views
from spets.programme.views import time as time_views

app_name = "programme"

urlpatterns: list = [
    path("deminimis/", deminimis.register, name="deminimis_register"),
    path("deminimis/export.<str:fmt>", deminimis.register_export, name="deminimis_export"),
    path("deminimis/rates/", deminimis.rates, name="deminimis_rates"),
    path("deminimis/company/<int:company_id>/", deminimis.company_ledger, name="deminimis_company"),
    path(
        "deminimis/company/<int:company_id>/declaration/",
        deminimis.declaration_new,
        name="deminimis_declaration",
    ),
    path(
        "deminimis/company/<int:company_id>/certificate.pdf",
        deminimis.certificate,
        name="deminimis_certificate",
    ),
]

# Part C: time reports, costs against budget, yearly figures import, impact.
urlpatterns += [
    path("time/", time_views.time_home, name="time"),
    path("time/<int:person_id>/<int:year>/<int:month>/", time_views.time_person, name="time_person"),
    path(
        "time/<int:person_id>/<int:year>/<int:month>/entry/", time_views.time_entry_add, name="time_entry_add"
    ),
    path(
        "time/<int:person_id>/<int:year>/<int:month>/correction/",
        time_views.time_correction,
        name="time_correction",
    ),
    path("time/<int:person_id>/<int:year>/<int:month>/salary/", time_views.time_salary, name="time_salary"),
    path("time/entry/<int:entry_id>/delete/", time_views.time_entry_delete, name="time_entry_delete"),
    path(
        "time/organisation/<int:organisation_id>/<int:year>/<int:month>/",
        time_views.time_organisation,
        name="time_organisation",
    ),
    path(
        "time/organisation/<int:organisation_id>/<int:year>/<int:month>/approve/",
        time_views.time_approve,
        name="time_approve",
    ),
    path(
        "time/organisation/<int:organisation_id>/<int:year>/<int:month>/reopen/",
        time_views.time_reopen,
        name="time_reopen",
    ),
    path("time/programme/<int:year>/<int:month>/", time_views.time_programme, name="time_programme"),
    path("time/leader/<int:participant_id>/", time_views.time_leader, name="time_leader"),
    path("time/export.xlsx", time_views.time_export_view, name="time_export"),
    path("costs/", cost_views.costs, name="costs"),
    path("costs/expense/", cost_views.expense_add, name="expense_add"),
    path("costs/expense/<int:expense_id>/delete/", cost_views.expense_delete, name="expense_delete"),
    path("impact/", impact_views.impact, name="impact"),
    path("figures/import/", figure_views.figures_import, name="figures_import"),
    path("figures/import/<str:token>/", figure_views.figures_import_confirm, name="figures_import_confirm"),
]

# Part A: the overview, project set-up, progress reports, the figures behind them, participant lists.
urlpatterns += [
    path("", overview_views.overview, name="overview"),
    path("setup/", overview_views.setup, name="setup"),
    path("periods/<int:period_id>/", report_views.report, name="report"),
    path("periods/<int:period_id>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("periods/<int:period_id>/figures/<str:indicator>/", indicator_views.figure, name="figure"),
    path("periods/<int:period_id>/participants/", participant_views.participants, name="participants"),
    path(
        "periods/<int:period_id>/participants.<str:fmt>",
        participant_views.participants_download,
        name="participants_download",
    ),
    path("periods/<int:period_id>/close/", period_views.close_period, name="close_period"),
    path("periods/<int:period_id>/close/confirm/", period_views.close_confirm, name="close_confirm"),
    path("periods/<int:period_id>/reopen/", period_views.reopen_period, name="reopen_period"),
    path("periods/<int:period_id>/sections/<str:key>/", period_views.section, name="section"),
    path("companies/<int:company_id>/outcomes/", indicator_views.outcomes, name="outcomes"),
]
