"""Sections other apps add to the work record, e.g. competences and learning goals achieved.

An app above the work record's dependencies (placements and competences, the ``growth`` app)
registers a provider in its ``AppConfig.ready()``:

    sections.register("growth.competences", competences_section, order=10)

A provider gets the peer and whether the record is open about the programme (``open``; when
False, leave out anything that names drug use or harm reduction) and returns a ``Section`` or
None when it has nothing to show. The record renders sections in ``order`` after trainings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from peerwork.core.registry import Collection
from peerwork.peers.models import PeerWorker


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: list[str] = field(default_factory=list)


SectionProvider = Callable[[PeerWorker, bool], Section | None]
sections: Collection[SectionProvider] = Collection("work record sections")
