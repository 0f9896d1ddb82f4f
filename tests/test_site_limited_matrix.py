"""A staff member limited to some sites, asked for another site's objects (accounts/sites.py).

Each route below shows or changes an object tied to organisation A's first site (the builders of
tests/<app>/matrix.py put everything there; peers and report templates are placed there too).
A staff member of A limited to A's *other* site must get 404 (or 403 where the role may not act
at all); the same staff limited to the first site still gets through, and organisation B gets
404 as always.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from peerwork.accounts.models import Membership
from peerwork.insights.models import ReportTemplate
from peerwork.peers.models import PeerWorker

from .matrix import collect
from .personas import OrgPersonas
from .test_cross_org_matrix import _ask

ROUTES, _SEEDS, _SKIP = collect()

SITE_BOUND = [
    # contracts: paid from a site, so seen by the staff of that site
    "shifts:contract",
    "shifts:contract_pdf",
    "api:contract_detail",
    # shifts: the shift, its sign-ups, places and check-in desk
    "shifts:shift",
    "shifts:shift_edit",
    "shifts:shift_cancel",
    "shifts:assignment_give_back",
    "shifts:sms_conversation",
    "api:sms_shift_offers",
    "api:sms_peer_messages",
    "shifts:draw",
    "shifts:template_stop",
    "shifts:decision_edit",
    "shifts:desk_check_in",
    "shifts:desk_check_out",
    "api:shift_get",
    "api:shift_signup_list",
    "api:shift_signup_create",
    "api:shift_attendance_list",
    "api:shift_attendance_check_in",
    "api:shift_attendance_check_out",
    # casework: a client follows their worker's sites
    "casework:client",
    "casework:session_add",
    "casework:referral_follow_up",
    "api:casework_client",
    "api:casework_sessions",
    # pay: payouts, cash boxes, a peer's pay
    "pay:payout_detail",
    "pay:payout_pay",
    "pay:receipt",
    "pay:entry_reverse",
    "pay:cash_box_detail",
    "pay:cash_box_sign_off",
    "pay:peer_pay",
    "pay:peer_statement",
    "pay:peer_rule",
    "pay:peer_choice",
    "api:pay_payout_get",
    "api:pay_payout_pay",
    "api:pay_entry_reverse",
    "api:pay_cash_box_get",
    "api:pay_cash_box_close",
    "api:pay_statement",
    "api:pay_headroom",
    # services
    "services:entry",
    "api:services_log",
    "api:services_event",
    # training sessions and a peer's certifications
    "training:session",
    "training:certification_add",
    "api:session_get",
    "api:attendance_list",
    "api:attendance_put",
    # peers, and the pages about one peer
    "peers:detail",
    "peers:edit",
    "peers:sensitive",
    "peers:pin",
    "peers:card",
    "peers:card_pdf",
    "peers:card_reissue",
    "peers:break",
    "peers:return",
    "peers:leave",
    "api:peer_get",
    "api:peer_patch",
    "api:peer_private",
    "api:peer_break",
    "api:peer_come_back",
    "api:peer_leave",
    "api:peer_pin",
    "pathway:promote",
    "pathway:step_back",
    "api:eligibility_get",
    "api:stage_history_list",
    "api:peer_promote",
    "assessments:person",
    "assessments:result",
    "api:assessments_response_detail",
    "api:assessments_response_scores",
    "support:peer_support",
    "support:session_detail",
    "support:debrief_detail",
    "api:support_session",
    "api:support_debrief",
    "api:support_role_fit_peer",
    "privacy:peer_export",
    "privacy:peer_erase",
    "api:privacy_peer_export",
    "api:privacy_peer_erase",
    # mentoring pairings (through the mentor's or the new peer's sites)
    "pathway:mentorship_end",
    "api:mentorship_end_api",
    # funder reports over the first site
    "insights:report_template_edit",
    "insights:report_run_create",
    "insights:report_run",
    "insights:report_run_status",
    "insights:report_download",
    "api:insights_report_template",
    "api:insights_report_run_create",
    "api:insights_report_run",
    "api:insights_report_file",
    # sites themselves and the kiosks at them
    "orgadmin:site_edit",
    "orgadmin:site_deactivate",
    "orgadmin:kiosk_link",
    "orgadmin:kiosk_revoke",
]

REFUSED = (403, 404)


def _limit_staff_to(a: OrgPersonas, site) -> None:  # type: ignore[no-untyped-def]
    for membership in Membership.objects.filter(organisation=a.org).exclude(role="peer"):
        membership.sites.set([site])


def _staff(a: OrgPersonas) -> tuple:  # type: ignore[type-arg]
    return (a.admin, a.coordinator, a.supervisor, a.evaluator)


def test_the_list_names_routes_of_the_matrix():
    assert sorted(set(SITE_BOUND) - set(ROUTES)) == []


@pytest.mark.parametrize("route_name", SITE_BOUND)
def test_staff_limited_to_another_site_get_404(route_name, org_a, org_b, client_for):
    spec = dict(ROUTES[route_name](org_a))
    for peer in PeerWorker.objects.filter(organisation=org_a.org, sites__isnull=True):
        peer.sites.add(org_a.site)
    for template in ReportTemplate.objects.filter(organisation=org_a.org, sites__isnull=True):
        template.sites.add(org_a.site)
    post = spec.pop("__post__", None)
    as_json = spec.pop("__json__", False)
    url = reverse(route_name, kwargs=spec)

    _limit_staff_to(org_a, org_a.other_site)
    limited = {u.username: _ask(client_for(u), url, post, as_json).status_code for u in _staff(org_a)}
    assert all(code in REFUSED for code in limited.values()), f"{route_name}: {limited}"
    assert 404 in limited.values(), f"{route_name}: {limited}"

    for user in (org_b.admin, org_b.coordinator):
        assert _ask(client_for(user), url, post, as_json).status_code in REFUSED

    _limit_staff_to(org_a, org_a.site)
    own = {u.username: _ask(client_for(u), url, post, as_json).status_code for u in _staff(org_a)}
    assert any(code not in REFUSED for code in own.values()), f"{route_name} refused its own site: {own}"
