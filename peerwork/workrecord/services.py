"""Writes for the work record: the peer's choice, a supervisor's reference, the organisation's naming."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker

from .models import Reference, WorkRecordChoice, WorkRecordSettings

MAX_REFERENCE = 4000


@transaction.atomic
def work_record_choice_set(
    *, peer: PeerWorker, open_about_programme: bool, by: User | None = None
) -> WorkRecordChoice:
    """The peer decides whether their record names the programme's purpose and every role."""
    choice, _created = WorkRecordChoice.objects.get_or_create(peer=peer)
    choice.open_about_programme = open_about_programme
    choice.save()
    audit_record(
        action="work_record_choice_set",
        organisation=peer.organisation,
        actor=by,
        obj=peer,
        open_about_programme=open_about_programme,
    )
    return choice


@transaction.atomic
def reference_write(*, peer: PeerWorker, text: str, by: User, names_programme: bool = False) -> Reference:
    """Write (or rewrite) the supervisor's reference on the peer's work record."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the reference: a few sentences an employer can read.")]})
    if len(text) > MAX_REFERENCE:
        raise ValidationError(
            {"text": [_("Keep the reference under %(n)s characters.") % {"n": MAX_REFERENCE}]}
        )
    reference = Reference.objects.filter(peer=peer).first() or Reference(
        organisation=peer.organisation, peer=peer
    )
    reference.text = text
    reference.names_programme = names_programme
    reference.written_by = by
    reference.written_on = peer.organisation.today()
    reference.save()
    audit_record(action="reference_written", organisation=peer.organisation, actor=by, obj=peer)
    return reference


@transaction.atomic
def work_record_settings_save(
    *, organisation: Organisation, public_name: str = "", contact: str = "", by: User | None = None
) -> WorkRecordSettings:
    settings, _created = WorkRecordSettings.objects.get_or_create(organisation=organisation)
    settings.public_name = (public_name or "").strip()
    settings.contact = (contact or "").strip()
    settings.full_clean()
    settings.save()
    audit_record(action="work_record_settings_saved", organisation=organisation, actor=by, obj=settings)
    return settings
