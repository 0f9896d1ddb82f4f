from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    name = "peerwork.peers"
    label = "peers"

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.home import landing_pages
        from peerwork.core.navigation import NavEntry, menu

        from . import demo, hooks, phones

        menu.register("peers.my_work", NavEntry(_("My work"), "peers:my_work", "is_peer"), order=5)
        menu.register("peers.list", NavEntry(_("People"), "peers:list", "can_view_peers", "people"), order=10)
        menu.register(
            "peers.onboard",
            NavEntry(_("Add a peer"), "peers:onboard", "can_manage_peers", "people"),
            order=11,
        )
        menu.register(
            "peers.phones",
            NavEntry(_("Peers' phones"), "peers:phones", "can_manage_peer_phones", "people"),
            order=12,
        )
        hooks.peer_page_panels.register("peers.phone", phones.staff_panel, order=90)
        landing_pages.register("peers.my_work", ("is_peer", "peers:my_work"), order=10)
        landing_pages.register("peers.list", ("can_view_peers", "peers:list"), order=20)
        builders.register("peers", demo.build, order=31)
