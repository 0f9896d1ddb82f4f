from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "peerwork.participation"
    label = "participation"

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.navigation import NavEntry, menu
        from peerwork.peers import hooks as peer_hooks

        from . import demo, panels

        peer_hooks.peer_page_panels.register("participation", panels.staff_panel, order=2)
        peer_hooks.mywork_panels.register("participation", panels.my_work_panel, order=2)
        menu.register(
            "participation",
            NavEntry(_("Activities"), "participation:index", "can_view_peers", "people"),
            order=21,
        )
        # No menu entry for peers (their bar holds seven): the "Taking part" panel on My work leads there.
        builders.register("participation", demo.build, order=34)
