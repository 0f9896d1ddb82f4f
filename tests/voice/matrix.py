"""Voice's routes for the cross-organisation matrix, and organisation A's marked feedback."""

from __future__ import annotations

from typing import Any

from peerwork.voice.models import FeedbackLink
from peerwork.voice.services import action_record, decision_record, feedback_submit, meeting_record

from ..personas import LEAK_MARKER, OrgPersonas


def _feedback(org: OrgPersonas) -> dict[str, Any]:
    item = feedback_submit(organisation=org.org, rating=4, text="the tea was cold")
    return {"pk": item.pk, "__post__": {}}


def _decision(org: OrgPersonas):  # type: ignore[no-untyped-def]
    meeting = meeting_record(organisation=org.org, held_on=org.org.today(), agenda=f"{LEAK_MARKER} agenda")
    return decision_record(meeting=meeting, text=f"{LEAK_MARKER} decision")


def _meeting(org: OrgPersonas) -> dict[str, Any]:
    return {"pk": _decision(org).meeting_id}


def _action_new(org: OrgPersonas) -> dict[str, Any]:
    return {"pk": _decision(org).pk}


def _action(org: OrgPersonas) -> dict[str, Any]:
    action = action_record(
        decision=_decision(org), description=f"{LEAK_MARKER} action", owner="Sam", due_on=org.org.today()
    )
    return {"pk": action.pk, "__post__": {"what_changed": "changed"}}


def _link(org: OrgPersonas) -> dict[str, Any]:
    link = FeedbackLink.objects.create(organisation=org.org, label=f"{LEAK_MARKER} poster")
    return {"token": link.token}


def _link_pk(org: OrgPersonas) -> dict[str, Any]:
    link = FeedbackLink.objects.create(organisation=org.org, site=org.site, label=f"{LEAK_MARKER} poster")
    return {"pk": link.pk, "__post__": {}}


ROUTES = {
    "voice:link_poster": _link_pk,
    "voice:link_toggle": _link_pk,
    "voice:feedback_tag": _feedback,
    "voice:feedback_release": _feedback,
    "voice:meeting_detail": _meeting,
    "voice:action_new": _action_new,
    "voice:action_done": _action,
    "voice:feedback_public": _link,
    "voice:feedback_thanks": _link,
    "voice:you_said_public": _link,
}

# The token printed on a card or poster is the whole permission: anyone may leave feedback through it
# and read "you said, we did", signed in to another organisation or not.
PUBLIC = {
    "voice:feedback_public",
    "voice:feedback_thanks",
    "voice:you_said_public",
    "api:voice_feedback_submit",
}


def seed_voice(org: OrgPersonas) -> None:
    org.org.small_cell_threshold = 1
    org.org.save()
    for _ in range(3):
        feedback_submit(organisation=org.org, site=org.site, rating=3, text="the queue is long at noon")
    _action(org)
    FeedbackLink.objects.create(organisation=org.org, label=f"{LEAK_MARKER} poster")


SEED = [seed_voice]


def _api_feedback(org: OrgPersonas) -> dict[str, Any]:
    return {"feedback_id": _feedback(org)["pk"], "__post__": {"theme_ids": []}, "__json__": True}


def _api_decision_new(org: OrgPersonas) -> dict[str, Any]:
    return {"meeting_id": _meeting(org)["pk"], "__post__": {"text": "x"}, "__json__": True}


def _api_action_new(org: OrgPersonas) -> dict[str, Any]:
    return {
        "decision_id": _decision(org).pk,
        "__post__": {"description": "x", "owner": "y", "due_on": "2026-12-01"},
        "__json__": True,
    }


def _api_action_done(org: OrgPersonas) -> dict[str, Any]:
    return {"action_id": _action(org)["pk"], "__post__": {"what_changed": "x"}, "__json__": True}


def _api_public(org: OrgPersonas) -> dict[str, Any]:
    return {**_link(org), "__post__": {"rating": 4}, "__json__": True}


ROUTES.update(
    {
        "api:voice_feedback_tag": _api_feedback,
        "api:voice_decision_create": _api_decision_new,
        "api:voice_action_create": _api_action_new,
        "api:voice_meeting_pay": lambda org: {"meeting_id": _meeting(org)["pk"]},
        "api:voice_action_done": _api_action_done,
        "api:voice_feedback_submit": _api_public,
        "api:voice_link_switch": lambda org: {
            "link_id": _link_pk(org)["pk"],
            "__post__": {"is_active": False},
            "__json__": True,
        },
    }
)
