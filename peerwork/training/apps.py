from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "peerwork.training"
    label = "training"

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.navigation import NavEntry, menu
        from peerwork.peers import hooks as peer_hooks

        from . import demo, panels

        peer_hooks.peer_page_panels.register("training", panels.staff_panel, order=2)
        peer_hooks.mywork_panels.register("training", panels.my_work_panel, order=2)
        menu.register(
            "training", NavEntry(_("Training"), "training:index", "can_view_peers", "people"), order=20
        )
        menu.register(
            "training.courses",
            NavEntry(_("Courses"), "training:courses", "can_manage_training", "people"),
            order=31,
        )
        builders.register("training.courses", demo.build_courses, order=30)
        builders.register("training.sessions", demo.build_sessions, order=33)
