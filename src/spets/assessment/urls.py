"""Assessment pages under /assessment/ (namespace `assessment`)."""

from django.urls import path

from spets.assessment import views, views_output, views_public

app_name = "assessment"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_new, name="new"),
    path("dashboard/", views_output.dashboard, name="dashboard"),
    path("export/", views_output.export, name="export"),
    path("<int:assessment_id>/", views.assessment_detail, name="detail"),
    path("<int:assessment_id>/interview/", views.interview, name="interview"),
    path("<int:assessment_id>/answer/", views.answer, name="answer"),
    path("<int:assessment_id>/respondents/", views.respondent_new, name="respondent_new"),
    path("<int:assessment_id>/complete/", views.complete, name="complete"),
    path("<int:assessment_id>/consistency/", views.consistency, name="consistency"),
    path("<int:assessment_id>/links/", views.link_new, name="link_new"),
    path("<int:assessment_id>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:assessment_id>/compare/", views.compare_page, name="compare"),
    path("<int:assessment_id>/plan/", views.plan_new, name="plan_new"),
    path("<int:assessment_id>/report.pdf", views_output.report_pdf, name="report"),
    path("links/<int:link_id>/revoke/", views.link_revoke, name="link_revoke"),
    path("plan/<int:item_id>/", views.plan_update, name="plan_update"),
    path("companies/<int:company_id>/priorities/", views.priorities, name="priorities"),
    path("s/<str:token>/", views_public.self_assessment, name="self"),
    path("s/<str:token>/answer/", views_public.self_answer, name="self_answer"),
    path("s/<str:token>/submit/", views_public.self_submit, name="self_submit"),
]
