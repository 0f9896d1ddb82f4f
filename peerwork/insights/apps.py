from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "peerwork.insights"
    label = "insights"

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.home import landing_pages
        from peerwork.core.navigation import NavEntry, menu

        from . import (  # noqa: F401
            demo,
            follow,
            indicators,
            indicators_casework,
            indicators_contracts,
            indicators_ladder,
            indicators_support,
            indicators_voice,
            indicators_way_on,
        )

        follow.connect()
        menu.register(
            "insights.dashboard",
            NavEntry(_("Dashboard"), "insights:dashboard", "can_view_dashboard", "insights"),
            order=50,
        )
        menu.register(
            "insights.reports",
            NavEntry(_("Reports"), "insights:reports", "can_run_reports", "insights"),
            order=51,
        )
        # Evaluators land on the dashboard: after supervisors' page (15), before the people list (20).
        landing_pages.register("insights.dashboard", ("can_view_dashboard", "insights:dashboard"), order=18)
        builders.register("insights", demo.build, order=200)
