"""The org admin's pages: settings, sites, members, kiosks. Other roles get 403; another org 404."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.accounts.models import KioskDevice, Membership
from peerwork.accounts.roles import Role
from peerwork.audit.models import AuditEvent
from peerwork.orgs.models import Site

from .factories import make_kiosk

ADMIN_PAGES = ["orgadmin:settings", "orgadmin:sites", "orgadmin:members", "orgadmin:kiosks", "orgadmin:audit"]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_open_for_the_admin_and_refuse_other_roles(name, org_a, client_for):
    assert client_for(org_a.admin).get(reverse(name)).status_code == 200
    for user in (org_a.coordinator, org_a.supervisor, org_a.evaluator, org_a.peer_user):
        assert client_for(user).get(reverse(name)).status_code == 403


def test_admin_pages_are_in_the_set_up_menu_for_admins_only(org_a, client_for):
    page = client_for(org_a.admin).get(reverse("orgadmin:sites")).content.decode()
    for name in ADMIN_PAGES:
        assert f'href="{reverse(name)}"' in page
    other = client_for(org_a.evaluator).get(reverse("home"), follow=True).content.decode()
    assert reverse("orgadmin:members") not in other


def test_the_admin_edits_the_organisation_settings(org_a, client_for):
    data = {
        "name": "Riverside Renamed",
        "slug": org_a.org.slug,
        "country": "no",
        "currency": "nok",
        "time_zone": "Europe/Oslo",
        "language": "nb",
        "small_cell_threshold": 10,
        "client_code_scheme": "short",
        "retention_months": 60,
        "role_check_every_weeks": 8,
    }
    response = client_for(org_a.admin).post(reverse("orgadmin:settings"), data)
    assert response.status_code == 302
    org_a.org.refresh_from_db()
    assert (org_a.org.country, org_a.org.currency, org_a.org.small_cell_threshold) == ("NO", "NOK", 10)
    assert org_a.org.role_check_every_weeks == 8
    event = AuditEvent.objects.get(action="organisation_changed")
    assert "time_zone" in event.detail["fields"]


def test_a_bad_time_zone_keeps_what_was_typed(org_a, client_for):
    data = {
        "name": "Kept name",
        "slug": org_a.org.slug,
        "country": "CA",
        "currency": "CAD",
        "time_zone": "Mars/Olympus",
        "language": "en",
        "small_cell_threshold": 5,
        "client_code_scheme": "ontario",
        "retention_months": 84,
        "role_check_every_weeks": 6,
    }
    response = client_for(org_a.admin).post(reverse("orgadmin:settings"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "not a time zone name" in page
    assert 'value="Kept name"' in page


def test_the_admin_adds_edits_and_stops_using_a_site(org_a, client_for):
    client = client_for(org_a.admin)
    client.post(reverse("orgadmin:sites"), {"name": "Night van", "address": "Mobile"})
    site = Site.objects.get(organisation=org_a.org, name="Night van")
    duplicate = client.post(reverse("orgadmin:sites"), {"name": "night van", "address": ""})
    assert "already a site" in duplicate.content.decode()
    client.post(
        reverse("orgadmin:site_edit", kwargs={"pk": site.pk}),
        {"name": "Night van east", "address": "Mobile", "is_active": "on"},
    )
    site.refresh_from_db()
    assert site.name == "Night van east"
    client.post(reverse("orgadmin:site_deactivate", kwargs={"pk": site.pk}))
    site.refresh_from_db()
    assert not site.is_active
    assert (
        AuditEvent.objects.filter(action__in=["site_added", "site_changed", "site_deactivated"]).count() == 3
    )


def test_another_organisations_site_and_member_are_404(org_a, org_b, client_for):
    client = client_for(org_b.admin)
    assert client.get(reverse("orgadmin:site_edit", kwargs={"pk": org_a.site.pk})).status_code == 404
    membership = Membership.objects.get(user=org_a.coordinator)
    assert client.get(reverse("orgadmin:member_edit", kwargs={"pk": membership.pk})).status_code == 404
    assert client.post(reverse("orgadmin:member_active", kwargs={"pk": membership.pk})).status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_the_admin_adds_a_staff_member_with_a_temporary_password(org_a, client_for):
    client = client_for(org_a.admin)
    response = client.post(
        reverse("orgadmin:members"),
        {
            "username": "jordan",
            "display_name": "Jordan Lee",
            "password": "temporary-river-2026",
            "role": Role.COORDINATOR,
            "sites": [org_a.site.pk],
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="jordan")
    assert membership.role == Role.COORDINATOR
    assert list(membership.sites.all()) == [org_a.site]
    assert membership.user.must_change_password
    taken = client.post(
        reverse("orgadmin:members"),
        {
            "username": "JORDAN",
            "display_name": "X",
            "password": "temporary-river-2026",
            "role": Role.EVALUATOR,
        },
    )
    assert "username is taken" in taken.content.decode()


def test_the_member_list_shows_who_has_a_second_step(org_a, client_for):
    page = client_for(org_a.admin).get(reverse("orgadmin:members")).content.decode()
    assert "Set up" in page  # the admin's own test authenticator
    TOTPDevice.objects.filter(user=org_a.coordinator).delete()
    page = client_for(org_a.admin).get(reverse("orgadmin:members")).content.decode()
    assert "Not yet" in page


def test_the_admin_changes_a_role_and_switches_an_account_off(org_a, client_for):
    client = client_for(org_a.admin)
    membership = Membership.objects.get(user=org_a.evaluator)
    client.post(reverse("orgadmin:member_edit", kwargs={"pk": membership.pk}), {"role": Role.SUPERVISOR})
    membership.refresh_from_db()
    assert membership.role == Role.SUPERVISOR
    client.post(reverse("orgadmin:member_active", kwargs={"pk": membership.pk}), {"active": "0"})
    membership.refresh_from_db()
    assert not membership.is_active
    assert AuditEvent.objects.filter(action="member_deactivated").exists()


def test_the_last_admin_cannot_be_demoted(org_a, client_for):
    client = client_for(org_a.admin)
    membership = Membership.objects.get(user=org_a.admin)
    response = client.post(
        reverse("orgadmin:member_edit", kwargs={"pk": membership.pk}), {"role": Role.EVALUATOR}
    )
    assert "at least one active admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ORG_ADMIN


def test_the_admin_resets_a_lost_authenticator(org_a, client_for):
    membership = Membership.objects.get(user=org_a.coordinator)
    client_for(org_a.coordinator)  # gives the coordinator a device
    client_for(org_a.admin).post(reverse("orgadmin:member_two_factor_reset", kwargs={"pk": membership.pk}))
    assert not TOTPDevice.objects.filter(user=org_a.coordinator).exists()


def test_the_admin_revokes_a_kiosk(org_a, client_for):
    device, _raw = make_kiosk(org_a)
    client = client_for(org_a.admin)
    assert "Front desk" in client.get(reverse("orgadmin:kiosks")).content.decode()
    client.post(reverse("orgadmin:kiosk_revoke", kwargs={"pk": device.pk}))
    device.refresh_from_db()
    assert not device.is_active
    assert KioskDevice.objects.count() == 1
