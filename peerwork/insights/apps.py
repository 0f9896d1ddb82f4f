from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "peerwork.insights"
    label = "insights"
