from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "peerwork.services"
    label = "services"

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.navigation import NavEntry, menu

        from . import demo

        menu.register(
            "services.log", NavEntry(_("Log services"), "services:home", "can_log_services"), order=40
        )
        menu.register(
            "services.today", NavEntry(_("Services today"), "services:today", "can_view_services"), order=41
        )
        menu.register(
            "services.sharps", NavEntry(_("Sharps"), "services:sharps", "can_view_services"), order=42
        )
        menu.register(
            "services.overdoses",
            NavEntry(_("Overdose responses"), "services:overdoses", "can_view_overdose_responses"),
            order=43,
        )
        menu.register("services.stock", NavEntry(_("Stock"), "services:stock", "can_view_services"), order=44)
        menu.register(
            "services.catalogue",
            NavEntry(_("Supply catalogue"), "services:catalogue", "can_manage_stock", section="admin"),
            order=45,
        )
        menu.register(
            "services.import",
            NavEntry(_("Import service records"), "services:import", "can_import_records", section="admin"),
            order=46,
        )
        builders.register("services", demo.build, order=70)
