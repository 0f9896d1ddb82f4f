"""Writes for questionnaires: loading definitions and wording, taking a check-in, sharing, schedules.

Support (peer wellbeing check-ins) uses ``assessment_start``, ``assessment_answer`` and
``assessment_submit``; they take a peer or a client code and keep partial answers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.core.runs import enqueue_after_commit
from peerwork.orgs.client_codes import normalise_client_code
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker

from .definitions import (
    DefinitionError,
    file_kind,
    load_json,
    parse_definition,
    parse_wording,
    shipped_definitions,
)
from .models import (
    AssessmentResponse,
    AssessmentSettings,
    Instrument,
    InstrumentVersion,
    Mode,
    Reminder,
    ResponseStatus,
    Schedule,
    Score,
    StandingShare,
    VersionSource,
)
from .scoring import AnswerError, check_answer, score
from .selectors import current_version, next_due, settings_for
from .tasks import send_assessment_reminder


def instruments_sync_shipped(*, organisation: Organisation) -> list[InstrumentVersion]:
    """Give the organisation every shipped definition it does not have yet (idempotent)."""
    have = set(
        InstrumentVersion.objects.filter(instrument__organisation=organisation).values_list(
            "instrument__key", "version"
        )
    )
    missing = [data for data in shipped_definitions() if (data["id"], data["version"]) not in have]
    added: list[InstrumentVersion] = []
    if not missing:
        return added
    with transaction.atomic():
        for data in missing:
            instrument, _created = Instrument.objects.get_or_create(organisation=organisation, key=data["id"])
            version, created = InstrumentVersion.objects.get_or_create(
                instrument=instrument,
                version=data["version"],
                defaults={"definition": data, "source": VersionSource.SHIPPED},
            )
            if created:
                added.append(version)
    return added


def instrument_for_key(*, organisation: Organisation, key: str) -> Instrument:
    """The organisation's instrument with this id (shipped ones are added first). Raises DoesNotExist."""
    instruments_sync_shipped(organisation=organisation)
    return Instrument.objects.get(organisation=organisation, key=key)


def instrument_load(
    *, organisation: Organisation, raw: str | bytes, user: User | None = None
) -> tuple[str, InstrumentVersion]:
    """Load a definition file (a new instrument or version) or a wording file (licensed item text).

    Returns ("definition" | "wording", the version). Raises DefinitionError listing every problem.
    """
    load_json(raw)  # a file that is not UTF-8 JSON of a sane depth is refused with that reason
    kind = file_kind(raw)
    if kind == "definition":
        return kind, _load_definition(organisation=organisation, raw=raw, user=user)
    if kind == "wording":
        return kind, _load_wording(organisation=organisation, raw=raw, user=user)
    raise DefinitionError(
        ["format: the file must be JSON with format 'peerwork-instrument/1' or 'peerwork-wording/1'"]
    )


def _load_definition(*, organisation: Organisation, raw: str | bytes, user: User | None) -> InstrumentVersion:
    data = parse_definition(raw)
    with transaction.atomic():
        instruments_sync_shipped(organisation=organisation)
        instrument, _created = Instrument.objects.get_or_create(organisation=organisation, key=data["id"])
        existing = instrument.versions.filter(version=data["version"]).first()
        if existing is not None:
            if existing.definition == data:
                return existing
            raise DefinitionError(
                [
                    f"version: {data['id']} version {data['version']} is already loaded with "
                    "different content; give the changed definition a new version"
                ]
            )
        version = InstrumentVersion.objects.create(
            instrument=instrument,
            version=data["version"],
            definition=data,
            source=VersionSource.LOADED,
            loaded_by=user,
        )
        audit_record(
            action="instrument_loaded",
            organisation=organisation,
            actor=user,
            obj=version,
            instrument=data["id"],
            version=data["version"],
        )
    return version


def _load_wording(*, organisation: Organisation, raw: str | bytes, user: User | None) -> InstrumentVersion:
    head = load_json(raw)
    with transaction.atomic():
        instruments_sync_shipped(organisation=organisation)
        version = (
            InstrumentVersion.objects.select_for_update()
            .filter(
                instrument__organisation=organisation,
                instrument__key=head.get("instrument"),
                version=str(head.get("version")),
            )
            .first()
        )
        if version is None:
            raise DefinitionError(
                [
                    f"instrument: no instrument {head.get('instrument')!r} version {head.get('version')!r} "
                    "in this organisation; load its definition first"
                ]
            )
        wording = parse_wording(raw, version.definition)
        version.wording = wording
        version.wording_source = wording["source"][:300]
        version.wording_loaded_at = timezone.now()
        version.loaded_by = user
        version.save(update_fields=["wording", "wording_source", "wording_loaded_at", "loaded_by"])
        audit_record(
            action="instrument_wording_loaded",
            organisation=organisation,
            actor=user,
            obj=version,
            instrument=version.instrument.key,
            version=version.version,
        )
    return version


def assessment_settings_update(
    *, organisation: Organisation, clients_enabled: bool, reminders_enabled: bool, user: User | None = None
) -> AssessmentSettings:
    with transaction.atomic():
        current = settings_for(organisation)
        current.clients_enabled = clients_enabled
        current.reminders_enabled = reminders_enabled
        current.save()
        audit_record(
            action="assessment_settings_changed",
            organisation=organisation,
            actor=user,
            obj=current,
            clients_enabled=clients_enabled,
            reminders_enabled=reminders_enabled,
        )
    return current


def assessment_start(
    *,
    organisation: Organisation,
    instrument: Instrument,
    peer: PeerWorker | None = None,
    client_code: str = "",
    mode: str = Mode.PHONE,
    user: User | None = None,
    site: Site | None = None,
    language: str = "",
) -> AssessmentResponse:
    """Start (or resume) a check-in for a peer or a client code, on the current version.

    An unfinished response of the same person and instrument is resumed, so nothing typed is lost.
    """
    if instrument.organisation_id != organisation.pk:
        raise ValidationError(_("This questionnaire belongs to another organisation."))
    if (peer is None) == (not client_code):
        raise ValidationError(_("Choose a peer or give a client code."))
    if peer is not None and peer.organisation_id != organisation.pk:
        raise ValidationError(_("This peer belongs to another organisation."))
    code = ""
    if client_code:
        if not settings_for(organisation).clients_enabled:
            raise ValidationError(
                {"client_code": _("This organisation has not turned on questionnaires for clients.")}
            )
        try:
            code = normalise_client_code(organisation, client_code)
        except ValidationError as exc:
            raise ValidationError({"client_code": exc.messages}) from None
    version = current_version(instrument)
    if version is None or not instrument.is_active:
        raise ValidationError(_("This questionnaire is not in use."))
    definition = version.as_definition()
    if not definition.can_administer:
        raise ValidationError(
            _(
                "The wording of %(name)s has not been loaded yet, so it cannot be used. "
                "An organisation admin loads it from the licensed copy with 'peerwork instruments load FILE'."
            )
            % {"name": definition.name("en")}
        )
    audience = definition.audience
    if peer is not None and "peer" not in audience:
        raise ValidationError(_("This questionnaire is not meant for peers."))
    if code and "client" not in audience:
        raise ValidationError({"client_code": _("This questionnaire is not meant for clients.")})
    with transaction.atomic():
        open_ = AssessmentResponse.objects.select_for_update().filter(
            organisation=organisation,
            instrument_version__instrument=instrument,
            status=ResponseStatus.IN_PROGRESS,
        )
        open_ = open_.filter(peer=peer) if peer is not None else open_.filter(client_code=code)
        existing = open_.order_by("-started_at").first()
        if existing is not None:
            return existing
        response = AssessmentResponse.objects.create(
            organisation=organisation,
            instrument_version=version,
            peer=peer,
            client_code=code,
            site=site,
            mode=mode,
            administered_by=user if mode == Mode.STAFF else None,
            language=language,
        )
        audit_record(
            action="assessment_started",
            organisation=organisation,
            actor=user,
            obj=response,
            instrument=instrument.key,
            version=version.version,
            mode=mode,
        )
    return response


def _clean_answers(response: AssessmentResponse, answers: dict[str, Any]) -> dict[str, int | None]:
    definition = response.instrument_version.as_definition()
    errors: dict[str, list[str]] = {}
    clean: dict[str, int | None] = {}
    for item_id, raw in answers.items():
        if raw is None or raw == "":
            clean[item_id] = None
            continue
        try:
            clean[item_id] = check_answer(definition, item_id, raw)
        except AnswerError as exc:
            errors.setdefault(item_id, []).append(str(exc))
    if errors:
        raise ValidationError(errors)
    return clean


def assessment_answer(*, response: AssessmentResponse, answers: dict[str, Any]) -> AssessmentResponse:
    """Save some answers (partial is fine). Off-scale answers are refused and nothing is changed."""
    if response.is_submitted:
        raise ValidationError(_("This check-in is already finished; its answers cannot change."))
    clean = _clean_answers(response, answers)
    with transaction.atomic():
        locked = AssessmentResponse.objects.select_for_update().get(pk=response.pk)
        merged = dict(locked.answers)
        for item_id, value in clean.items():
            if value is None:
                merged.pop(item_id, None)
            else:
                merged[item_id] = value
        locked.answers = merged
        locked.save(update_fields=["answers", "updated_at"])
    response.answers = merged
    return response


def assessment_submit(
    *,
    response: AssessmentResponse,
    answers: dict[str, Any] | None = None,
    share: bool | None = None,
    user: User | None = None,
) -> AssessmentResponse:
    """Finish a check-in: save the last answers, compute and store scores with the version used."""
    if response.is_submitted:
        raise ValidationError(_("This check-in is already finished."))
    clean = _clean_answers(response, answers or {})
    with transaction.atomic():
        locked = (
            AssessmentResponse.objects.select_for_update()
            .select_related("instrument_version__instrument")
            .get(pk=response.pk)
        )
        merged = dict(locked.answers)
        for item_id, value in clean.items():
            if value is None:
                merged.pop(item_id, None)
            else:
                merged[item_id] = value
        if not merged:
            raise ValidationError(_("Answer at least one question before finishing."))
        version = locked.instrument_version
        results = score(version.as_definition(), merged)
        locked.answers = merged
        locked.status = ResponseStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        if share is not None and locked.peer_id:
            locked.shared_with_staff = share
            locked.shared_at = locked.submitted_at if share else None
        locked.save()
        Score.objects.bulk_create(
            [
                Score(
                    response=locked,
                    organisation_id=locked.organisation_id,
                    instrument_key=version.instrument.key,
                    version=version.version,
                    target=result.target,
                    value=result.value,
                    answered=result.answered,
                    missing=result.missing,
                    band=result.band,
                    at_or_above_cutoff=result.at_or_above_cutoff,
                    reason=result.reason[:200],
                )
                for result in results
            ]
        )
        audit_record(
            action="assessment_submitted",
            organisation=locked.organisation,
            actor=user,
            obj=locked,
            instrument=version.instrument.key,
            version=version.version,
        )
    return locked


def response_share_set(*, response: AssessmentResponse, shared: bool, user: User | None = None) -> None:
    """The peer shares (or stops sharing) one result with staff."""
    if response.peer_id is None:
        raise ValidationError(_("Only a peer's own results have a sharing choice."))
    with transaction.atomic():
        response.shared_with_staff = shared
        response.shared_at = timezone.now() if shared else None
        response.save(update_fields=["shared_with_staff", "shared_at", "updated_at"])
        audit_record(
            action="assessment_sharing_changed",
            organisation=response.organisation,
            actor=user,
            obj=response,
            shared=shared,
        )


def standing_share_set(
    *, peer: PeerWorker, shared: bool, instrument: Instrument | None = None, user: User | None = None
) -> None:
    """A standing choice: share all results (of one instrument, or of all) until revoked."""
    with transaction.atomic():
        active = StandingShare.objects.filter(peer=peer, instrument=instrument, revoked_at__isnull=True)
        if shared and not active.exists():
            StandingShare.objects.create(
                organisation_id=peer.organisation_id, peer=peer, instrument=instrument
            )
        if not shared:
            active.update(revoked_at=timezone.now())
        audit_record(
            action="assessment_standing_share_changed",
            organisation=peer.organisation,
            actor=user,
            obj=peer,
            shared=shared,
            instrument=instrument.key if instrument else "all",
        )


def schedule_create(
    *,
    organisation: Organisation,
    instrument: Instrument,
    starts_on: date,
    peer: PeerWorker | None = None,
    client_code: str = "",
    every_months: int | None = None,
    site: Site | None = None,
    user: User | None = None,
) -> Schedule:
    """Baseline on ``starts_on``, then every N months (the definition's default when not given)."""
    if (peer is None) == (not client_code):
        raise ValidationError(_("Choose a peer or give a client code."))
    code = ""
    if client_code:
        if not settings_for(organisation).clients_enabled:
            raise ValidationError(
                {"client_code": _("This organisation has not turned on questionnaires for clients.")}
            )
        try:
            code = normalise_client_code(organisation, client_code)
        except ValidationError as exc:
            raise ValidationError({"client_code": exc.messages}) from None
    version = current_version(instrument)
    months = every_months or (version.as_definition().schedule_months if version else 3)
    if not 1 <= months <= 36:
        raise ValidationError({"every_months": _("Choose from 1 to 36 months.")})
    with transaction.atomic():
        existing = Schedule.objects.filter(
            organisation=organisation, instrument=instrument, peer=peer, client_code=code, is_active=True
        ).first()
        if existing is not None:
            raise ValidationError(_("There is already a schedule for this person and questionnaire."))
        schedule = Schedule.objects.create(
            organisation=organisation,
            instrument=instrument,
            peer=peer,
            client_code=code,
            site=site,
            starts_on=starts_on,
            every_months=months,
            created_by=user,
        )
        audit_record(
            action="assessment_schedule_created", organisation=organisation, actor=user, obj=schedule
        )
    return schedule


def reminders_send_due(*, organisation: Organisation, today: date, days_ahead: int = 2) -> list[Reminder]:
    """Queue one reminder per peer schedule due within ``days_ahead`` days (by SMS, else e-mail).

    Peers who opted out, or have no phone or e-mail, get none; a due date is reminded once.
    Messages go out after commit, through a background task.
    """
    if not settings_for(organisation).reminders_enabled:
        return []
    created: list[Reminder] = []
    with transaction.atomic():
        schedules = Schedule.objects.filter(
            organisation=organisation, is_active=True, peer__isnull=False
        ).select_related("peer", "instrument")
        for schedule in schedules:
            peer = schedule.peer
            assert peer is not None
            due = next_due(schedule)
            if due is None or (due - today).days > days_ahead or peer.reminders_opt_out:
                continue
            channel = "sms" if peer.phone else ("email" if peer.email else "")
            if not channel or Reminder.objects.filter(schedule=schedule, due_on=due).exists():
                continue
            reminder = Reminder.objects.create(schedule=schedule, due_on=due, channel=channel)
            created.append(reminder)
            enqueue_after_commit(send_assessment_reminder, reminder_id=reminder.pk)
    return created
