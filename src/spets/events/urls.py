"""Event pages under /events/ (namespace `events`); a participant's own page under /events/r/<token>/."""

from django.urls import path

from spets.events.views import events, link, participants

app_name = "events"

urlpatterns = [
    path("", events.event_list, name="list"),
    path("new/", events.event_new, name="new"),
    path("<int:event_id>/", events.event_detail, name="detail"),
    path("<int:event_id>/edit/", events.event_edit, name="edit"),
    path("<int:event_id>/event.ics", events.event_ics, name="ics"),
    path("<int:event_id>/pick/", events.pick, name="pick"),
    path("<int:event_id>/register/", participants.register, name="register"),
    path("<int:event_id>/registrations/<int:registration_id>/cancel/", participants.cancel, name="cancel"),
    path("<int:event_id>/invite/", participants.invite, name="invite"),
    path("<int:event_id>/invite-cohort/", participants.invite_cohort, name="invite_cohort"),
    path("<int:event_id>/attendance/", participants.attendance_page, name="attendance"),
    path("<int:event_id>/participants.xlsx", participants.participants_xlsx, name="participants_xlsx"),
    path("r/<str:token>/", link.link_page, name="link"),
    path("r/<str:token>/event.ics", link.link_ics, name="link_ics"),
]
