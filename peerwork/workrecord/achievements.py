"""The work record's section on learning goals and competences, from the growth app's achievements.

Competence names and goals are written by the organisation and may name drug use or harm
reduction ("Naloxone and overdose response"). An open record (the peer's choice) names them all.
A discreet record names a competence only by its public name (a neutral title on a work record, or
its own name once staff say the name does not reveal the programme: "Cash handling"), without the
step's wording, and counts the others; goals are free text, so it only counts them.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peerwork.growth.selectors import achievements_for
from peerwork.peers.models import PeerWorker

from .sections import Section


def growth_section(peer: PeerWorker, open: bool) -> Section | None:
    achieved = achievements_for(peer)
    rated = [c for c in achieved.competences if c.supervisor_level]
    if not (achieved.goals or rated):
        return None
    title = _("Learning goals and competences")
    if not open:
        items = []
        if achieved.goals:
            items.append(
                ngettext(
                    "%(n)s learning goal achieved in a placement plan, confirmed by a supervisor.",
                    "%(n)s learning goals achieved in placement plans, confirmed by a supervisor.",
                    len(achieved.goals),
                )
                % {"n": len(achieved.goals)}
            )
        named = [c for c in rated if c.public_name]
        unnamed = len(rated) - len(named)
        items += [
            _("%(competence)s: step %(level)s of %(steps)s")
            % {"competence": c.public_name, "level": c.supervisor_level, "steps": c.steps}
            for c in named
        ]
        if unnamed and named:
            items.append(
                ngettext(
                    "%(n)s other competence assessed by a supervisor.",
                    "%(n)s other competences assessed by a supervisor.",
                    unnamed,
                )
                % {"n": unnamed}
            )
        elif unnamed:
            items.append(
                ngettext(
                    "%(n)s competence assessed by a supervisor.",
                    "%(n)s competences assessed by a supervisor.",
                    unnamed,
                )
                % {"n": unnamed}
            )
        return Section(key="growth", title=title, items=items)
    items = [
        _("%(competence)s: step %(level)s of %(steps)s (%(step)s)")
        % {
            "competence": c.competence,
            "level": c.supervisor_level,
            "steps": c.steps,
            "step": c.supervisor_step,
        }
        for c in rated
    ]
    items += [
        _("Learning goal achieved: %(goal)s (%(date)s)")
        % {"goal": g.text, "date": date_format(g.achieved_on, "DATE_FORMAT")}
        for g in achieved.goals
    ]
    return Section(key="growth", title=title, items=items)
