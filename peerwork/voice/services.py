"""Writes for voice: feedback in, themes on it, and the advisory group's meetings, decisions and actions."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.casework.names import name_like
from peerwork.orgs.models import Organisation, Site
from peerwork.participation.models import ActivityKind
from peerwork.participation.services import activity_create, participation_record
from peerwork.pay.models import PayoutSource
from peerwork.pay.services import payout_create_off_shift
from peerwork.peers.models import PeerWorker
from peerwork.support.models import RoleAction

from .models import (
    TEXT_MAX,
    Action,
    Decision,
    Feedback,
    FeedbackLink,
    Mattered,
    Meeting,
    Source,
    Status,
    Theme,
)

RATE_WINDOW_SECONDS = 3600
HOLD_AFTER = 3  # from the third message in a window on, feedback is held for review
REFUSE_AFTER = 5  # past this many, nothing more is taken until the window ends
_PHONE = re.compile(r"(?:\+?\d[\s().-]*){7,}")
_LINK = re.compile(r"(?:https?://|www\.|\b[\w-]+\.(?:com|net|org|ru|io|xyz|info)\b)", re.IGNORECASE)


class RateLimited(Exception):
    """Too many messages from one device or address in the window."""


def _rate_key(address: str) -> str:
    # Only a salted hash is kept, and only in the cache for the window: never in the database.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"voice:rate:{digest}"


def rate_count(address: str) -> int:
    """Count this message from ``address``; raise RateLimited past the limit."""
    key = _rate_key(address)
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    if count > REFUSE_AFTER:
        raise RateLimited
    return count


def feedback_text_problem(text: str) -> str | None:
    """The reason ``text`` must be reworded before sending, or None."""
    if len(text) > TEXT_MAX:
        return _("Please keep it to %(max)d characters.") % {"max": TEXT_MAX}
    if _PHONE.search(text) or name_like(text):
        return _("Please don't include names or numbers, so that nobody can be recognised.")
    return None


@transaction.atomic
def feedback_submit(
    *,
    organisation: Organisation,
    rating: int,
    mattered: Iterable[str] = (),
    text: str = "",
    site: Site | None = None,
    source: str = Source.LINK,
    named_peer: PeerWorker | None = None,
    count_in_window: int = 1,
) -> Feedback:
    """Keep one piece of feedback; markup is stored as plain text, links and floods are held."""
    errors: dict[str, str] = {}
    if rating not in range(1, 6):
        errors["rating"] = _("Choose how it was, from 1 to 5.")
    chosen = list(dict.fromkeys(mattered))
    if any(item not in Mattered.values for item in chosen):
        errors["mattered"] = _("Choose from the list.")
    plain = strip_tags(text or "").strip()
    problem = feedback_text_problem(plain)
    if problem:
        errors["text"] = problem
    if site is not None and site.organisation_id != organisation.pk:
        errors["site"] = _("Choose one of your sites.")
    if named_peer is not None and named_peer.organisation_id != organisation.pk:
        errors["named_peer"] = _("Only a peer of this organisation can sign feedback.")
    if errors:
        raise ValidationError(errors)
    held = ""
    if _LINK.search(plain):
        held = "link"
    elif count_in_window >= HOLD_AFTER:
        held = "flood"
    return Feedback.objects.create(
        organisation=organisation,
        site=site,
        source=source,
        rating=rating,
        mattered=chosen,
        text=plain,
        named_peer=named_peer,
        status=Status.HELD if held else Status.PUBLISHED,
        held_reason=held,
        received_on=organisation.today(),
    )


def feedback_release(*, feedback: Feedback) -> Feedback:
    """A reviewer found held feedback fine: it is shown like the rest."""
    feedback.status = Status.PUBLISHED
    feedback.save(update_fields=["status"])
    return feedback


def theme_create(*, organisation: Organisation, name: str) -> Theme:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the theme a name.")})
    limit = Theme._meta.get_field("name").max_length or 80
    if len(name) > limit:
        raise ValidationError(
            {"name": _("Keep the theme's name to %(limit)s characters.") % {"limit": limit}}
        )
    if Theme.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a theme with this name.")})
    return Theme.objects.create(organisation=organisation, name=name)


@transaction.atomic
def feedback_tag(*, feedback: Feedback, themes: Iterable[Theme]) -> Feedback:
    themes = list(themes)
    if any(theme.organisation_id != feedback.organisation_id for theme in themes):
        raise ValidationError({"themes": _("Choose from your organisation's themes.")})
    feedback.themes.set(themes)
    return feedback


@transaction.atomic
def meeting_record(
    *,
    organisation: Organisation,
    held_on: date,
    agenda: str = "",
    attendees: Iterable[PeerWorker] = (),
    site: Site | None = None,
    starts: time | None = None,
    ends: time | None = None,
    pay_each: Decimal | None = None,
    by: User | None = None,
) -> Meeting:
    """Record a meeting; with a site and times, attendance also counts as participation on the ladder,
    and where the organisation pays for advisory work (``pay_each``), each peer who attended is owed
    that much at the site's desk, through the same rule check as every other pay."""
    attendees = list(attendees)
    if any(peer.organisation_id != organisation.pk for peer in attendees):
        raise ValidationError({"attendees": _("Choose peers of your organisation.")})
    if site is not None and site.organisation_id != organisation.pk:
        raise ValidationError({"site": _("Choose one of your sites.")})
    if site is not None and (starts is None or ends is None):
        raise ValidationError(
            {"starts": _("Give the start and end time, so that attendance counts as participation.")}
        )
    if pay_each is not None and pay_each <= 0:
        pay_each = None
    if pay_each is not None and site is None:
        raise ValidationError({"site": _("Choose the site whose desk pays the peers who attended.")})
    meeting = Meeting.objects.create(
        organisation=organisation, held_on=held_on, agenda=agenda.strip(), pay_each=pay_each
    )
    meeting.attendees.set(attendees)
    if site is not None and starts is not None and ends is not None:
        zone = organisation.zone
        activity = activity_create(
            organisation=organisation,
            site=site,
            kind=ActivityKind.PEER_LED,
            title=_("Peer advisory group"),
            starts_at=datetime.combine(held_on, starts, tzinfo=zone),
            ends_at=datetime.combine(held_on, ends, tzinfo=zone),
            by=by,
        )
        participation_record(activity=activity, peers=attendees, by=by)
        meeting.activity = activity
        meeting.save(update_fields=["activity"])
        if pay_each is not None:
            meeting_pay_attendees(meeting=meeting, by=by)
    return meeting


def meeting_pay_attendees(*, meeting: Meeting, by: User | None = None) -> list[tuple[PeerWorker, str]]:
    """Owe each attendee the meeting's pay, once (by reference): running it again pays nobody twice and
    pays whoever the rules allow now. Returns the peers left unpaid, each with the rule's reason."""
    if meeting.pay_each is None or meeting.activity is None:
        return []
    site = meeting.activity.site
    unpaid: list[tuple[PeerWorker, str]] = []
    for peer in meeting.attendees.order_by("pk"):
        payout, verdict = payout_create_off_shift(
            peer=peer,
            site=site,
            amount=meeting.pay_each,
            earned_on=meeting.held_on,
            reference=meeting.payout_reference(peer),
            description=_("Peer advisory group %(day)s") % {"day": meeting.held_on.isoformat()},
            actor=by,
            source=PayoutSource.ADVISORY,
        )
        if payout is None:
            unpaid.append((peer, verdict.text(peer.preferred_name)))
    return unpaid


@transaction.atomic
def decision_record(*, meeting: Meeting, text: str, themes: Iterable[Theme] = ()) -> Decision:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what was decided.")})
    themes = list(themes)
    if any(theme.organisation_id != meeting.organisation_id for theme in themes):
        raise ValidationError({"themes": _("Choose from your organisation's themes.")})
    decision = Decision.objects.create(organisation=meeting.organisation, meeting=meeting, text=text[:300])
    decision.themes.set(themes)
    return decision


def action_record(
    *,
    decision: Decision,
    description: str,
    owner: str = "",
    due_on: date | None,
    owner_user: User | None = None,
    role_action: RoleAction | None = None,
) -> Action:
    """An action on a decision, owned by a member (``owner_user``) or by a group or person named in
    ``owner``; with a member and no name, the member's name is kept beside the link."""
    errors: dict[str, str] = {}
    if not (description or "").strip():
        errors["description"] = _("Say what will be done.")
    if (
        owner_user is not None
        and not owner_user.memberships.filter(organisation=decision.organisation, is_active=True).exists()
    ):
        errors["owner_user"] = _("Choose a member of your organisation.")
    elif owner_user is not None and not (owner or "").strip():
        owner = str(owner_user)
    if not (owner or "").strip() and "owner_user" not in errors:
        errors["owner"] = _("Every action needs an owner: who will do it?")
    if due_on is None:
        errors["due_on"] = _("Give the action a due date.")
    if role_action is not None and role_action.organisation_id != decision.organisation_id:
        errors["role_action"] = _("Choose a change to one of your organisation's roles.")
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    return Action.objects.create(
        organisation=decision.organisation,
        decision=decision,
        description=description.strip()[:300],
        owner=owner.strip()[:120],
        owner_user=owner_user,
        due_on=due_on,
        role_action=role_action,
    )


def action_done(*, action: Action, what_changed: str, done_on: date | None = None) -> Action:
    what_changed = (what_changed or "").strip()
    if not what_changed:
        raise ValidationError({"what_changed": _("Say what changed, in plain words.")})
    action.what_changed = what_changed[:300]
    action.done_on = done_on or action.organisation.today()
    action.save(update_fields=["what_changed", "done_on"])
    return action


# --- card and poster links ------------------------------------------------------------------


def link_create(
    *, organisation: Organisation, label: str, site: Site | None = None, by: User | None = None
) -> FeedbackLink:
    """A new link to print on a card or poster (optionally for one site's feedback)."""
    label = label.strip()
    if not label:
        raise ValidationError({"label": [_("Say where the card or poster goes.")]})
    if site is not None and site.organisation_id != organisation.pk:
        raise ValidationError({"site": [_("Choose one of your organisation's sites.")]})
    link = FeedbackLink.objects.create(organisation=organisation, label=label[:120], site=site)
    audit_record(action="feedback_link_created", organisation=organisation, actor=by, obj=link)
    return link


def link_set_active(*, link: FeedbackLink, active: bool, by: User | None = None) -> FeedbackLink:
    """Switch a link off (a poster taken down or copied where it should not be) or back on.

    A link switched off answers like no link at all; what came through it is kept.
    """
    if link.is_active != active:
        link.is_active = active
        link.save(update_fields=["is_active"])
        audit_record(
            action="feedback_link_on" if active else "feedback_link_off",
            organisation=link.organisation,
            actor=by,
            obj=link,
        )
    return link
