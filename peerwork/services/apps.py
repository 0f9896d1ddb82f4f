from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "peerwork.services"
    label = "services"

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.navigation import NavEntry, menu
        from peerwork.peers import hooks as peer_hooks
        from peerwork.shifts import hooks as shift_hooks

        from . import demo
        from .views.contribution import mywork_panel, peer_page_panel

        peer_hooks.mywork_panels.register("services.contribution", mywork_panel, order=5)
        peer_hooks.peer_page_panels.register("services.contribution", peer_page_panel, order=45)
        shift_hooks.service_log_url.register(lambda shift: reverse("services:entry", args=[shift.pk]))
        menu.register(
            "services.log",
            NavEntry(_("Log services"), "services:home", "can_log_services", "services"),
            order=40,
        )
        menu.register(
            "services.today",
            NavEntry(_("Services today"), "services:today", "can_view_services", "services"),
            order=41,
        )
        menu.register(
            "services.sharps",
            NavEntry(_("Sharps"), "services:sharps", "can_view_services", "services"),
            order=42,
        )
        menu.register(
            "services.overdoses",
            NavEntry(
                _("Overdose responses"), "services:overdoses", "can_view_overdose_responses", "services"
            ),
            order=43,
        )
        menu.register(
            "services.stock",
            NavEntry(_("Stock"), "services:stock", "can_view_services", "services"),
            order=44,
        )
        menu.register(
            "services.catalogue",
            NavEntry(_("Supply catalogue"), "services:catalogue", "can_manage_stock", section="services"),
            order=45,
        )
        menu.register(
            "services.import",
            NavEntry(
                _("Import service records"), "services:import", "can_import_records", section="services"
            ),
            order=46,
        )
        builders.register("services", demo.build, order=70)
        # After support (90): the off-shift response's debrief offer comes from the hook and stays open.
        builders.register("services.offshift", demo.build_offshift, order=91)
