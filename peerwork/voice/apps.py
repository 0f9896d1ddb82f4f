from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "peerwork.voice"
    label = "voice"
    verbose_name = _("Voice")

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.peers import hooks as peer_hooks

        from . import demo, panels

        peer_hooks.mywork_panels.register("voice", panels.mywork_panel, order=60)
        builders.register("voice", demo.build, order=100)
