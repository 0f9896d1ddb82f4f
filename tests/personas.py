"""Personas: one user per role in each of two organisations, like healthchecks' alice/bob.

Organisation A's rows carry the marker ``ZEBULON`` in names so a leak test can assert that
organisation B's pages never show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.accounts.models import Membership, User
from peerwork.accounts.roles import TWO_FACTOR_ROLES, Role
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker

from .factories import (
    MembershipFactory,
    OrganisationFactory,
    PeerWorkerFactory,
    SiteFactory,
    UserFactory,
)

PASSWORD = "correct-horse-battery-staple"
LEAK_MARKER = "ZEBULON"


@dataclass
class OrgPersonas:
    org: Organisation
    site: Site
    other_site: Site
    admin: User
    coordinator: User
    supervisor: User
    evaluator: User
    peer_user: User
    peer: PeerWorker

    def user(self, role: str) -> User:
        return {
            Role.ORG_ADMIN: self.admin,
            Role.COORDINATOR: self.coordinator,
            Role.SUPERVISOR: self.supervisor,
            Role.EVALUATOR: self.evaluator,
            Role.PEER: self.peer_user,
        }[Role(role)]


def make_org_personas(prefix: str, org_name: str, marker: str = "") -> OrgPersonas:
    org = OrganisationFactory(name=org_name, slug=prefix)
    site = SiteFactory(organisation=org, name=f"{marker}Main street {prefix}".strip())
    other = SiteFactory(organisation=org, name=f"{marker}Harbour {prefix}".strip())
    users = {}
    for role in (Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.EVALUATOR, Role.PEER):
        user = UserFactory(username=f"{prefix}_{role.value}", display_name=f"{marker}{role.label} {prefix}")
        MembershipFactory(user=user, organisation=org, role=role)
        users[role] = user
    peer = PeerWorkerFactory(organisation=org, preferred_name=f"{marker}Pat {prefix}", user=users[Role.PEER])
    peer.sites.add(site)
    return OrgPersonas(
        org=org,
        site=site,
        other_site=other,
        admin=users[Role.ORG_ADMIN],
        coordinator=users[Role.COORDINATOR],
        supervisor=users[Role.SUPERVISOR],
        evaluator=users[Role.EVALUATOR],
        peer_user=users[Role.PEER],
        peer=peer,
    )


def sign_in(client: Client, user: User) -> Client:
    """Sign ``user`` in on ``client``; staff who need 2FA are signed in as verified."""
    client.force_login(user)
    needs_otp = Membership.objects.filter(user=user, role__in=TWO_FACTOR_ROLES).exists()
    if needs_otp:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
