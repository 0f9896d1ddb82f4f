"""A peer's role check: due every few weeks on My work, filled on a phone, private to the peer and
supervisors unless the peer shares it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.accounts.roles import Role
from peerwork.audit.models import AuditEvent
from peerwork.support.models import RoleCheck, TimeOnRole
from peerwork.support.rolework import role_check_record
from peerwork.support.selectors.rolechecks import role_check_due

from ..factories import MembershipFactory, PeerWorkerFactory, UserFactory
from .factories import role_with_duties, worked_shift


def _check(peer, role, **kwargs):  # type: ignore[no-untyped-def]
    values = {
        "time_on_role": TimeOnRole.LESS_THAN_HALF,
        "spent_on": "Mostly front desk cover",
        "would_change": "Someone else on the desk",
    }
    values.update(kwargs)
    return role_check_record(peer=peer, role=role, **values)


def test_a_role_check_is_due_once_the_peer_has_worked_and_again_after_the_policy_period(org_a):
    today = org_a.org.today()
    assert role_check_due(org_a.peer, today) is None  # nothing worked: nothing to look back on

    role = role_with_duties(org_a.org)
    worked_shift(org_a.peer, role, org_a.site)
    assert role_check_due(org_a.peer, today) == today

    _check(org_a.peer, role)
    assert role_check_due(org_a.peer, today) == today + timedelta(weeks=6)

    org_a.org.role_check_every_weeks = 0
    org_a.org.save()
    assert role_check_due(org_a.peer, today) is None


def test_my_work_shows_the_role_check_due_and_the_peer_fills_it(org_a, client_for):
    role = role_with_duties(org_a.org)
    worked_shift(org_a.peer, role, org_a.site)
    client = client_for(org_a.peer_user)

    assert "Your role check is due" in client.get(reverse("peers:my_work")).content.decode()
    form = client.get(reverse("support:role_check_new")).content.decode()
    assert "What were you hired for?" in form and "What would you change?" in form

    response = client.post(
        reverse("support:role_check_new"),
        {
            "role": role.pk,
            "time_on_role": TimeOnRole.ABOUT_HALF,
            "spent_on": "Cleaning the drop-in",
            "would_change": "A cleaner on Fridays",
        },
        follow=True,
    )

    check = RoleCheck.objects.get(peer=org_a.peer)
    assert (check.role, check.time_on_role, check.shared) == (role, 50, False)
    assert check.submitted_on == org_a.org.today()
    assert "Only you and your supervisor see it" in response.content.decode()
    assert "Your role check is due" not in client.get(reverse("peers:my_work")).content.decode()


def test_empty_answers_keep_what_was_typed_and_save_nothing(org_a, client_for):
    role = role_with_duties(org_a.org)
    response = client_for(org_a.peer_user).post(
        reverse("support:role_check_new"),
        {"role": role.pk, "time_on_role": "", "spent_on": "Cleaning the drop-in", "would_change": "   "},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose how much of your time went on that work." in page
    assert "Say what you would change, or write &#x27;nothing&#x27;." in page
    assert "Cleaning the drop-in" in page
    assert not RoleCheck.objects.exists()


def test_the_service_refuses_blank_answers_and_another_organisations_role(org_a, org_b):
    with pytest.raises(ValidationError) as error:
        _check(org_a.peer, role_with_duties(org_a.org), spent_on="  ", would_change="")
    assert set(error.value.message_dict) == {"spent_on", "would_change"}

    with pytest.raises(ValidationError) as error:
        _check(org_a.peer, role_with_duties(org_b.org))
    assert "role" in error.value.message_dict
    assert not RoleCheck.objects.exists()


def test_a_role_check_is_private_to_the_peer_and_supervisors_until_shared(org_a, org_b, client_for):
    role = role_with_duties(org_a.org)
    check = _check(org_a.peer, role, spent_on="Mostly front desk cover")
    page = reverse("support:role_detail", args=[role.pk])

    assert "Mostly front desk cover" in client_for(org_a.supervisor).get(page).content.decode()
    assert AuditEvent.objects.filter(action="read_sensitive", object_id=str(check.pk)).count() == 1
    assert "Mostly front desk cover" not in client_for(org_a.coordinator).get(page).content.decode()
    assert client_for(org_b.supervisor).get(page).status_code == 404

    client_for(org_a.peer_user).post(reverse("support:role_check_share", args=[check.pk]), {"shared": "yes"})

    assert "Mostly front desk cover" in client_for(org_a.coordinator).get(page).content.decode()
    assert AuditEvent.objects.filter(action="read_sensitive", object_id=str(check.pk)).count() == 2


def test_another_peer_cannot_read_or_share_someone_elses_role_check(org_a, org_b, client_for):
    check = _check(org_a.peer, role_with_duties(org_a.org), spent_on="Mostly front desk cover")
    sam = UserFactory(username="sam_peer")
    MembershipFactory(user=sam, organisation=org_a.org, role=Role.PEER)
    PeerWorkerFactory(organisation=org_a.org, user=sam, preferred_name="Sam")

    for user in (sam, org_b.peer_user):
        client = client_for(user)
        share = client.post(reverse("support:role_check_share", args=[check.pk]), {"shared": "yes"})
        assert share.status_code == 404
        assert "Mostly front desk cover" not in client.get(reverse("support:mine")).content.decode()
    check.refresh_from_db()
    assert not check.shared
    role_page = reverse("support:role_detail", args=[check.role_id])
    assert client_for(sam).get(role_page).status_code == 403


def test_the_supervisor_reads_a_peers_role_checks_on_their_page_and_the_read_is_audited(
    org_a, org_b, client_for
):
    check = _check(org_a.peer, role_with_duties(org_a.org), spent_on="Mostly front desk cover")
    page = reverse("support:peer_support", args=[org_a.peer.pk])

    shown = client_for(org_a.supervisor).get(page).content.decode()
    by_admin = client_for(org_a.admin).get(page).content.decode()

    assert "The peer's role checks" in shown and "Mostly front desk cover" in shown
    assert "Mostly front desk cover" not in by_admin  # an admin supervises, but reads only what is shared
    assert AuditEvent.objects.filter(action="read_sensitive", object_id=str(check.pk)).count() == 1
    assert client_for(org_b.supervisor).get(page).status_code == 404
