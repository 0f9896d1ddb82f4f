from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlannerConfig(AppConfig):
    name = "peerwork.planner"
    label = "planner"

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.navigation import NavEntry, menu

        from . import demo

        menu.register(
            "planner", NavEntry(_("Planner"), "planner:index", "can_use_planner", "insights"), order=52
        )
        # After the insights demo (200): scenarios calibrate on the finished demo history.
        builders.register("planner", demo.build, order=210)
