"""The work record's section on what the peer contributed since joining, from services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from peerwork.peers.models import PeerWorker
from peerwork.services.contribution import contribution_for

from .sections import Section


def contribution_section(peer: PeerWorker, open: bool) -> Section | None:
    end = peer.left_on or peer.organisation.today()
    lines = contribution_for(peer, None, end).lines(open_about_programme=open)
    if not lines:
        return None
    return Section(key="contribution", title=_("What they contributed"), items=lines)
