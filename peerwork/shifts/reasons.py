"""Plain-language, translatable sentences for allocation outcomes and eligibility."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from . import allocation as A


def ordinal(n: int) -> str:
    """1st, 2nd... in English; other languages get the plain number."""
    if not (get_language() or "en").startswith("en"):
        return str(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _waitlist(params: dict[str, Any]) -> str:
    position = params.get("position")
    if not position:
        return ""
    return " " + _("You are %(position)s on the waitlist.") % {"position": ordinal(int(position))}


def _plain_number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def reason_text(code: str, params: dict[str, Any] | None = None) -> str:
    """One sentence a peer can read, for an outcome code from the engine or the eligibility check."""
    p = {k: _plain_number(v) for k, v in (params or {}).items()}
    texts = {
        A.ASSIGNED: _("Assigned. See you there."),
        "manual_assigned": _("Assigned by a coordinator."),
        "manual_removed": _("A coordinator gave this place to someone else: %(note)s"),
        "needs_stage": _("This role starts at the stage “%(stage)s”; you are not there yet."),
        "needs_certification": _("Needs a valid %(course)s certification on the day of the shift."),
        "not_active": _("Your profile is not active right now, so no shifts can be given."),
        A.OVERLAP: _("You already have a shift at that time (%(other)s)."),
        A.REST: _(
            "Too close to your other shift (%(other)s): at least %(rest_hours)s hours of rest are needed."
        ),
        A.WEEKLY_LIMIT: _("This shift would take you past the limit of %(hours)s hours a week."),
        A.HEADROOM: _("This shift would take your earnings past your limit for the week."),
        A.FULL_EQUITY: _("The places went to peers with fewer hours this month."),
        A.FULL_NEW_PEERS: _("Some places on this shift are kept for peers who are new to the programme."),
        A.FULL_RANK: _("The places went to peers who ranked this shift higher."),
        A.FULL_DRAW: _("The shift was full and the tie was settled by the recorded draw."),
        A.PAIR: _("This role is worked in pairs and no partner could be matched."),
        A.NOT_CHOSEN: _("Not given this time."),
        A.NO_REQUESTS: _("Nobody who could work it asked for it."),
    }
    template = texts.get(code, code)
    try:
        text = template % p if "%(" in template else template
    except (KeyError, ValueError, TypeError):
        text = template
    if code in A.FULL_CODES:
        text += _waitlist(p)
    return text


def binding_text(code: str, places: int) -> str:
    """Why ``places`` places stayed empty, for the coordinator's review."""
    labels = {
        A.NO_REQUESTS: _("no eligible peer asked"),
        "needs_stage": _("stage too low for the role"),
        "needs_certification": _("missing a valid certification"),
        "not_active": _("peer not active"),
        A.OVERLAP: _("overlapping shifts"),
        A.REST: _("minimum rest between shifts"),
        A.WEEKLY_LIMIT: _("weekly hours limit"),
        A.HEADROOM: _("earnings limit (benefits)"),
        A.PAIR: _("no partner for a paired role"),
        A.NOT_CHOSEN: _("not chosen"),
    }
    label = labels.get(code, code)
    return ngettext("%(count)s place empty: %(label)s", "%(count)s places empty: %(label)s", places) % {
        "count": places,
        "label": label,
    }
