from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "peerwork.orgs"
    label = "orgs"
