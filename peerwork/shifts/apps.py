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

        from . import demo, demo_sms, demo_stretch, demo_team, panels, selectors
        from .contracts import panels as contract_panels

        ladder.hours_worked.register(selectors.hours_worked)
        ladder.hours_worked_many.register(selectors.hours_worked_many)
        ladder.last_shift_dates.register(selectors.last_shift_dates)
        ladder.next_stage_opportunities.register(selectors.next_stage_opportunities)
        ladder.new_peer_days.register(lambda organisation: selectors.policy_for(organisation).new_peer_days)
        peer_hooks.last_shift_column.register(selectors.last_shift_column)
        peer_hooks.mywork_panels.register("shifts.team", panels.my_team, order=2)
        peer_hooks.mywork_panels.register("shifts.next", panels.my_next_shifts, order=3)
        peer_hooks.mywork_panels.register("shifts.open", panels.open_shifts_for_me, order=4)
        peer_hooks.peer_page_panels.register("shifts", panels.staff_shifts, order=3)
        peer_hooks.peer_page_panels.register("shifts.contract", contract_panels.staff_contract, order=4)
        peer_hooks.mywork_panels.register("shifts.contract", contract_panels.my_contract, order=5)
        menu.register(
            "shifts.week", NavEntry(_("Shifts"), "shifts:week", "can_manage_shifts", "shifts"), order=20
        )
        menu.register(
            "shifts.runs", NavEntry(_("Allocation"), "shifts:runs", "can_run_allocation", "shifts"), order=21
        )
        menu.register(
            "shifts.desk",
            NavEntry(_("Check-in desk"), "shifts:desk", "can_check_in_peers", "shifts"),
            order=22,
        )
        menu.register(
            "shifts.fairness",
            NavEntry(_("Fairness"), "shifts:fairness", "can_view_dashboard", "shifts"),
            order=23,
        )
        menu.register(
            "shifts.work_orders",
            NavEntry(_("Work orders"), "shifts:work_orders", "can_manage_shifts", "shifts"),
            order=41,
        )
        menu.register(
            "shifts.contracts",
            NavEntry(_("Contracts"), "shifts:contracts", "can_manage_contracts", "shifts"),
            order=42,
        )
        menu.register("shifts.open", NavEntry(_("Open shifts"), "shifts:open", "is_peer"), order=6)
        menu.register("shifts.mine", NavEntry(_("My shifts"), "shifts:mine", "is_peer"), order=7)
        menu.register(
            "shifts.roles",
            NavEntry(_("Roles and shifts"), "shifts:roles", "can_manage_shifts", "shifts"),
            order=40,
        )
        builders.register("shifts", demo.build, order=50)
        builders.register("shifts.stretch", demo_stretch.build, order=55)
        builders.register("shifts.team", demo_team.build, order=51)
        # Last of the builders that change who may work (pay, contracts, leavers): its waitlist must still
        # be allowed to take the place when the demo is used, whatever the hour it was built.
        builders.register("shifts.sms", demo_sms.build, order=195)
