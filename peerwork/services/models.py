"""Services delivered in the field: supplies handed out, sharps recovered, contacts, referrals,
naloxone trainings and overdose responses; the supply catalogue and the stock ledger per site.

Clients are anonymous: an optional client code checked against the organisation's scheme, and
no free-text field about a client anywhere. Records made offline carry the UUID the device
generated, unique per organisation, so a repeated sync never duplicates them.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Shift


class SupplyCategory(models.TextChoices):
    SAFER_SEX = "safer_sex", _("Safer sex")
    INJECTION = "injection", _("Injection")
    INHALATION = "inhalation", _("Inhalation")
    NALOXONE = "naloxone", _("Naloxone")
    OTHER = "other", _("Other")


class SupplyItem(models.Model):
    """One line of the organisation's supply catalogue (e.g. syringes, mouthpieces)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="supply_items")
    category = models.CharField(_("category"), max_length=16, choices=SupplyCategory.choices)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order on the entry page"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="supply_item_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class EntryKind(models.TextChoices):
    SUPPLIES = "supplies", _("Supplies given")
    SHARPS = "sharps", _("Sharps recovered")
    CONTACT = "contact", _("Contacts")
    REFERRAL = "referral", _("Referral")
    NALOXONE_TRAINING = "naloxone_training", _("Naloxone training given")


class ReferralTo(models.TextChoices):
    HOUSING = "housing", _("Housing or shelter")
    TREATMENT = "treatment", _("Treatment or detox")
    OAT = "oat", _("Opioid agonist treatment")
    PRIMARY_CARE = "primary_care", _("Doctor or clinic")
    MENTAL_HEALTH = "mental_health", _("Mental health service")
    SUPERVISED_CONSUMPTION = "supervised_consumption", _("Supervised consumption site")
    TESTING = "testing", _("HIV / hepatitis C testing")
    FOOD = "food", _("Food programme")
    INCOME = "income", _("Income or benefits office")
    LEGAL = "legal", _("Legal help")
    OTHER = "other", _("Another agency")


class ReferralFor(models.TextChoices):
    HOUSING = "housing", _("A place to stay")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    PHYSICAL_HEALTH = "physical_health", _("Physical health or wound care")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    INCOME = "income", _("Money or benefits")
    FOOD = "food", _("Food")
    SAFETY = "safety", _("Safety")
    ID_DOCUMENTS = "id_documents", _("ID documents")
    OTHER = "other", _("Something else")


class Source(models.TextChoices):
    PAGE = "page", _("Entry page")
    SYNC = "sync", _("Synced from a device")
    IMPORT = "import", _("Imported")


class ServiceEntry(models.Model):
    """One accepted service record. Only accepted records are stored, so every row counts."""

    site_path: ClassVar[str] = "site"  # accounts/sites.py

    # No separate index on organisation: the unique (organisation, client_uuid) and the
    # (organisation, occurred_at) indexes lead with it. Fewer indexes keep big imports fast.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="service_entries", db_index=False
    )
    client_uuid = models.UUIDField(_("record id from the device"), default=uuid.uuid4, editable=False)
    kind = models.CharField(_("what"), max_length=20, choices=EntryKind.choices)
    shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, null=True, blank=True, related_name="service_entries"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="service_entries")
    peer = models.ForeignKey(
        PeerWorker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_entries",
        verbose_name=_("by whom"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # only read back when a user is deleted, which is rare
    )
    item = models.ForeignKey(
        SupplyItem, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    quantity = models.PositiveIntegerField(_("how many"), default=1, validators=[MinValueValidator(1)])
    client_code = models.CharField(_("client code"), max_length=20, blank=True)
    place_name = models.CharField(_("place"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    referral_to = models.CharField(_("referred to"), max_length=24, choices=ReferralTo.choices, blank=True)
    referral_for = models.CharField(_("what for"), max_length=24, choices=ReferralFor.choices, blank=True)
    occurred_at = models.DateTimeField(_("when"))
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.PAGE)
    import_job = models.ForeignKey(
        "ImportJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "service entries"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "client_uuid"], name="service_entry_uuid_unique_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="service_entry_quantity_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "occurred_at"], name="service_entry_org_when"),
            models.Index(fields=["organisation", "kind", "occurred_at"], name="service_entry_org_kind"),
        ]

    def __str__(self) -> str:
        label = self.item.name if self.item_id and self.item else self.get_kind_display()
        return f"{label} × {self.quantity}"


class PlaceType(models.TextChoices):
    STREET = "street", _("Street or alley")
    PARK = "park", _("Park")
    SHELTER = "shelter", _("Shelter or drop-in")
    HOUSING = "housing", _("Private home or housing")
    WASHROOM = "washroom", _("Public washroom")
    CONSUMPTION_SITE = "consumption_site", _("Supervised consumption site")
    BUSINESS = "business", _("Shop or business")
    VEHICLE = "vehicle", _("Vehicle")
    OTHER = "other", _("Somewhere else")


class NaloxoneProduct(models.TextChoices):
    INJECTABLE = "injectable", _("Injectable naloxone")
    NASAL = "nasal", _("Nasal naloxone")
    NONE = "none", _("No naloxone (breathing support only)")


class Outcome(models.TextChoices):
    SURVIVED = "survived", _("Survived")
    DIED = "died", _("Died")
    UNKNOWN = "unknown", _("Not known")


class OverdoseResponse(models.Model):
    """One overdose/naloxone event, one record per event, with the peers who responded."""

    site_path: ClassVar[str] = "site"  # accounts/sites.py

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="overdose_responses"
    )
    client_uuid = models.UUIDField(_("record id from the device"), default=uuid.uuid4, editable=False)
    shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, null=True, blank=True, related_name="overdose_responses"
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="overdose_responses"
    )
    occurred_at = models.DateTimeField(_("when"))
    place_name = models.CharField(_("place"), max_length=120, blank=True)
    place_type = models.CharField(_("type of place"), max_length=20, choices=PlaceType.choices, blank=True)
    product = models.CharField(
        _("naloxone used"), max_length=12, choices=NaloxoneProduct.choices, default=NaloxoneProduct.INJECTABLE
    )
    doses_given = models.PositiveSmallIntegerField(
        _("doses given"), default=1, validators=[MaxValueValidator(20)]
    )
    emergency_services_called = models.BooleanField(_("emergency services called"), default=False)
    conscious_before = models.BooleanField(_("conscious before the response"), default=False)
    outcome = models.CharField(
        _("survived"), max_length=10, choices=Outcome.choices, default=Outcome.SURVIVED
    )
    responders = models.ManyToManyField(
        PeerWorker, blank=True, related_name="overdose_responses", verbose_name=_("responders")
    )
    client_code = models.CharField(_("client code"), max_length=20, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.PAGE)
    import_job = models.ForeignKey(
        "ImportJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="overdose_responses"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "client_uuid"], name="overdose_response_uuid_unique_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(place_name__gt="") | models.Q(place_type__gt=""),
                name="overdose_response_has_place",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "occurred_at"], name="overdose_org_when")]

    def __str__(self) -> str:
        return f"Overdose response {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def survived(self) -> bool | None:
        return None if self.outcome == Outcome.UNKNOWN else self.outcome == Outcome.SURVIVED


class StockLevel(models.Model):
    """The running balance of one item at one site; the ledger below explains every change."""

    site_path: ClassVar[str] = "site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="stock_levels")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="stock_levels")
    item = models.ForeignKey(SupplyItem, on_delete=models.CASCADE, related_name="stock_levels")
    balance = models.PositiveIntegerField(_("in stock"), default=0)
    low_threshold = models.PositiveIntegerField(
        _("alert when at or below"), default=0, help_text=_("0 means no low-stock alert.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["site__name", "item__position", "item__name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "item"], name="stock_level_unique_per_site_item"),
            models.CheckConstraint(condition=models.Q(balance__gte=0), name="stock_level_never_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item} at {self.site}: {self.balance}"

    @property
    def is_low(self) -> bool:
        return self.low_threshold > 0 and self.balance <= self.low_threshold


class MovementKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    DISTRIBUTED = "distributed", _("Given out")
    ADJUSTED = "adjusted", _("Adjusted")
    TRANSFER_OUT = "transfer_out", _("Sent to another site")
    TRANSFER_IN = "transfer_in", _("Received from another site")


class AdjustReason(models.TextChoices):
    COUNT = "count", _("Stock count correction")
    DAMAGED = "damaged", _("Damaged or expired")
    LOST = "lost", _("Lost or stolen")
    RETURNED = "returned", _("Returned to supplier")
    OTHER = "other", _("Other")


class StockMovement(models.Model):
    """Append-only ledger of stock changes; quantity is signed (+ in, − out)."""

    site_path: ClassVar[str] = "site"  # accounts/sites.py

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="stock_movements")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="stock_movements")
    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="stock_movements")
    kind = models.CharField(_("what happened"), max_length=16, choices=MovementKind.choices)
    quantity = models.IntegerField(_("change"))
    balance_after = models.PositiveIntegerField(_("balance after"))
    reason = models.CharField(_("reason"), max_length=12, choices=AdjustReason.choices, blank=True)
    entry = models.ForeignKey(
        ServiceEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="stock_movements"
    )
    transfer_id = models.UUIDField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "item", "created_at"], name="stock_movement_site_item")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity:+d} {self.item} at {self.site}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    CHECKING = "checking", _("Checking rows")
    SAVING = "saving", _("Saving")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportJob(models.Model):
    """One CSV import: all rows are saved, or none are and every bad row is listed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="service_imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(editable=False)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_saved = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.FAILED}

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(90 * self.rows_checked / self.rows_total))
