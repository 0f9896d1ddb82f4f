"""What one peer has contributed over a period, in plain words: hours by role, needles recovered,
supplies given, people met, overdose responses, trainings given, mentoring and orders worked.

It lives in services, the lowest app that sees every one of these records; My work, the work
record and the API only show it.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peerwork.orgs.models import Organisation
from peerwork.pathway.models import MentoringContact
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Assignment, AssignmentStatus
from peerwork.shifts.selectors import day_bounds

from .models import EntryKind, OverdoseResponse, ServiceEntry

PERIODS = ("month", "quarter", "year", "custom")
LONGEST = timedelta(days=366 * 5)


@dataclass(frozen=True)
class Contribution:
    start: date | None
    end: date
    hours_by_role: list[tuple[str, Decimal]] = field(default_factory=list)
    shifts: int = 0
    needles: int = 0
    supplies: int = 0
    people_met: int = 0
    overdose_responses: int = 0
    trainings_given: int = 0
    mentoring_contacts: int = 0
    mentoring_minutes: int = 0
    orders: list[tuple[str, int]] = field(default_factory=list)  # (order, quantity done)

    @property
    def hours(self) -> Decimal:
        return sum((h for _role, h in self.hours_by_role), Decimal("0"))

    def lines(self, *, open_about_programme: bool = True) -> list[str]:
        """The contribution as sentences a peer can show a professional. When not ``open``, leave out
        what names drug use or harm reduction (needles, supplies, overdoses, role names)."""
        lines = []
        if open_about_programme:
            for role, hours in self.hours_by_role:
                lines.append(_("%(hours)s hours as %(role)s") % {"hours": _hours(hours), "role": role})
        elif self.shifts:
            # Role names may name harm reduction, so a discreet record gives the total only.
            lines.append(
                ngettext(
                    "%(hours)s hours of paid work in %(n)s shift",
                    "%(hours)s hours of paid work in %(n)s shifts",
                    self.shifts,
                )
                % {"hours": _hours(self.hours), "n": self.shifts}
            )
        if open_about_programme:
            if self.needles:
                lines.append(
                    ngettext("%(n)s needle recovered", "%(n)s needles recovered", self.needles)
                    % {"n": self.needles}
                )
            if self.supplies:
                lines.append(
                    ngettext("%(n)s supply given out", "%(n)s supplies given out", self.supplies)
                    % {"n": self.supplies}
                )
            if self.overdose_responses:
                lines.append(
                    ngettext(
                        "Responded to %(n)s overdose",
                        "Responded to %(n)s overdoses",
                        self.overdose_responses,
                    )
                    % {"n": self.overdose_responses}
                )
            if self.trainings_given:
                lines.append(
                    ngettext(
                        "Trained %(n)s person to use naloxone",
                        "Trained %(n)s people to use naloxone",
                        self.trainings_given,
                    )
                    % {"n": self.trainings_given}
                )
        if self.people_met:
            lines.append(
                ngettext("Met %(n)s person", "Met %(n)s people", self.people_met) % {"n": self.people_met}
            )
        if self.mentoring_contacts:
            lines.append(
                ngettext(
                    "Mentored a new peer %(n)s time (%(hours)s hours)",
                    "Mentored new peers %(n)s times (%(hours)s hours)",
                    self.mentoring_contacts,
                )
                % {"n": self.mentoring_contacts, "hours": _hours(Decimal(self.mentoring_minutes) / 60)}
            )
        for order, quantity in self.orders:
            lines.append(_("Worked on the order “%(order)s” (%(n)s done)") % {"order": order, "n": quantity})
        return lines


def _hours(value: Decimal) -> str:
    rounded = Decimal(value).quantize(Decimal("0.1"))
    return str(rounded.normalize()) if rounded == rounded.to_integral() else str(rounded)


def contribution_period(
    organisation: Organisation, period: str | None, start: str | None = None, end: str | None = None
) -> tuple[str, date, date]:
    """(period, first day, last day) for "month" (this month), "quarter" (the last 3 months),
    "year" (the last 12 months) or "custom" (``start``–``end``, ISO dates); local dates.
    Raises ValidationError with a plain message for a custom period that cannot be used."""
    today = organisation.today()
    period = period if period in PERIODS else "month"
    if period == "month":
        return period, today.replace(day=1), today
    if period == "quarter":
        return period, _months_back(today, 3), today
    if period == "year":
        return period, _months_back(today, 12), today
    try:
        first = date.fromisoformat(str(start or ""))
        last = date.fromisoformat(str(end or ""))
    except ValueError:
        raise ValidationError(_("Give the first and last day of the period as dates.")) from None
    if first > last:
        raise ValidationError(_("The first day must come before the last day."))
    if first > today:
        raise ValidationError(_("The period cannot start in the future."))
    if last - first > LONGEST:
        raise ValidationError(_("Choose a period of at most five years."))
    return period, first, min(last, today)


def _months_back(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def contribution_for(peer: PeerWorker, start: date | None, end: date) -> Contribution:
    """What ``peer`` did from ``start`` (None: from their first record) to ``end`` (local days, both
    included), in a few queries."""
    organisation = peer.organisation
    # The earliest moment a database column holds and a time zone can shift: "since the start".
    since = day_bounds(organisation, start)[0] if start is not None else datetime(1900, 1, 2, tzinfo=UTC)
    _first, until = day_bounds(organisation, end)
    hours: dict[str, Decimal] = defaultdict(Decimal)
    orders: dict[str, int] = defaultdict(int)
    worked = Assignment.objects.filter(
        organisation=organisation,
        peer=peer,
        status=AssignmentStatus.COMPLETED,
        shift__starts_at__gte=since,
        shift__starts_at__lt=until,
    ).select_related("shift__role", "shift__work_order")
    shifts = 0
    for assignment in worked:
        shifts += 1
        hours[assignment.shift.role.name] += assignment.hours_worked
        order = assignment.shift.work_order
        if order is not None:
            orders[f"{order.customer}: {order.description}"] += assignment.quantity_done or 0
    counts = dict(
        ServiceEntry.objects.filter(
            organisation=organisation, peer=peer, occurred_at__gte=since, occurred_at__lt=until
        )
        .values_list("kind")
        .annotate(total=Sum("quantity"))
        .values_list("kind", "total")
    )
    responses = OverdoseResponse.objects.filter(
        organisation=organisation, responders=peer, occurred_at__gte=since, occurred_at__lt=until
    ).count()
    contacts = MentoringContact.objects.filter(
        organisation=organisation, mentorship__mentor=peer, happened_on__lte=end
    )
    if start is not None:
        contacts = contacts.filter(happened_on__gte=start)
    mentoring = contacts.aggregate(n=Count("pk"), minutes=Sum("minutes"))
    return Contribution(
        start=start,
        end=end,
        hours_by_role=sorted(hours.items(), key=lambda item: (-item[1], item[0])),
        shifts=shifts,
        needles=counts.get(EntryKind.SHARPS, 0) or 0,
        supplies=counts.get(EntryKind.SUPPLIES, 0) or 0,
        people_met=counts.get(EntryKind.CONTACT, 0) or 0,
        overdose_responses=responses,
        trainings_given=counts.get(EntryKind.NALOXONE_TRAINING, 0) or 0,
        mentoring_contacts=mentoring["n"] or 0,
        mentoring_minutes=mentoring["minutes"] or 0,
        orders=sorted(orders.items()),
    )
