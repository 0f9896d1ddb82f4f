"""Reads about role checks (the peer's own view of their role) and the organisation's role actions.

A role check is private to the peer and to supervisors (``can_read_role_checks``); anyone else in
the organisation reads only the checks the peer shared. The views audit every staff read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet

from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Assignment, AssignmentStatus, Role

from ..models import RoleAction, RoleCheck

PEER_VIEW_DAYS = 84  # the peers' view of a role: their checks of the last twelve weeks
MAX_QUOTES = 5


def own_role_checks(peer: PeerWorker) -> QuerySet[RoleCheck]:
    return RoleCheck.objects.filter(organisation=peer.organisation, peer=peer).select_related("role")


def role_check_due(peer: PeerWorker, today: date) -> date | None:
    """When the peer's next role check is due, or None (the policy is off, or no work to look back on).

    A first check is due once the peer has worked a shift within the policy's period.
    """
    weeks = peer.organisation.role_check_every_weeks
    if not weeks:
        return None
    period = timedelta(weeks=weeks)
    last = RoleCheck.objects.filter(organisation=peer.organisation, peer=peer).values_list(
        "submitted_on", flat=True
    )
    if (submitted_on := last.first()) is not None:
        return submitted_on + period
    worked = Assignment.objects.filter(
        organisation=peer.organisation,
        peer=peer,
        status=AssignmentStatus.COMPLETED,
        checked_out_at__isnull=False,
        checked_out_at__date__gte=today - period,
    ).exists()
    return today if worked else None


def roles_to_choose(peer: PeerWorker) -> QuerySet[Role]:
    """The roles a peer can choose from as what they were hired for: every role of their organisation."""
    return Role.objects.filter(organisation=peer.organisation).order_by("name")


def readable_role_checks(organisation: Organisation, *, reads_all: bool) -> QuerySet[RoleCheck]:
    """The role checks a staff member may read: all for a supervisor, otherwise only the shared ones."""
    checks = within_sites(RoleCheck.objects.filter(organisation=organisation))
    if not reads_all:
        checks = checks.filter(shared=True)
    return checks.select_related("peer", "role")


@dataclass
class PeerView:
    """What peers say a role held, from the role checks the viewer may read."""

    checks: int = 0
    percent_role: int | None = None  # mean of the peers' own "time on the role" (%)
    quotes: list[RoleCheck] = field(default_factory=list)


def peer_views(checks: QuerySet[RoleCheck], today: date) -> dict[int, PeerView]:
    """{role_id: PeerView} over the last twelve weeks, most recent quotes first."""
    views: dict[int, PeerView] = {}
    totals: dict[int, int] = {}
    for check in checks.filter(submitted_on__gte=today - timedelta(days=PEER_VIEW_DAYS)):
        view = views.setdefault(check.role_id, PeerView())
        view.checks += 1
        totals[check.role_id] = totals.get(check.role_id, 0) + check.time_on_role
        if len(view.quotes) < MAX_QUOTES:
            view.quotes.append(check)
    for role_id, view in views.items():
        view.percent_role = round(totals[role_id] / view.checks)
    return views


def role_actions_for(role: Role) -> QuerySet[RoleAction]:
    # ``advisory_actions``: the peer advisory group's actions linked to this change (voice, a layer
    # above, holds the link; the page shows where a change came from).
    return (
        RoleAction.objects.filter(organisation=role.organisation, role=role)
        .prefetch_related("advisory_actions__decision__meeting")
        .order_by("closed_on", "-review_on", "-id")
    )


def open_role_actions(organisation: Organisation) -> QuerySet[RoleAction]:
    return RoleAction.objects.filter(organisation=organisation, closed_on__isnull=True).select_related("role")


@dataclass(frozen=True)
class RoleActionSummary:
    open: int
    overdue: int
    actions: list[RoleAction]


def role_action_summary(organisation: Organisation, today: date) -> RoleActionSummary:
    """Open role actions, the ones past their review date first (for the dashboard)."""
    actions = list(open_role_actions(organisation).order_by("review_on", "id"))
    return RoleActionSummary(
        open=len(actions),
        overdue=sum(1 for action in actions if action.review_on < today),
        actions=actions,
    )
