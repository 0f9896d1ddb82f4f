from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "peerwork.casework"
    label = "casework"
    verbose_name = _("One-to-one peer support")

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.pathway import hooks as pathway_hooks
        from peerwork.peers import hooks as peer_hooks

        from . import demo, panels, selectors

        pathway_hooks.more_hours_many.register("casework", selectors.session_hours_many)
        peer_hooks.mywork_panels.register("casework", panels.mywork_panel, order=6)
        peer_hooks.peer_page_panels.register("casework", panels.peer_page_panel, order=6)
        builders.register("casework", demo.build, order=85)
