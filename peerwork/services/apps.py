from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "peerwork.services"
    label = "services"
