"""The tally form and the tables name each count the same way: the model's label, from one place."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from peerwork.services.models import EntryKind
from peerwork.services.services import records_sync

from .factories import new_uuid, shift_with_peer

FORM_LABEL = re.compile(r'<label for="count-(\w+)">([^<]+)</label>')
TODAY_HEADER = re.compile(r'<th scope="col" class="num">([^<]+)</th>')


def test_the_entry_form_and_todays_table_use_the_same_labels(org_a, client_for):
    shift = shift_with_peer(org_a)
    now = timezone.now().isoformat()
    records_sync(
        organisation=org_a.org,
        user=org_a.peer_user,
        is_staff=False,
        records=[
            {"uuid": new_uuid(), "kind": kind, "shift": shift.pk, "quantity": 2, "occurred_at": now}
            for kind in ("contact", "naloxone_training")
        ],
    )
    form = client_for(org_a.peer_user).get(reverse("services:entry", args=[shift.pk])).content.decode()
    labels = dict(FORM_LABEL.findall(form))
    assert labels["contact"] == EntryKind.CONTACT.label
    assert labels["naloxone_training"] == EntryKind.NALOXONE_TRAINING.label
    assert labels["sharps"] == EntryKind.SHARPS.label

    today = client_for(org_a.coordinator).get(reverse("services:today")).content.decode()
    headers = TODAY_HEADER.findall(today)
    assert labels["contact"] in headers and labels["naloxone_training"] in headers
    assert "People contacted" not in form + today
