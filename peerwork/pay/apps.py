from django.apps import AppConfig


class PayConfig(AppConfig):
    name = "peerwork.pay"
    label = "pay"
