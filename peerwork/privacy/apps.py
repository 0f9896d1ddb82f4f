from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "peerwork.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from peerwork.core.navigation import NavEntry, menu
        from peerwork.peers import hooks as peer_hooks

        from . import panels

        peer_hooks.peer_page_panels.register("privacy", panels.peer_page_panel, order=90)
        peer_hooks.mywork_panels.register("privacy", panels.my_work_panel, order=90)

        menu.register(
            "privacy.index",
            NavEntry(_("Privacy and consent"), "privacy:index", "can_manage_privacy", "setup"),
            order=90,
        )
        menu.register(
            "privacy.research",
            NavEntry(_("Research export"), "privacy:research_export", "can_export_research", "insights"),
            order=91,
        )
