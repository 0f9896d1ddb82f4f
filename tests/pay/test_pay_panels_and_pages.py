from __future__ import annotations

from datetime import date

from django.utils import timezone

from peerwork.audit.models import AuditEvent
from peerwork.pay import services

from .factories import EarningsRuleFactory


def _this_month(p, amount: str) -> None:
    today = timezone.now().astimezone(p.org.zone).date()
    services.payout_create_manual(
        organisation=p.org, peer=p.peer, amount=amount, reason="outreach", earned_on=today.replace(day=1)
    )


def test_my_work_shows_the_peer_their_earnings_bar(org_a, client_for):
    rule = EarningsRuleFactory(organisation=org_a.org)
    services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on=date(2020, 1, 1), actor=org_a.admin)
    _this_month(org_a, "640.00")
    response = client_for(org_a.peer_user).get("/peers/me/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "This month" in text and "$640.00 of CA$1,000.00" in text
    assert 'class="meter-bar"' in text


def test_close_to_the_limit_warns_the_peer(org_a, client_for):
    rule = EarningsRuleFactory(organisation=org_a.org)
    services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on=date(2020, 1, 1), actor=org_a.admin)
    _this_month(org_a, "880.00")
    response = client_for(org_a.peer_user).get("/pay/me/")
    assert b"Close to the limit" in response.content
    assert b"meter-bar warn" in response.content


def test_the_staff_page_of_a_peer_shows_pay_history(org_a, client_for):
    _this_month(org_a, "12.00")
    response = client_for(org_a.coordinator).get(f"/peers/{org_a.peer.pk}/")
    assert response.status_code == 200
    assert b"Pay history and statements" in response.content
    supervisor = client_for(org_a.supervisor).get(f"/peers/{org_a.peer.pk}/")
    assert b"Pay history and statements" not in supervisor.content


def test_staff_see_the_headroom_on_the_peer_page_and_the_read_is_audited(org_a, client_for):
    rule = EarningsRuleFactory(organisation=org_a.org)
    services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on=date(2020, 1, 1), actor=org_a.admin)
    client_for(org_a.coordinator).get(f"/peers/{org_a.peer.pk}/")
    assert AuditEvent.objects.filter(action="read_sensitive", detail__fields=["earnings_rule"]).exists()


def test_set_up_pages_open_for_the_admin_only(org_a, client_for):
    admin = client_for(org_a.admin)
    for url in ("/pay/rates/", "/pay/rules/", "/pay/rules/new", "/pay/export"):
        assert admin.get(url).status_code == 200, url
    assert admin.post("/pay/rules/seed").status_code == 302
    assert b"ODSP" in admin.get("/pay/rules/").content
    response = admin.post(
        "/pay/base-amounts/new",
        {
            "code": "no-g",
            "name": "G",
            "amount": "135000",
            "effective_from": "2026-05-01",
            "source_note": "NAV",
        },
    )
    assert response.status_code == 302
    coordinator = client_for(org_a.coordinator)
    assert coordinator.get("/pay/rules/").status_code == 403
    assert coordinator.get("/pay/").status_code == 200
    assert client_for(org_a.peer_user).get("/pay/").status_code == 403
