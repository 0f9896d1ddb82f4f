from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathwayConfig(AppConfig):
    name = "peerwork.pathway"
    label = "pathway"

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.navigation import NavEntry, menu
        from peerwork.peers import hooks as peer_hooks

        from . import demo, panels, selectors, services
        from .mentoring import demo as mentoring_demo
        from .mentoring import panels as mentoring_panels

        peer_hooks.ladder_summaries.register(selectors.ladder_summaries_for)
        peer_hooks.ladder_stages.register(selectors.ladder_stage_choices)
        peer_hooks.stage_column.register(selectors.stage_column)
        peer_hooks.peer_created.register("pathway.start", services.peer_created_place_on_ladder, order=10)
        peer_hooks.peer_page_panels.register("pathway", panels.staff_panel, order=1)
        peer_hooks.mywork_panels.register("pathway", panels.my_work_panel, order=1)
        peer_hooks.peer_page_panels.register("pathway.mentoring", mentoring_panels.staff_panel, order=2)
        peer_hooks.mywork_panels.register("pathway.mentoring", mentoring_panels.my_work_panel, order=2)
        menu.register(
            "pathway.ladder", NavEntry(_("Ladder"), "pathway:ladder", "can_manage_ladder", "people"), order=30
        )
        menu.register(
            "pathway.mentoring",
            NavEntry(_("Mentoring"), "pathway:mentoring", "can_manage_mentoring", "support"),
            order=62,
        )
        builders.register("pathway", demo.build, order=35)
        builders.register("pathway.mentoring", mentoring_demo.build, order=36)
        builders.register("pathway.hours_before", demo.build_hours_before, order=37)
