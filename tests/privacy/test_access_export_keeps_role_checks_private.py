"""A subject access export carries the peer's role checks to the peer; an admin's export of the peer
holds only the role checks the peer shared (the pages' rule)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from peerwork.support.models import TimeOnRole
from peerwork.support.rolework import role_check_record
from tests.support.factories import role_with_duties

pytestmark = pytest.mark.django_db


def _dumped(content: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())


def test_role_checks_reach_the_peer_and_only_shared_ones_reach_an_admin(org_a, client_for):
    role = role_with_duties(org_a.org)
    for text, shared in (("PRIVATECHECK desk", False), ("SHAREDCHECK street", True)):
        role_check_record(
            peer=org_a.peer,
            role=role,
            time_on_role=TimeOnRole.ABOUT_HALF,
            spent_on=text,
            would_change="a rota",
            shared=shared,
        )

    own = _dumped(client_for(org_a.peer_user).post(reverse("privacy:my_export")).content)
    by_admin = client_for(org_a.admin).post(
        reverse("privacy:peer_export", args=[org_a.peer.pk]),
        {"requested_by_peer": "on", "reason": "Asked at the drop-in"},
    )

    assert "PRIVATECHECK" in own and "SHAREDCHECK" in own
    dumped = _dumped(by_admin.content)
    assert "SHAREDCHECK" in dumped and "PRIVATECHECK" not in dumped
    assert "support.rolecheck" in dumped  # named as withheld
