from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "peerwork.audit"
    label = "audit"
