from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrowthConfig(AppConfig):
    name = "peerwork.growth"
    label = "growth"
    verbose_name = _("Placements and competences")

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.navigation import NavEntry, menu
        from peerwork.pathway import hooks as pathway_hooks
        from peerwork.peers import hooks as peer_hooks

        from . import demo, panels, selectors

        pathway_hooks.goals_achieved_many.register(selectors.goals_achieved_many)
        pathway_hooks.competence_needs.register(selectors.competence_needs)
        pathway_hooks.competence_levels_many.register(selectors.competence_levels_many)
        peer_hooks.mywork_panels.register("growth", panels.mywork_panel, order=5)
        peer_hooks.peer_page_panels.register("growth", panels.peer_page_panel, order=5)
        menu.register(
            "growth.plans",
            NavEntry(_("Placement plans"), "growth:plans", "can_plan_placements", "support"),
            order=63,
        )
        menu.register(
            "growth.framework",
            # Beside placement plans and questionnaires (Set-up already holds seven entries).
            NavEntry(_("Competences"), "growth:framework", "can_manage_competences", "support"),
            order=64,
        )
        # No menu entry for peers: their bar is full (seven entries); My work's panel leads to the page.
        builders.register("growth", demo.build, order=95)
