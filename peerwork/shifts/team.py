"""A peer lead's team: the work streams they lead (``WorkStream.leads``), those streams' shifts,
and who holds a place on them. Reads first, then the one write (who leads a stream).

What a peer lead may do with their team is their stage's capability (``pathway.selectors.peer_can``);
the pages check it, these functions only scope.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.peers.models import PeerStatus, PeerWorker

from .models import Assignment, AssignmentStatus, Shift, ShiftStatus, WorkStream
from .selectors import day_bounds, local_date


def team_streams(peer: PeerWorker) -> QuerySet[WorkStream]:
    return WorkStream.objects.filter(organisation_id=peer.organisation_id, leads=peer).order_by("name")


def team_shifts(peer: PeerWorker) -> QuerySet[Shift]:
    """Shifts of the streams ``peer`` leads (drafts and cancelled ones are nobody's to run)."""
    return (
        Shift.objects.filter(organisation_id=peer.organisation_id, role__work_stream__leads=peer)
        .exclude(status__in=(ShiftStatus.DRAFT, ShiftStatus.CANCELLED))
        .select_related("role", "site", "role__work_stream")
        .distinct()
    )


def team_week(peer: PeerWorker, week_start: date) -> list[dict[str, Any]]:
    """Seven days of the team's shifts, each with the people holding a place."""
    organisation = peer.organisation
    start, end = day_bounds(organisation, week_start, 7)
    shifts = list(
        team_shifts(peer).filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "id")
    )
    people: dict[int, list[Assignment]] = defaultdict(list)
    held = Assignment.objects.filter(shift__in=[s.pk for s in shifts]).exclude(
        status=AssignmentStatus.CANCELLED
    )
    for assignment in held.select_related("peer").order_by("peer__preferred_name"):
        people[assignment.shift_id].append(assignment)
    days: list[dict[str, Any]] = [{"day": week_start + timedelta(days=i), "shifts": []} for i in range(7)]
    for shift in shifts:
        index = (local_date(organisation, shift.starts_at) - week_start).days
        if 0 <= index < 7:
            shift.people = people[shift.pk]  # type: ignore[attr-defined]
            days[index]["shifts"].append(shift)
    return days


def team_desk_rows(peer: PeerWorker, day: date) -> QuerySet[Assignment]:
    """Places on the team's shifts that start on ``day``: the peer lead's check-in desk."""
    start, end = day_bounds(peer.organisation, day)
    return (
        Assignment.objects.filter(shift__in=team_shifts(peer).filter(starts_at__gte=start, starts_at__lt=end))
        .exclude(status=AssignmentStatus.CANCELLED)
        .select_related("peer", "shift__role", "shift__site", "shift__work_order")
        .order_by("shift__starts_at", "peer__preferred_name")
    )


def team_assignment(peer: PeerWorker, pk: int) -> Assignment:
    """One place on a team shift, or 404 (another team's, another organisation's, or none)."""
    found = (
        Assignment.objects.filter(pk=pk, shift__in=team_shifts(peer))
        .exclude(status=AssignmentStatus.CANCELLED)
        .select_related("peer", "shift__role", "shift__site", "shift__work_order", "shift__organisation")
        .first()
    )
    if found is None:
        raise Http404
    return found


def team_shift(peer: PeerWorker, pk: int) -> Shift:
    """One team shift, or 404."""
    shift = team_shifts(peer).filter(pk=pk).first()
    if shift is None:
        raise Http404
    return shift


def lead_candidates(stream: WorkStream) -> QuerySet[PeerWorker]:
    """Active peers of the stream's organisation, current leads first."""
    return PeerWorker.objects.filter(
        organisation_id=stream.organisation_id, status=PeerStatus.ACTIVE
    ).order_by("preferred_name")


@transaction.atomic
def work_stream_leads_set(
    *, stream: WorkStream, peers: Iterable[PeerWorker], by: User | None, request: HttpRequest | None = None
) -> WorkStream:
    """Say which peers lead ``stream`` (their team); every one must be an active peer here."""
    chosen = list(peers)
    if any(p.organisation_id != stream.organisation_id or p.status != PeerStatus.ACTIVE for p in chosen):
        raise ValidationError({"leads": [_("Choose active peers of this organisation.")]})
    stream.leads.set(chosen)
    audit_record(
        action="work_stream_leads_set",
        request=request,
        organisation=stream.organisation,
        actor=by,
        obj=stream,
        leads=sorted(p.pk for p in chosen),
    )
    return stream
