from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "peerwork.training"
    label = "training"
