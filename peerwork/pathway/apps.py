from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "peerwork.pathway"
    label = "pathway"
