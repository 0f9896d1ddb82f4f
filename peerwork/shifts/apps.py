from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShiftsConfig(AppConfig):
    name = "peerwork.shifts"
    label = "shifts"

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.navigation import NavEntry, menu
        from peerwork.pathway import hooks as ladder
        from peerwork.peers import hooks as peer_hooks

        from . import demo, panels, selectors

        ladder.hours_worked.register(selectors.hours_worked)
        ladder.hours_worked_many.register(selectors.hours_worked_many)
        ladder.last_shift_dates.register(selectors.last_shift_dates)
        ladder.next_stage_opportunities.register(selectors.next_stage_opportunities)
        peer_hooks.mywork_panels.register("shifts.next", panels.my_next_shifts, order=3)
        peer_hooks.mywork_panels.register("shifts.open", panels.open_shifts_for_me, order=4)
        peer_hooks.peer_page_panels.register("shifts", panels.staff_shifts, order=3)
        menu.register("shifts.week", NavEntry(_("Shifts"), "shifts:week", "can_manage_shifts"), order=20)
        menu.register("shifts.runs", NavEntry(_("Allocation"), "shifts:runs", "can_run_allocation"), order=21)
        menu.register("shifts.desk", NavEntry(_("Check-in"), "shifts:desk", "can_check_in_peers"), order=22)
        menu.register("shifts.open", NavEntry(_("Open shifts"), "shifts:open", "is_peer"), order=6)
        menu.register("shifts.mine", NavEntry(_("My shifts"), "shifts:mine", "is_peer"), order=7)
        menu.register(
            "shifts.roles",
            NavEntry(_("Roles and shifts"), "shifts:roles", "can_manage_shifts", "admin"),
            order=40,
        )
        builders.register("shifts", demo.build, order=50)
