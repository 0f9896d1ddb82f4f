from django.apps import AppConfig


class ShiftsConfig(AppConfig):
    name = "peerwork.shifts"
    label = "shifts"
