"""Assessment pages under /assessment/ (namespace `assessment`)."""

from django.urls import path

from spets.assessment.views import assessments, outputs, public

app_name = "assessment"

urlpatterns = [
    path("", assessments.assessment_list, name="list"),
    path("new/", assessments.assessment_new, name="new"),
    path("dashboard/", outputs.dashboard, name="dashboard"),
    path("export/", outputs.export, name="export"),
    path("<int:assessment_id>/", assessments.assessment_detail, name="detail"),
    path("<int:assessment_id>/interview/", assessments.interview, name="interview"),
    path("<int:assessment_id>/answer/", assessments.answer, name="answer"),
    path("<int:assessment_id>/respondents/", assessments.respondent_new, name="respondent_new"),
    path("<int:assessment_id>/complete/", assessments.complete, name="complete"),
    path("<int:assessment_id>/consistency/", assessments.consistency, name="consistency"),
    path("<int:assessment_id>/links/", assessments.link_new, name="link_new"),
    path("<int:assessment_id>/follow-up/", assessments.follow_up, name="follow_up"),
    path("<int:assessment_id>/compare/", assessments.compare_page, name="compare"),
    path("<int:assessment_id>/plan/", assessments.plan_new, name="plan_new"),
    path("<int:assessment_id>/report.pdf", outputs.report_pdf, name="report"),
    path("links/<int:link_id>/revoke/", assessments.link_revoke, name="link_revoke"),
    path("plan/<int:item_id>/", assessments.plan_update, name="plan_update"),
    path("companies/<int:company_id>/priorities/", assessments.priorities, name="priorities"),
    path("s/<str:token>/", public.self_assessment, name="self"),
    path("s/<str:token>/answer/", public.self_answer, name="self_answer"),
    path("s/<str:token>/submit/", public.self_submit, name="self_submit"),
    path("s/<str:token>/report.pdf", public.self_report, name="self_report"),
]
