"""Plain-language, translatable sentences for allocation outcomes and eligibility."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from . import allocation as A
from . import stretch
from .mentor_pairs import PAIRED_WITH_MENTEE, PAIRED_WITH_MENTOR


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


def _headroom(p: dict[str, Any], name: str | None) -> str:
    """The earnings-limit reason in the rule's own period ("this month", never "for the week")."""
    period = str(p.get("period", ""))
    if name is None:
        texts = {
            "week": _("This shift would take your earnings past your %(rule)s limit this week."),
            "fortnight": _("This shift would take your earnings past your %(rule)s limit this fortnight."),
            "month": _("This shift would take your earnings past your %(rule)s limit this month."),
            "year": _("This shift would take your earnings past your %(rule)s limit this year."),
        }
        fallback = _("This shift would take your earnings past your limit.")
    else:
        texts = {
            "week": _("%(name)s: this shift would take their earnings past their %(rule)s limit this week."),
            "fortnight": _(
                "%(name)s: this shift would take their earnings past their %(rule)s limit this fortnight."
            ),
            "month": _(
                "%(name)s: this shift would take their earnings past their %(rule)s limit this month."
            ),
            "year": _("%(name)s: this shift would take their earnings past their %(rule)s limit this year."),
        }
        fallback = _("%(name)s: this shift would take their earnings past their limit.")
    template = texts.get(period, fallback) if p.get("rule") else fallback
    return template % {"rule": p.get("rule", ""), "name": name or ""}


def fits_text(params: dict[str, Any]) -> str:
    """To the peer: a shift that keeps them within their benefit limit, in the rule's own period."""
    rule = params.get("rule")
    if not rule:
        return ""
    texts = {
        "week": _("Fits your %(rule)s limit this week."),
        "fortnight": _("Fits your %(rule)s limit this fortnight."),
        "month": _("Fits your %(rule)s limit this month."),
        "year": _("Fits your %(rule)s limit this year."),
    }
    return texts.get(str(params.get("period", "")), _("Fits your %(rule)s limit.")) % {"rule": rule}


# The sentences about a peer, for a coordinator, by outcome code. Lazy: translated when used, one
# sentence at a time, since a review says one for each of thousands of decisions.
_ABOUT_THE_PEER = {
    "needs_stage": gettext_lazy(
        "%(name)s: this role starts at the stage “%(stage)s”; they are not there yet."
    ),
    "needs_certification": gettext_lazy(
        "%(name)s: needs a valid %(course)s certification on the day of the shift."
    ),
    "not_active": gettext_lazy("%(name)s: their profile is not active right now, so no shifts can be given."),
    A.OVERLAP: gettext_lazy("%(name)s already has a shift at that time (%(other)s)."),
    A.REST: gettext_lazy(
        "%(name)s: too close to their other shift (%(other)s): at least %(rest_hours)s hours of rest "
        "are needed."
    ),
    A.WEEKLY_LIMIT: gettext_lazy(
        "%(name)s: this shift would take them past the limit of %(hours)s hours a week."
    ),
    A.ASSIGNED: gettext_lazy("%(name)s: assigned."),
    stretch.ASSIGNED_STRETCH: gettext_lazy(
        "%(name)s: assigned to a place kept for peers at %(below)s who ask for work towards %(stage)s."
    ),
    PAIRED_WITH_MENTOR: gettext_lazy("%(name)s: assigned, paired with their mentor."),
    PAIRED_WITH_MENTEE: gettext_lazy("%(name)s: assigned, paired with the new peer they mentor."),
}


def _third_person(code: str, p: dict[str, Any], name: str) -> str | None:
    """The sentence about a peer, for a coordinator; None where the peer's own sentence reads fine."""
    if code not in _ABOUT_THE_PEER:
        return None
    try:
        return str(_ABOUT_THE_PEER[code]) % {**p, "name": name}
    except (KeyError, ValueError, TypeError):
        return None


# The sentences to the peer, by outcome code (lazy, as above).
_TO_THE_PEER = {
    A.ASSIGNED: gettext_lazy("Assigned. See you there."),
    PAIRED_WITH_MENTOR: gettext_lazy("Assigned, paired with your mentor. See you there."),
    PAIRED_WITH_MENTEE: gettext_lazy("Assigned, paired with the new peer you mentor. See you there."),
    stretch.ASSIGNED_STRETCH: gettext_lazy(
        "Assigned to a place kept for peers at %(below)s who ask for work towards %(stage)s. See you there."
    ),
    stretch.FULL_STRETCH: gettext_lazy(
        "Some places on this shift are kept for peers at %(below)s who ask for work towards %(stage)s."
    ),
    "manual_assigned": gettext_lazy("Assigned by a coordinator."),
    "manual_removed": gettext_lazy("A coordinator gave this place to someone else: %(note)s"),
    "needs_stage": gettext_lazy("This role starts at the stage “%(stage)s”; you are not there yet."),
    "needs_certification": gettext_lazy("Needs a valid %(course)s certification on the day of the shift."),
    "not_active": gettext_lazy("Your profile is not active right now, so no shifts can be given."),
    A.OVERLAP: gettext_lazy("You already have a shift at that time (%(other)s)."),
    A.REST: gettext_lazy(
        "Too close to your other shift (%(other)s): at least %(rest_hours)s hours of rest are needed."
    ),
    A.WEEKLY_LIMIT: gettext_lazy("This shift would take you past the limit of %(hours)s hours a week."),
    A.FULL_EQUITY: gettext_lazy("The places went to peers with fewer hours this month."),
    A.FULL_NEW_PEERS: gettext_lazy(
        "Some places on this shift are kept for peers who are new to the programme."
    ),
    A.FULL_RANK: gettext_lazy("The places went to peers who ranked this shift higher."),
    A.FULL_DRAW: gettext_lazy("The shift was full and the tie was settled by the recorded draw."),
    A.PAIR: gettext_lazy("This role is worked in pairs and no partner could be matched."),
    A.NOT_CHOSEN: gettext_lazy("Not given this time."),
    A.NO_REQUESTS: gettext_lazy("Nobody who could work it asked for it."),
}


def reason_text(code: str, params: dict[str, Any] | None = None, *, name: str | None = None) -> str:
    """One sentence for an outcome code from the engine or the eligibility check: to the peer,
    or, with ``name``, about the peer to a coordinator."""
    p = {k: _plain_number(v) for k, v in (params or {}).items()}
    if code == A.HEADROOM:
        return _headroom(p, name)
    if name is not None:
        about = _third_person(code, p, name)
        if about is not None:
            return about
        return f"{name}: {reason_text(code, params)}"
    template = str(_TO_THE_PEER[code]) if code in _TO_THE_PEER else code
    try:
        text = template % p if "%(" in template else template
    except (KeyError, ValueError, TypeError):
        text = template
    if code in A.FULL_CODES or code == stretch.FULL_STRETCH:
        text += _waitlist(p)
    return text


def review_text(code: str, params: dict[str, Any] | None, name: str) -> str:
    """A decision's reason on the coordinator's review: about the peer ("Bea: ... their ODSP limit
    this month") where it would otherwise speak to them; outcomes without a "you" stay as they are."""
    p = {k: _plain_number(v) for k, v in (params or {}).items()}
    if code == A.HEADROOM:
        return _headroom(p, name)
    if code in A.FULL_CODES and p.get("position"):
        # The shift's sentence reads the same for both; only the waitlist place names the peer.
        base = reason_text(code, {k: v for k, v in p.items() if k != "position"})
        place = _("%(name)s is %(position)s on the waitlist.") % {
            "name": name,
            "position": ordinal(int(p["position"])),
        }
        return f"{base} {place}"
    return _third_person(code, p, name) or reason_text(code, params)


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
