from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "spets.assessment"
    label = "assessment"
