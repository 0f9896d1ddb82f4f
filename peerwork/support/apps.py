from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "peerwork.support"
    label = "support"
