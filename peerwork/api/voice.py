"""Voice: public feedback (no sign-in, rate-limited), themes, and the peer advisory group."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from peerwork.core.addresses import client_address
from peerwork.orgs.models import Site
from peerwork.peers.models import PeerWorker
from peerwork.support.models import RoleAction
from peerwork.voice import selectors, services
from peerwork.voice.models import Action, Decision, Feedback, FeedbackLink, Mattered, Meeting, Source, Theme

from .common import (
    ERRORS,
    JSON_INTEGER,
    BodyBool,
    BodyId,
    Date,
    Error,
    JsonDecimal,
    LocalTime,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    member,
    org_of,
)

router = Router(tags=["voice"])


class VoiceFeedbackIn(Schema):
    rating: Annotated[int, Field(ge=1, le=5), JSON_INTEGER]
    mattered: list[Mattered] = Field(default_factory=list, max_length=10)
    text: Text = Field("", max_length=5000)


class VoiceFeedbackReceipt(Schema):
    received: bool


class VoiceThemeIn(Schema):
    name: Text = Field(..., max_length=80)


class VoiceThemeOut(Schema):
    id: int
    name: str


class VoiceLinkIn(Schema):
    label: Text = Field(..., max_length=120, description="Where the card or poster goes.")
    site_id: BodyId | None = Field(
        None, description="The site whose feedback this is; none for the whole organisation."
    )


class VoiceLinkSwitchIn(Schema):
    is_active: BodyBool = Field(..., description="False switches the link off: it then leads nowhere.")


class VoiceLinkOut(Schema):
    id: int
    label: str
    site_id: int | None
    is_active: bool
    url: str = Field(..., description="The public address to print; anyone with it may leave feedback.")
    created_at: datetime


class VoiceTagIn(Schema):
    theme_ids: list[BodyId] = Field(default_factory=list, max_length=50)


class VoiceGroupOut(Schema):
    label: str
    count: int | None
    average: float | None


class VoiceGroupsOut(Schema):
    small_cell_threshold: int
    theme: list[VoiceGroupOut]
    site: list[VoiceGroupOut]
    month: list[VoiceGroupOut]


class VoiceMeetingIn(Schema):
    held_on: Date
    agenda: Text = Field("", max_length=5000)
    attendee_ids: list[BodyId] = Field(default_factory=list, max_length=200)
    site_id: BodyId | None = Field(
        None, description="Where it met; with starts and ends, attendance counts as participation."
    )
    starts: LocalTime | None = None
    ends: LocalTime | None = None
    pay_each: Annotated[Decimal, JsonDecimal(places=2, whole_digits=6)] | None = Field(
        None,
        description=(
            "Paid to each peer who attended, where the organisation pays for advisory work; needs site_id. "
            "A peer whose earnings limit it would pass is left unpaid (see the meeting's pay)."
        ),
    )


class VoiceMeetingOut(Schema):
    id: int
    held_on: date
    agenda: str
    attendee_ids: list[int]
    site_id: int | None
    pay_each: Decimal | None


class VoiceAttendeePayOut(Schema):
    peer_id: int
    payout_id: int | None = Field(..., description="The payout owed or made; null when none was.")
    status: str | None = Field(..., description="The payout's status: pending, part_paid, paid, reversed.")
    why_not: str = Field(..., description="Why the rules leave this peer unpaid (empty when paid).")


class VoiceMeetingPayOut(Schema):
    meeting_id: int
    pay_each: Decimal | None = Field(..., description="Null: attendance at this meeting was not paid.")
    attendees: list[VoiceAttendeePayOut]


class VoiceDecisionIn(Schema):
    text: Text = Field(..., max_length=300)
    theme_ids: list[BodyId] = Field(default_factory=list, max_length=50)


class VoiceDecisionOut(Schema):
    id: int
    meeting_id: int
    text: str
    theme_ids: list[int]


class VoiceActionIn(Schema):
    description: Text = Field(..., max_length=300)
    owner: Text = Field(
        "",
        max_length=120,
        description="A group or person outside Peerwork; or leave empty with owner_user_id.",
    )
    owner_user_id: BodyId | None = Field(None, description="The member who owns the action.")
    due_on: Date
    role_action_id: BodyId | None = Field(
        None, description="The change to a role (a role-fit action) this action is, when it is one."
    )


class VoiceActionDoneIn(Schema):
    what_changed: Text = Field(..., max_length=300)


class VoiceActionOut(Schema):
    id: int
    decision_id: int
    description: str
    owner: str
    owner_user_id: int | None
    due_on: date
    done_on: date | None
    what_changed: str
    role_action_id: int | None


@router.post(
    "/public/{token}/feedback",
    operation_id="feedback_submit",
    auth=None,
    response={201: VoiceFeedbackReceipt, 404: Error, 422: Error, 429: Error},
    summary="Leave feedback through a card or poster link, without signing in (rate-limited)",
)
def voice_feedback_submit(request: HttpRequest, token: str, payload: VoiceFeedbackIn):
    link = selectors.active_link(token)
    if link is None:
        raise Http404
    try:
        count = services.rate_count(client_address(request) or "unknown")
    except services.RateLimited:
        return Status(
            429,
            {
                "detail": "Too much feedback from here in a short time. Try again in an hour.",
                "errors": None,
            },
        )
    services.feedback_submit(
        organisation=link.organisation,
        site=link.site,
        source=Source.LINK,
        rating=payload.rating,
        mattered=[item.value for item in payload.mattered],
        text=payload.text,
        count_in_window=count,
    )
    return Status(201, {"received": True})


def _link_out(request: HttpRequest, link: FeedbackLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "label": link.label,
        "site_id": link.site_id,
        "is_active": link.is_active,
        "url": request.build_absolute_uri(reverse("voice:feedback_public", kwargs={"token": link.token})),
        "created_at": link.created_at,
    }


@router.get(
    "/links",
    operation_id="feedback_link_list",
    response=list[VoiceLinkOut],
    summary="Card and poster links, in use or switched off",
)
@paginate(PageNumberPagination, page_size=100)
def voice_link_list(request: HttpRequest):
    member(request, "can_manage_feedback")
    return [_link_out(request, link) for link in selectors.links_for(org_of(request))]


@router.post(
    "/links",
    operation_id="feedback_link_create",
    response={201: VoiceLinkOut, **ERRORS},
    summary="Make a card or poster link",
)
def voice_link_create(request: HttpRequest, payload: VoiceLinkIn):
    membership = member(request, "can_manage_feedback")
    site = fetch(Site, request, pk=payload.site_id) if payload.site_id is not None else None
    link = services.link_create(
        organisation=membership.organisation, label=payload.label, site=site, by=membership.user
    )
    return Status(201, _link_out(request, link))


@router.post(
    "/links/{link_id}/switch",
    operation_id="feedback_link_switch",
    response={200: VoiceLinkOut, **ERRORS},
    summary="Switch a card or poster link off (it then leads nowhere) or back on",
)
def voice_link_switch(request: HttpRequest, link_id: PathId, payload: VoiceLinkSwitchIn):
    membership = member(request, "can_manage_feedback")
    link = fetch(FeedbackLink, request, pk=link_id)
    services.link_set_active(link=link, active=payload.is_active, by=membership.user)
    return _link_out(request, link)


@router.get(
    "/themes",
    operation_id="feedback_theme_list",
    response=list[VoiceThemeOut],
    summary="The organisation's feedback themes",
)
@paginate(PageNumberPagination, page_size=100)
def voice_theme_list(request: HttpRequest):
    member(request, "can_view_feedback")
    return selectors.themes_for(org_of(request)).order_by("name", "id")


@router.post(
    "/themes",
    operation_id="feedback_theme_create",
    response={201: VoiceThemeOut, **ERRORS},
    summary="Add a feedback theme",
)
def voice_theme_create(request: HttpRequest, payload: VoiceThemeIn):
    membership = member(request, "can_manage_feedback")
    return Status(201, services.theme_create(organisation=membership.organisation, name=payload.name))


@router.get(
    "/feedback/groups",
    operation_id="feedback_group_list",
    response={200: VoiceGroupsOut, **ERRORS},
    summary="Feedback counted by theme, site and month; small groups hidden",
)
def voice_feedback_groups(request: HttpRequest):
    member(request, "can_view_feedback")
    organisation = org_of(request)
    groups = selectors.feedback_groups(organisation)
    return {"small_cell_threshold": organisation.small_cell_threshold, **groups}


@router.put(
    "/feedback/{feedback_id}/themes",
    operation_id="feedback_themes_set",
    response={200: list[VoiceThemeOut], **ERRORS},
    summary="Set the themes of one piece of feedback",
)
def voice_feedback_tag(request: HttpRequest, feedback_id: PathId, payload: VoiceTagIn):
    member(request, "can_manage_feedback")
    feedback = fetch(Feedback, request, pk=feedback_id)
    themes = [fetch(Theme, request, pk=pk) for pk in dict.fromkeys(payload.theme_ids)]
    services.feedback_tag(feedback=feedback, themes=themes)
    return list(feedback.themes.order_by("name", "id"))


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "held_on": meeting.held_on,
        "agenda": meeting.agenda,
        "attendee_ids": sorted(peer.pk for peer in meeting.attendees.all()),
        "site_id": meeting.activity.site_id if meeting.activity else None,
        "pay_each": meeting.pay_each,
    }


@router.get(
    "/meetings",
    operation_id="advisory_meeting_list",
    response=list[VoiceMeetingOut],
    summary="Advisory group meetings, newest first",
)
@paginate(PageNumberPagination, page_size=100)
def voice_meeting_list(request: HttpRequest):
    member(request, "can_view_feedback")
    return [_meeting_out(m) for m in selectors.meetings_for(org_of(request)).order_by("-held_on", "-id")]


@router.post(
    "/meetings",
    operation_id="advisory_meeting_create",
    response={201: VoiceMeetingOut, **ERRORS},
    summary="Record an advisory group meeting",
)
def voice_meeting_create(request: HttpRequest, payload: VoiceMeetingIn):
    membership = member(request, "can_manage_advisory")
    attendees = [fetch(PeerWorker, request, pk=pk) for pk in dict.fromkeys(payload.attendee_ids)]
    site = fetch(Site, request, pk=payload.site_id) if payload.site_id is not None else None
    meeting = services.meeting_record(
        organisation=membership.organisation,
        held_on=payload.held_on,
        agenda=payload.agenda,
        attendees=attendees,
        site=site,
        starts=payload.starts,
        ends=payload.ends,
        pay_each=payload.pay_each,
        by=membership.user,
    )
    return Status(201, _meeting_out(meeting))


@router.get(
    "/meetings/{meeting_id}/pay",
    operation_id="advisory_meeting_pay_get",
    response={200: VoiceMeetingPayOut, 404: Error},
    summary="Who was paid for attending a meeting, and why anyone was not",
)
def voice_meeting_pay(request: HttpRequest, meeting_id: PathId):
    member(request, "can_manage_advisory")
    meeting = fetch(selectors.meetings_for(org_of(request)), request, pk=meeting_id)
    return {
        "meeting_id": meeting.pk,
        "pay_each": meeting.pay_each,
        "attendees": [
            {
                "peer_id": line.peer.pk,
                "payout_id": line.payout.pk if line.payout else None,
                "status": line.payout.status if line.payout else None,
                "why_not": line.why_not,
            }
            for line in selectors.meeting_pay(meeting)
        ],
    }


@router.post(
    "/meetings/{meeting_id}/decisions",
    operation_id="advisory_decision_create",
    response={201: VoiceDecisionOut, **ERRORS},
    summary="Record a decision of a meeting",
)
def voice_decision_create(request: HttpRequest, meeting_id: PathId, payload: VoiceDecisionIn):
    member(request, "can_manage_advisory")
    meeting = fetch(selectors.meetings_for(org_of(request)), request, pk=meeting_id)
    themes = [fetch(Theme, request, pk=pk) for pk in dict.fromkeys(payload.theme_ids)]
    decision = services.decision_record(meeting=meeting, text=payload.text, themes=themes)
    return Status(
        201,
        {
            "id": decision.pk,
            "meeting_id": meeting.pk,
            "text": decision.text,
            "theme_ids": sorted(t.pk for t in themes),
        },
    )


@router.get(
    "/actions",
    operation_id="advisory_action_list",
    response=list[VoiceActionOut],
    summary="Advisory actions, by due date",
)
@paginate(PageNumberPagination, page_size=100)
def voice_action_list(request: HttpRequest):
    member(request, "can_view_feedback")
    return Action.objects.filter(organisation=org_of(request)).order_by("due_on", "id")


@router.post(
    "/decisions/{decision_id}/actions",
    operation_id="advisory_action_create",
    response={201: VoiceActionOut, **ERRORS},
    summary="Add an action, with an owner and a due date, to a decision",
)
def voice_action_create(request: HttpRequest, decision_id: PathId, payload: VoiceActionIn):
    membership = member(request, "can_manage_advisory")
    decision = fetch(Decision, request, pk=decision_id)
    owner_user = None
    if payload.owner_user_id is not None:
        found = membership.organisation.memberships.filter(
            user_id=payload.owner_user_id, is_active=True
        ).first()
        if found is None:
            raise Http404  # not a member here: as for any row of another organisation
        owner_user = found.user
    role_action = None
    if payload.role_action_id is not None:
        role_action = fetch(RoleAction, request, pk=payload.role_action_id)
    action = services.action_record(
        decision=decision,
        description=payload.description,
        owner=payload.owner,
        owner_user=owner_user,
        due_on=payload.due_on,
        role_action=role_action,
    )
    return Status(201, action)


@router.post(
    "/actions/{action_id}/done",
    operation_id="advisory_action_done",
    response={200: VoiceActionOut, **ERRORS},
    summary="Mark an action done and say what changed",
)
def voice_action_done(request: HttpRequest, action_id: PathId, payload: VoiceActionDoneIn):
    member(request, "can_manage_advisory")
    action = fetch(Action, request, pk=action_id)
    return services.action_done(action=action, what_changed=payload.what_changed)
