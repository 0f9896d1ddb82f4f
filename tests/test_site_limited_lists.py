"""A staff member limited to some sites: lists, filters, exports, dashboards and the API show only
their sites' rows (accounts/sites.py); organisation-wide things stay visible; B sees none of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from peerwork.accounts.models import Membership
from peerwork.accounts.roles import Role as MemberRole
from peerwork.accounts.sites import site_scope, sites_for
from peerwork.pay import services as pay_services
from peerwork.peers.models import PeerWorker

from .factories import MembershipFactory, PeerWorkerFactory
from .insights.factories import ReportTemplateFactory
from .pay.factories import PayRateFactory, WorkedAssignmentFactory
from .pay.factories import RoleFactory as PayRoleFactory
from .pay.factories import ShiftFactory as PayShiftFactory
from .personas import OrgPersonas
from .services.factories import ServiceEntryFactory
from .shifts.factories import RoleFactory, ShiftFactory
from .training.factories import CourseFactory, TrainingSessionFactory

NOW = datetime(2026, 11, 4, 15, 0, tzinfo=UTC)  # a Wednesday
OWN, OTHER = "OWNSITE", "OTHERSITE"


def _limit(user, org: OrgPersonas, *sites) -> None:  # type: ignore[no-untyped-def]
    for membership in Membership.objects.filter(user=user, organisation=org.org):
        membership.sites.set(sites)


def _ids(response) -> set[int]:  # type: ignore[no-untyped-def]
    body = response.json()
    assert response.status_code == 200, (response.request["PATH_INFO"], body)
    items = body["items"] if isinstance(body, dict) else body
    return {item["id"] for item in items}


class World:
    """One of each site-bound thing at A's first site (OWNSITE) and at its other site (OTHERSITE)."""

    def __init__(self, a: OrgPersonas) -> None:
        self.peer = {
            OWN: a.peer,
            OTHER: PeerWorkerFactory(organisation=a.org, preferred_name=f"{OTHER} Quinn"),
        }
        self.peer[OTHER].sites.add(a.other_site)
        self.shift, self.payout, self.entry, self.session = {}, {}, {}, {}
        for label, site in ((OWN, a.site), (OTHER, a.other_site)):
            role = RoleFactory(organisation=a.org, name=f"{label} role")
            self.shift[label] = ShiftFactory(
                organisation=a.org, site=site, role=role, starts_at=NOW + timedelta(days=1)
            )
            pay_role = PayRoleFactory(organisation=a.org, name=f"{label} pay role")
            PayRateFactory(role=pay_role)
            worked = PayShiftFactory(
                organisation=a.org, site=site, role=pay_role, starts_at=NOW - timedelta(days=1)
            )
            assignment = WorkedAssignmentFactory(shift=worked, peer=self.peer[label])
            payout = pay_services.payout_create_for_assignment(assignment=assignment)
            assert payout is not None
            pay_services.payout_pay(payout=payout, method="transfer", actor=a.admin, paid_on=NOW.date())
            self.payout[label] = payout
            self.entry[label] = ServiceEntryFactory(organisation=a.org, site=site, occurred_at=NOW)
            course = CourseFactory(organisation=a.org, name=f"{label} course")
            self.session[label] = TrainingSessionFactory(
                course=course, site=site, starts_at=NOW + timedelta(days=2)
            )


@pytest.fixture
def world(org_a):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield World(org_a)


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_membership_without_sites_sees_every_site_and_limits_add_up(org_a):
    assert sites_for(org_a.coordinator, org_a.org) is None
    _limit(org_a.coordinator, org_a, org_a.site)
    assert sites_for(org_a.coordinator, org_a.org) == {org_a.site.pk}
    second = MembershipFactory(user=org_a.coordinator, organisation=org_a.org, role=MemberRole.SUPERVISOR)
    second.sites.set([org_a.other_site])
    assert sites_for(org_a.coordinator, org_a.org) == {org_a.site.pk, org_a.other_site.pk}
    second.sites.clear()
    assert sites_for(org_a.coordinator, org_a.org) is None, "a role over every site wins"
    _limit(org_a.peer_user, org_a, org_a.site)
    assert sites_for(org_a.peer_user, org_a.org) is None, "peers are not limited here (the kiosk is)"


def test_limited_coordinator_lists_show_only_their_site(org_a, org_b, world, frozen, client_for):
    _limit(org_a.coordinator, org_a, org_a.site)
    client = client_for(org_a.coordinator)
    week = f"?week={NOW.date().isoformat()}"
    for url in (reverse("shifts:week") + week, reverse("peers:list"), reverse("shifts:runs")):
        page = client.get(url).content.decode()
        assert OTHER not in page, url
    assert f"{OWN} role" in client.get(reverse("shifts:week") + week).content.decode()
    assert world.peer[OWN].preferred_name in client.get(reverse("peers:list")).content.decode()

    api = {
        "api:shift_list": (world.shift, f"?week={NOW.date().isoformat()}"),
        "api:peer_list": (world.peer, ""),
        "api:pay_payout_list": (world.payout, ""),
        "api:services_logs": (world.entry, ""),
    }
    urls = {name: reverse(name) + query for name, (_rows, query) in api.items()}
    # Training sessions (the support API's sessions have the name).
    urls["training sessions"] = reverse("api:course_list").replace("courses", "sessions")
    rows_of = {name: rows for name, (rows, _query) in api.items()} | {"training sessions": world.session}
    for name, url in urls.items():
        rows = rows_of[name]
        ids = _ids(client.get(url))
        assert rows[OWN].pk in ids, name
        assert rows[OTHER].pk not in ids, name
        assert {rows[OWN].pk, rows[OTHER].pk} <= _ids(client_for(org_a.admin).get(url)), name
        assert not {rows[OWN].pk, rows[OTHER].pk} & _ids(client_for(org_b.coordinator).get(url)), name


def test_site_filters_offer_only_their_sites(org_a, world, frozen, client_for):
    _limit(org_a.coordinator, org_a, org_a.site)
    client = client_for(org_a.coordinator)
    for url in (
        reverse("peers:list"),
        reverse("shifts:week"),
        reverse("shifts:shift_new"),
        reverse("pay:desk"),
    ):
        page = client.get(url).content.decode()
        assert f">{org_a.site.name}</option>" in page, url
        assert f">{org_a.other_site.name}</option>" not in page, url
    payout_form = client.get(reverse("pay:payout_new")).content.decode()
    assert world.peer[OWN].preferred_name in payout_form
    assert world.peer[OTHER].preferred_name not in payout_form, "the peer picker offers only their peers"


def test_payroll_export_has_only_their_sites(org_a, world, frozen, client_for):
    _limit(org_a.coordinator, org_a, org_a.site)
    day = NOW.date().isoformat()
    query = f"?start={day}&end={day}&format=csv"
    mine = b"".join(client_for(org_a.coordinator).get(reverse("pay:export") + query)).decode()
    everyone = b"".join(client_for(org_a.admin).get(reverse("pay:export") + query)).decode()
    assert world.peer[OWN].preferred_name in mine
    assert OTHER not in mine
    assert OTHER in everyone


def test_dashboard_shows_one_of_their_sites_never_the_whole_organisation(org_a, frozen, client_for):
    _limit(org_a.evaluator, org_a, org_a.site)
    client = client_for(org_a.evaluator)
    page = client.get(reverse("insights:dashboard")).content.decode()
    assert "All sites" not in page
    assert f">{org_a.other_site.name}</option>" not in page
    assert client.get(reverse("api:insights_dashboard")).json()["site"] == org_a.site.pk
    other = client.get(reverse("api:insights_dashboard") + f"?site={org_a.other_site.pk}")
    assert other.status_code == 409
    assert client_for(org_a.admin).get(reverse("api:insights_dashboard")).json()["site"] is None


def test_funder_reports_over_other_sites_are_not_theirs(org_a, org_b, frozen, client_for):
    whole = ReportTemplateFactory(organisation=org_a.org, name="whole organisation")
    own = ReportTemplateFactory(organisation=org_a.org, name="own site report")
    own.sites.set([org_a.site])
    both = ReportTemplateFactory(organisation=org_a.org, name="both sites report")
    both.sites.set([org_a.site, org_a.other_site])
    _limit(org_a.evaluator, org_a, org_a.site)
    client = client_for(org_a.evaluator)
    for template in (whole, both):
        url = reverse("insights:report_template_edit", kwargs={"template_id": template.pk})
        assert client.get(url).status_code == 404
        api = reverse("api:insights_report_template", kwargs={"template_id": template.pk})
        assert client.get(api).status_code == 404
    assert (
        client.get(reverse("insights:report_template_edit", kwargs={"template_id": own.pk})).status_code
        == 200
    )
    listed = _ids(client.get(reverse("api:insights_report_templates")))
    assert listed == {own.pk}
    assert (
        client_for(org_b.evaluator)
        .get(reverse("api:insights_report_template", kwargs={"template_id": own.pk}))
        .status_code
        == 404
    )
    refused = client.post(
        reverse("api:insights_report_template_create"),
        data={
            "name": "all of it",
            "funder": "City",
            "indicator_ids": ["active_peers"],
            "period_start": (NOW.date() - timedelta(days=30)).isoformat(),
            "period_end": NOW.date().isoformat(),
            "site_ids": [],
        },
        content_type="application/json",
    )
    assert refused.status_code == 409


def test_organisation_wide_things_stay_visible(org_a, world, frozen, client_for):
    _limit(org_a.coordinator, org_a, org_a.site)
    client = client_for(org_a.coordinator)
    course = world.session[OTHER].course
    assert client.get(reverse("training:course_edit", kwargs={"pk": course.pk})).status_code == 200
    assert client.get(reverse("api:course_get", kwargs={"course_id": course.pk})).status_code == 200
    newcomer = PeerWorker.objects.create(organisation=org_a.org, preferred_name="No site yet")
    assert client.get(reverse("peers:detail", kwargs={"pk": newcomer.pk})).status_code == 200


def test_an_api_token_carries_its_owners_sites(org_a, world, frozen, client):
    from peerwork.accounts.tokens import api_token_create

    _limit(org_a.coordinator, org_a, org_a.site)
    _token, raw = api_token_create(user=org_a.coordinator, organisation=org_a.org, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    other = reverse("api:shift_get", kwargs={"shift_id": world.shift[OTHER].pk})
    own = reverse("api:shift_get", kwargs={"shift_id": world.shift[OWN].pk})
    assert client.get(other, **auth).status_code == 404
    assert client.get(own, **auth).status_code == 200
    assert world.peer[OTHER].pk not in _ids(client.get(reverse("api:peer_list"), **auth))


def test_the_scope_ends_with_the_request(org_a, world, frozen, client_for):
    _limit(org_a.coordinator, org_a, org_a.site)
    client_for(org_a.coordinator).get(reverse("peers:list"))
    # The test process itself is not limited to any site once the request has ended.
    assert site_scope() is None
