"""Demo work records: neutral titles for roles, courses and competences that name drug use, the organisation's
name on records, peers who left and where to (one of them for a job, with a reference)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from peerwork.core.demo import DemoContext
from peerwork.growth.models import Competence
from peerwork.peers.models import LeavingDestination, PeerStatus, PeerWorker
from peerwork.peers.services import peer_leave
from peerwork.shifts.models import Assignment, AssignmentStatus, Role
from peerwork.training.models import Course

from .services import reference_write, work_record_settings_save

ROLE_TITLES = {
    "Needle recovery": ("Neighbourhood clean-up worker", True),
    "Supply distribution": ("Health supplies assistant", True),
    "Overdose response": ("First-response worker", True),
    "Outreach": ("Community outreach worker", False),
    "Drop-in host": ("Reception and hospitality", False),
    "Peer support": ("Support worker", True),
}
COURSE_TITLES = {
    "naloxone": "Emergency first response",
    "harm-reduction": "Community health basics",
}
# Competences: (neutral title, the name speaks of drug use). "Sharing lived experience" stays counted only.
COMPETENCE_TITLES = {
    "Showing up and taking part": ("", False),
    "Safer-use supplies and sharps": ("Health supplies handling", True),
    "Naloxone and overdose response": ("Emergency first response", True),
    "Mentoring newer peers": ("", False),
    "Coordinating a team": ("", False),
}
REFERENCE = (
    "{name} worked with us for over a year, on outreach and at our reception. {name} is reliable, "
    "calm under pressure and good with people who are having a hard day. They trained two newer "
    "colleagues and were always on time. We recommend {name} warmly."
)


def build(ctx: DemoContext) -> None:
    org = ctx["org"]
    work_record_settings_save(
        organisation=org, public_name="Riverside Community Services", contact="412 Queen Street East, Toronto"
    )
    for name, (title, reveals) in ROLE_TITLES.items():
        Role.objects.filter(organisation=org, name=name).update(public_title=title, reveals_programme=reveals)
    for code, title in COURSE_TITLES.items():
        Course.objects.filter(organisation=org, code=code).update(public_title=title, reveals_programme=True)
    for name, (title, reveals) in COMPETENCE_TITLES.items():
        Competence.objects.filter(organisation=org, name=name).update(
            public_title=title, reveals_programme=reveals
        )
    # Where the peers who left went: the way on.
    destinations = [
        LeavingDestination.JOB,
        LeavingDestination.EDUCATION,
        LeavingDestination.TREATMENT,
        LeavingDestination.UNKNOWN,
        LeavingDestination.PROGRAMME,
        LeavingDestination.STAFF_POST,
    ]
    left = PeerWorker.objects.filter(organisation=org, status=PeerStatus.LEFT).order_by("pk")
    for index, peer in enumerate(left):
        peer.left_on = ctx.today - timedelta(days=ctx.rng.randint(10, 200))
        peer.left_to = destinations[index % len(destinations)]
        peer.save(update_fields=["left_on", "left_to"])
    # The most experienced current peer has just left for a job: their record has a reference. Not one
    # of the kiosk peers printed with their PINs: leaving switches their sign-in off.
    printed = [peer.pk for peer in ctx.objects.get("kiosk_peers", [])]
    leaver = (
        PeerWorker.objects.filter(organisation=org, status=PeerStatus.ACTIVE)
        .exclude(pk__in=printed)
        .annotate(worked=Count("assignments", filter=Q(assignments__status=AssignmentStatus.COMPLETED)))
        .order_by("-worked", "pk")
        .first()
    )
    if leaver is None:
        return
    Assignment.objects.filter(
        peer=leaver, status=AssignmentStatus.ASSIGNED, shift__starts_at__gte=timezone.now()
    ).delete()
    peer_leave(
        peer=leaver,
        by=ctx["staff"]["coordinator"],
        destination=LeavingDestination.JOB,
        reason="Got a job at a community kitchen.",
        on=ctx.today - timedelta(days=3),
    )
    reference_write(
        peer=leaver, text=REFERENCE.format(name=leaver.preferred_name), by=ctx["staff"]["supervisor"]
    )
    ctx.sign_ins.append(
        f"  Work record: {leaver.preferred_name} left for a job; see their page, Work record."
    )
