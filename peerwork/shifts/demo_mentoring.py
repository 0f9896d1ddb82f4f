"""Demo: each mentor and their new peer ask for the same paired shift every week of their pairing,
so the allocation shows "paired with their mentor"."""

from __future__ import annotations

from typing import Any

from peerwork.pathway.models import Mentorship

from .models import Shift, SignUp


def sign_up_mentor_pairs(shifts: list[Shift], week_start: Any) -> None:
    paired = [s for s in shifts if s.role.is_paired and s.role.min_stage_id is None]
    if not paired:
        return
    pairings = Mentorship.objects.filter(
        organisation=paired[0].organisation, ended_on__isnull=True, started_on__lte=week_start
    )
    for index, pairing in enumerate(pairings):
        shift = paired[index % len(paired)]
        for peer_id in (pairing.mentor_id, pairing.mentee_id):
            SignUp.objects.update_or_create(
                shift=shift, peer_id=peer_id, defaults={"organisation": shift.organisation, "rank": 1}
            )
