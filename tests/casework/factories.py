"""Casework test data: a second peer support worker, a client on a caseload, a plan, a session."""

from __future__ import annotations

from datetime import timedelta

from peerwork.accounts.models import User
from peerwork.accounts.roles import Role
from peerwork.casework.models import CaseClient, CaseReferral, CaseSession, Place, RecoveryPlan, SessionKind
from peerwork.casework.services import (
    case_client_add,
    case_referral_make,
    case_session_record,
    recovery_plan_save,
)
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker

from ..factories import MembershipFactory, PeerWorkerFactory, UserFactory
from ..personas import OrgPersonas


def second_worker(org: OrgPersonas, name: str = "Robin") -> tuple[PeerWorker, User]:
    """Another peer of the organisation, with a sign-in: must not see the first worker's clients."""
    user = UserFactory(username=f"{org.org.slug}_{name.lower()}", display_name=name)
    MembershipFactory(user=user, organisation=org.org, role=Role.PEER)
    peer = PeerWorkerFactory(organisation=org.org, preferred_name=f"{name} {org.org.slug}", user=user)
    peer.sites.add(org.site)
    return peer, user


def client_on(worker: PeerWorker, code: str = "F-ABCD-1980", *, days_ago: int = 30) -> CaseClient:
    organisation: Organisation = worker.organisation
    return case_client_add(
        organisation=organisation,
        client_code=code,
        worker=worker,
        on=organisation.today() - timedelta(days=days_ago),
        by=None,
    )


def plan_for(
    client: CaseClient, goals: tuple[str, ...] = ("Stable housing", "Reconnect with family")
) -> RecoveryPlan:
    return recovery_plan_save(client=client, goals=list(goals), on=client.organisation.today(), by=None)


def session_for(
    client: CaseClient, minutes: int = 60, *, days_ago: int = 1, next_step: str = ""
) -> CaseSession:
    return case_session_record(
        client=client,
        held_on=client.organisation.today() - timedelta(days=days_ago),
        minutes=minutes,
        place=Place.OUTREACH,
        kind=SessionKind.ACCOMPANIMENT,
        next_step=next_step,
        by=None,
    )


def referral_for(client: CaseClient, agency: str = "Harbour Clinic") -> CaseReferral:
    return case_referral_make(
        client=client, agency=agency, reason="detox intake", made_on=client.organisation.today(), by=None
    )
