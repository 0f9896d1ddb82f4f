"""Writes for the role as the peer sees it: the peer's role checks and the organisation's role actions.

When a role drifts the answer is organisational: an action is recorded on the role (rewrite the
description, change the staffing, brief the team), never a task handed to the peer.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Role

from .models import RoleAction, RoleActionKind, RoleCheck, TimeOnRole

MAX_TEXT = 500


def _text(errors: dict[str, list[str]], name: str, value: str, empty: str) -> str:
    value = (value or "").strip()
    if not value:
        errors.setdefault(name, []).append(empty)
    elif len(value) > MAX_TEXT:
        errors.setdefault(name, []).append(_("Keep it under %(n)s characters.") % {"n": MAX_TEXT})
    return value


def role_check_record(
    *,
    peer: PeerWorker,
    role: Role,
    time_on_role: int,
    spent_on: str,
    would_change: str,
    shared: bool = False,
    user: User | None = None,
) -> RoleCheck:
    """A peer's own role check, dated the organisation's today; private unless ``shared``."""
    errors: dict[str, list[str]] = {}
    if role.organisation_id != peer.organisation_id:
        errors["role"] = [_("Choose one of your organisation's roles.")]
    if time_on_role not in TimeOnRole.values:
        errors["time_on_role"] = [_("Choose how much of your time went on that work.")]
    spent_on = _text(errors, "spent_on", spent_on, _("Say in a few words what your time went on."))
    would_change = _text(
        errors, "would_change", would_change, _("Say what you would change, or write 'nothing'.")
    )
    if errors:
        raise ValidationError(errors)
    return RoleCheck.objects.create(
        organisation=peer.organisation,
        peer=peer,
        role=role,
        time_on_role=time_on_role,
        spent_on=spent_on,
        would_change=would_change,
        shared=shared,
        submitted_on=peer.organisation.today(),
        created_by=user,
    )


def role_check_share_set(*, check: RoleCheck, shared: bool) -> RoleCheck:
    """The peer shares one role check with the coordinators, or takes it back."""
    check.shared = shared
    check.save(update_fields=["shared"])
    return check


def role_action_record(
    *, role: Role, kind: str, note: str, review_on: date | None, user: User | None = None
) -> RoleAction:
    """An organisational action on a drifting role, with a date to look again whether it worked."""
    errors: dict[str, list[str]] = {}
    if kind not in RoleActionKind.values:
        errors["kind"] = [_("Choose what the organisation will do.")]
    note = _text(errors, "note", note, _("Say what will change in the role."))
    today = role.organisation.today()
    if review_on is None:
        errors["review_on"] = [_("Choose a date to review the action.")]
    elif review_on < today:
        errors["review_on"] = [_("The review date is in the past. Choose today or a later date.")]
    if errors:
        raise ValidationError(errors)
    assert review_on is not None
    return RoleAction.objects.create(
        organisation=role.organisation, role=role, kind=kind, note=note, review_on=review_on, created_by=user
    )


def role_action_close(*, action: RoleAction, outcome: str) -> RoleAction:
    """Close a role action with what came of it."""
    errors: dict[str, list[str]] = {}
    outcome = _text(errors, "outcome", outcome, _("Say what came of the action."))
    if not action.is_open:
        errors.setdefault("outcome", []).append(_("This action is already closed."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action.outcome = outcome
        action.closed_on = action.organisation.today()
        action.save(update_fields=["outcome", "closed_on"])
    return action
