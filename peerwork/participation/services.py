"""Writes for participation: activities, a peer's tap at the kiosk, and the staff tick-list."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerStatus, PeerWorker

from .models import Activity, ActivityKind, Channel, Participation

# A tap is taken from an hour before the activity starts until midnight of its day (local time).
TAP_OPENS_BEFORE = timedelta(hours=1)


@transaction.atomic
def activity_create(
    *,
    organisation: Organisation,
    site: Site,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    by: User | None = None,
) -> Activity:
    """Plan an activity at one of the organisation's sites."""
    errors: dict[str, list[str]] = {}
    if site.organisation_id != organisation.pk:
        errors["site"] = [_("Choose a site of this organisation.")]
    if kind not in ActivityKind.values:
        errors["kind"] = [_("Choose what kind of activity this is.")]
    if not (title or "").strip():
        errors["title"] = [_("Give the activity a title people will recognise.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The activity must end after it starts.")]
    if errors:
        raise ValidationError(errors)
    activity = Activity(
        organisation=organisation,
        site=site,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=by,
    )
    activity.full_clean()
    activity.save()
    audit_record(action="activity_created", organisation=organisation, actor=by, obj=activity)
    return activity


def tap_refusal(activity: Activity, peer: PeerWorker, *, site: Site | None, now: datetime) -> str:
    """Why ``peer`` may not tap into ``activity`` at the kiosk of ``site`` now; "" when they may."""
    if peer.organisation_id != activity.organisation_id:
        return _("This activity is not one of this organisation's.")
    if peer.status == PeerStatus.LEFT:
        return _("Only current peers can tap in. Please ask a coordinator.")
    if site is None:
        return _("Tap in at the kiosk where the activity is, or ask staff to tick you on their list.")
    if site.pk != activity.site_id:
        return _("This activity is at %(right)s, not here at %(here)s. Tap in at the kiosk there.") % {
            "right": activity.site.name,
            "here": site.name,
        }
    zone = activity.organisation.zone
    day = timezone.localtime(activity.starts_at, zone).date()
    today = timezone.localtime(now, zone).date()
    if day != today or now < activity.starts_at - TAP_OPENS_BEFORE:
        return _("You can tap in on the day of the activity, from an hour before it starts.")
    return ""


@transaction.atomic
def participation_tap(
    *,
    activity: Activity,
    peer: PeerWorker,
    site: Site | None,
    by: User | None = None,
    now: datetime | None = None,
) -> Participation:
    """A peer taps "I'm here" at the kiosk of ``site`` (None: not at a kiosk, which is refused)."""
    now = now or timezone.now()
    activity = Activity.objects.select_for_update().select_related("site", "organisation").get(pk=activity.pk)
    refusal = tap_refusal(activity, peer, site=site, now=now)
    if refusal:
        raise ValidationError(refusal)
    if Participation.objects.filter(activity=activity, peer=peer).exists():
        raise ValidationError(
            _("You are already down for %(title)s. See you there.") % {"title": activity.title}
        )
    record = Participation.objects.create(
        organisation=activity.organisation,
        activity=activity,
        peer=peer,
        channel=Channel.KIOSK,
        recorded_by=by,
    )
    audit_record(action="participation_tapped", organisation=activity.organisation, actor=by, obj=record)
    return record


@transaction.atomic
def participation_record(
    *, activity: Activity, peers: list[PeerWorker], by: User | None = None
) -> list[Participation]:
    """The staff tick-list: who took part. It replaces the earlier list; an untick removes the record."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if any(peer.organisation_id != activity.organisation_id for peer in peers):
        raise ValidationError({"peers": [_("Only peers of this organisation can be ticked.")]})
    wanted = {peer.pk: peer for peer in peers}
    existing = {p.peer_id: p for p in Participation.objects.filter(activity=activity)}
    removed = [pid for pid in existing if pid not in wanted]
    Participation.objects.filter(activity=activity, peer_id__in=removed).delete()
    records = []
    for peer_id, peer in wanted.items():
        record = existing.get(peer_id)
        if record is None:
            record = Participation.objects.create(
                organisation=activity.organisation,
                activity=activity,
                peer=peer,
                channel=Channel.LIST,
                recorded_by=by,
            )
        records.append(record)
    audit_record(
        action="participation_recorded",
        organisation=activity.organisation,
        actor=by,
        obj=activity,
        taking_part=len(wanted),
        removed=len(removed),
    )
    return records
