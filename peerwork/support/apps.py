from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "peerwork.support"
    label = "support"
    verbose_name = _("Support")

    def ready(self) -> None:
        from peerwork.casework.selectors import sessions_on_shifts
        from peerwork.core.demo import builders
        from peerwork.core.home import landing_pages
        from peerwork.core.navigation import NavEntry, menu
        from peerwork.pathway import hooks as pathway_hooks
        from peerwork.peers import hooks as peer_hooks
        from peerwork.services import hooks as service_hooks

        from . import demo, panels
        from .honoraria import offshift_response_pay
        from .hooks import logged_work
        from .selectors.debriefs import debrief_states
        from .selectors.supervision import supervision_hours, supervision_hours_many
        from .services import debrief_offers_on_response

        pathway_hooks.supervision_hours.register(supervision_hours)
        pathway_hooks.supervision_hours_many.register(supervision_hours_many)
        service_hooks.overdose_response_recorded.register(
            "support.debrief_offers", debrief_offers_on_response
        )
        service_hooks.debrief_states.register(debrief_states)
        # One-to-one sessions held on a worked shift's day are duties done in role fit.
        logged_work.register("casework.sessions", sessions_on_shifts)
        service_hooks.offshift_response_paid.register(offshift_response_pay)
        peer_hooks.mywork_panels.register("support", panels.mywork_panel, order=40)
        peer_hooks.peer_page_panels.register("support", panels.peer_page_panel, order=40)
        menu.register(
            "support.dashboard",
            NavEntry(_("Support"), "support:dashboard", "can_supervise", "support"),
            order=40,
        )
        menu.register("support.mine", NavEntry(_("My support"), "support:mine", "is_peer"), order=6)
        # Supervisors land on their dashboard, before the people list (order 20).
        landing_pages.register("support.dashboard", ("can_supervise", "support:dashboard"), order=15)
        builders.register("support", demo.build, order=90)
