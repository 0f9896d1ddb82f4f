"""Writes for the stock ledger per site and item: received, given out (from service records),
adjusted with a reason, transferred between sites. Stock never goes below zero; the database
refuses it too (a check constraint on the balance)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation, Site

from .models import AdjustReason, MovementKind, ServiceEntry, StockLevel, StockMovement, SupplyItem
from .records import MAX_STOCK, Rejected, quantity_from


def _level_for(*, organisation: Organisation, site: Site, item: SupplyItem) -> StockLevel:
    if site.organisation_id != organisation.pk or item.organisation_id != organisation.pk:
        raise Rejected(_("That site or item is not in your organisation."))
    level, _created = StockLevel.objects.get_or_create(organisation=organisation, site=site, item=item)
    return StockLevel.objects.select_for_update().get(pk=level.pk)


def ledger_move(
    level: StockLevel,
    *,
    kind: str,
    quantity: int,
    user: User | None,
    reason: str = "",
    entry: ServiceEntry | None = None,
    transfer_id: uuid.UUID | None = None,
) -> StockMovement:
    new_balance = level.balance + quantity
    if new_balance < 0:
        raise Rejected(
            _("Stock of %(item)s at %(site)s would go below zero: %(balance)s in stock, %(out)s going out.")
            % {"item": level.item.name, "site": level.site.name, "balance": level.balance, "out": -quantity}
        )
    level.balance = new_balance
    level.save(update_fields=["balance", "updated_at"])
    return StockMovement.objects.create(
        organisation_id=level.organisation_id,
        site_id=level.site_id,
        item_id=level.item_id,
        kind=kind,
        quantity=quantity,
        balance_after=new_balance,
        reason=reason,
        entry=entry,
        transfer_id=transfer_id,
        created_by=user,
    )


def stock_receive(
    *, organisation: Organisation, site: Site, item: SupplyItem, quantity: Any, user: User | None
) -> StockMovement:
    count = quantity_from(quantity, label=_("The number received"), maximum=MAX_STOCK)
    with transaction.atomic():
        level = _level_for(organisation=organisation, site=site, item=item)
        movement = ledger_move(level, kind=MovementKind.RECEIVED, quantity=count, user=user)
        audit_record(action="stock_received", organisation=organisation, actor=user, obj=movement)
    return movement


def stock_adjust(
    *, organisation: Organisation, site: Site, item: SupplyItem, change: Any, reason: str, user: User | None
) -> StockMovement:
    """Correct the stock by a signed ``change`` (e.g. −3 expired), always with a reason."""
    if reason not in AdjustReason.values:
        raise Rejected(_("Choose why the stock is being adjusted."))
    try:
        delta = int(str(change).strip())
    except (TypeError, ValueError):
        raise Rejected(_("The change must be a whole number, like 5 or -3.")) from None
    if delta == 0:
        raise Rejected(_("The change cannot be 0."))
    with transaction.atomic():
        level = _level_for(organisation=organisation, site=site, item=item)
        movement = ledger_move(level, kind=MovementKind.ADJUSTED, quantity=delta, user=user, reason=reason)
        audit_record(
            action="stock_adjusted", organisation=organisation, actor=user, obj=movement, reason=reason
        )
    return movement


def stock_transfer(
    *,
    organisation: Organisation,
    from_site: Site,
    to_site: Site,
    item: SupplyItem,
    quantity: Any,
    user: User | None,
) -> tuple[StockMovement, StockMovement]:
    count = quantity_from(quantity, label=_("The number sent"), maximum=MAX_STOCK)
    if from_site.pk == to_site.pk:
        raise Rejected(_("Choose two different sites."))
    transfer_id = uuid.uuid4()
    with transaction.atomic():
        # Lock both rows in a fixed order so two opposite transfers cannot deadlock.
        sites = sorted([from_site, to_site], key=lambda s: s.pk)
        levels = {s.pk: _level_for(organisation=organisation, site=s, item=item) for s in sites}
        out = ledger_move(
            levels[from_site.pk],
            kind=MovementKind.TRANSFER_OUT,
            quantity=-count,
            user=user,
            transfer_id=transfer_id,
        )
        into = ledger_move(
            levels[to_site.pk],
            kind=MovementKind.TRANSFER_IN,
            quantity=count,
            user=user,
            transfer_id=transfer_id,
        )
        audit_record(
            action="stock_transferred", organisation=organisation, actor=user, obj=out, quantity=count
        )
    return out, into


def stock_threshold_set(
    *, organisation: Organisation, site: Site, item: SupplyItem, threshold: Any, user: User | None
) -> StockLevel:
    value = quantity_from(threshold, label=_("The alert level"), allow_zero=True, maximum=MAX_STOCK)
    with transaction.atomic():
        level = _level_for(organisation=organisation, site=site, item=item)
        level.low_threshold = value
        level.save(update_fields=["low_threshold", "updated_at"])
        audit_record(
            action="stock_threshold_set", organisation=organisation, actor=user, obj=level, threshold=value
        )
    return level
