from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayConfig(AppConfig):
    name = "peerwork.pay"
    label = "pay"
    verbose_name = _("Pay")

    def ready(self) -> None:
        from peerwork.core.demo import builders
        from peerwork.core.navigation import NavEntry, menu
        from peerwork.peers import hooks as peer_hooks
        from peerwork.shifts import hooks as shift_hooks

        from . import contributions, demo, demo_contracts, salary, selectors

        shift_hooks.earnings_headroom.register(selectors.week_headroom)
        shift_hooks.weekly_hours_limit.register(selectors.week_hours_limit)
        shift_hooks.earnings_limits.register(selectors.week_limit_rules)
        shift_hooks.shift_earnings.register(selectors.shift_earnings)
        shift_hooks.contract_limit_warning.register(salary.contract_limit_warning)
        shift_hooks.assignment_checked_out.register("pay", contributions.payout_after_check_out)
        peer_hooks.earnings_flags.register(selectors.earnings_flags)
        peer_hooks.mywork_panels.register("pay", contributions.mywork_pay_panel, order=30)
        peer_hooks.peer_page_panels.register("pay", contributions.peer_page_pay_panel, order=30)
        builders.register("pay", demo.build, order=60)
        builders.register("pay.contracts", demo_contracts.build, order=62)
        menu.register("pay_desk", NavEntry(_("Payouts"), "pay:desk", "can_record_payout", "pay"), order=40)
        menu.register(
            "pay_cash", NavEntry(_("Cash boxes"), "pay:cash_boxes", "can_manage_cash_box", "pay"), order=41
        )
        menu.register("pay_mine", NavEntry(_("My pay"), "pay:my_pay", "is_peer"), order=42)
        menu.register(
            "pay_export", NavEntry(_("Pay export"), "pay:export", "can_export_pay", "pay"), order=60
        )
        menu.register(
            "pay_rates", NavEntry(_("Pay rates"), "pay:rates", "can_manage_pay_rates", "pay"), order=61
        )
        menu.register(
            "pay_rules",
            NavEntry(_("Earnings limits"), "pay:rules", "can_manage_pay_rates", "pay"),
            order=62,
        )
