from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "peerwork.assessments"
    label = "assessments"
