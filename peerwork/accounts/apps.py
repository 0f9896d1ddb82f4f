from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from peerwork.core.demo import builders, sign_in_help
from peerwork.core.navigation import NavEntry, menu


class AccountsConfig(AppConfig):
    name = "peerwork.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import demo

        menu.register(
            "accounts.settings",
            NavEntry(_("Organisation"), "orgadmin:settings", "can_manage_organisation", "setup"),
            order=900,
        )
        menu.register(
            "accounts.sites",
            NavEntry(_("Sites"), "orgadmin:sites", "can_manage_organisation", "setup"),
            order=910,
        )
        menu.register(
            "accounts.members",
            NavEntry(_("Staff members"), "orgadmin:members", "can_manage_members", "setup"),
            order=920,
        )
        menu.register(
            "accounts.kiosks",
            NavEntry(_("Kiosks"), "orgadmin:kiosks", "can_manage_kiosks", "setup"),
            order=930,
        )
        menu.register(
            "accounts.audit",
            NavEntry(_("Audit trail"), "orgadmin:audit", "can_view_audit", "setup"),
            order=990,
        )
        builders.register("accounts", demo.build, order=20)
        sign_in_help.register(demo.sign_in_lines)
