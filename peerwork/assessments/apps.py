from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "peerwork.assessments"
    label = "assessments"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.navigation import NavEntry, menu
        from peerwork.peers.hooks import mywork_panels, peer_page_panels

        from . import demo, panels

        menu.register(
            "assessments.mine", NavEntry(_("My check-ins"), "assessments:mine", "is_peer"), order=60
        )
        menu.register(
            "assessments.due",
            NavEntry(_("Recovery check-ins"), "assessments:due", "can_administer_assessments", "support"),
            order=60,
        )
        menu.register(
            "assessments.cohort",
            NavEntry(_("Recovery results"), "assessments:cohort", "can_view_assessment_results", "insights"),
            order=61,
        )
        menu.register(
            "assessments.instruments",
            NavEntry(_("Questionnaires"), "assessments:instruments", "can_manage_instruments", "support"),
            order=860,
        )
        mywork_panels.register("assessments", panels.mywork_panel, order=60)
        peer_page_panels.register("assessments", panels.peer_page_panel, order=60)
        builders.register("assessments", demo.build, order=80)
