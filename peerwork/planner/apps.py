from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "peerwork.planner"
    label = "planner"
