"""A backup restored over changed data gives back every table exactly: counts and checksums."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from peerwork.core.backup import fingerprint
from peerwork.peers.models import PeerWorker
from tests.factories import PeerWorkerFactory


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_back_every_table_exactly(org_a, tmp_path):
    PeerWorkerFactory.create_batch(5, organisation=org_a.org)
    before = fingerprint()
    backup = tmp_path / "peerwork.dump"

    call_command("backup", str(backup))
    PeerWorkerFactory.create_batch(3, organisation=org_a.org)
    PeerWorker.objects.filter(pk=org_a.peer.pk).update(preferred_name="changed after the backup")
    assert fingerprint() != before

    call_command("restore", str(backup), "--yes")

    after = fingerprint()
    assert after == before
    assert after["peers_peerworker"].rows == 6


@pytest.mark.django_db
def test_restoring_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(tmp_path / "nothing.dump"), "--yes")
