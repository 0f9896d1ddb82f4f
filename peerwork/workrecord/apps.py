from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkRecordConfig(AppConfig):
    name = "peerwork.workrecord"
    label = "workrecord"

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.home import landing_pages
        from peerwork.core.navigation import NavEntry, menu
        from peerwork.peers import hooks as peer_hooks

        from . import achievements, demo, panels
        from .contribution import contribution_section
        from .sections import sections

        peer_hooks.peer_page_panels.register("workrecord", panels.staff_panel, order=8)
        peer_hooks.mywork_panels.register("workrecord", panels.my_work_panel, order=9)
        # No menu entry for peers (their bar holds seven): the panel on My work leads to the record.
        menu.register(
            "workrecord.settings",
            NavEntry(_("Work records"), "workrecord:settings", "can_manage_organisation", "setup"),
            order=62,
        )
        # A peer who has left signs in to their work record and sees nothing else of the programme.
        menu.register(
            "workrecord.former",
            NavEntry(_("My work record"), "workrecord:mine", "is_former_peer"),
            order=5,
        )
        landing_pages.register("workrecord.former", ("is_former_peer", "workrecord:mine"), order=5)
        builders.register("workrecord", demo.build, order=190)
        sections.register("growth", achievements.growth_section, order=10)
        sections.register("services.contribution", contribution_section, order=5)
