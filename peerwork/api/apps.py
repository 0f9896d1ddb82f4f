from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "peerwork.api"
    label = "api"
