from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    name = "peerwork.peers"
    label = "peers"

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.home import landing_pages
        from peerwork.core.navigation import NavEntry, menu

        from . import demo

        menu.register("peers.my_work", NavEntry(_("My work"), "peers:my_work", "is_peer"), order=5)
        menu.register("peers.list", NavEntry(_("People"), "peers:list", "can_view_peers"), order=10)
        menu.register(
            "peers.onboard", NavEntry(_("Add a peer"), "peers:onboard", "can_manage_peers"), order=11
        )
        landing_pages.register("peers.my_work", ("is_peer", "peers:my_work"), order=10)
        landing_pages.register("peers.list", ("can_view_peers", "peers:list"), order=20)
        builders.register("peers", demo.build, order=31)
