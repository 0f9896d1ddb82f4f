"""Priced work orders add up at check-out, close at their target, reopen only by a recorded change,
cancel with a reason; a work stream becomes a business line with its own invoice numbering."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from peerwork.shifts import orders, services
from peerwork.shifts.models import Assignment, AssignmentStatus, WorkOrder, WorkOrderStatus
from tests.clock import today_near_now

from .factories import RoleFactory, ShiftFactory, WorkOrderFactory, WorkStreamFactory


def _checked_in(org, order):
    role = RoleFactory(organisation=org.org)
    shift = ShiftFactory(
        organisation=org.org,
        site=org.site,
        role=role,
        starts_at=today_near_now(org.org, minutes=-5),
        status="published",
        work_order=order,
    )
    return Assignment.objects.create(
        organisation=org.org,
        shift=shift,
        peer=org.peer,
        status=AssignmentStatus.CHECKED_IN,
        checked_in_at=timezone.now(),
    )


def test_quantities_add_up_and_reaching_the_target_closes_the_order(org_a):
    order = WorkOrderFactory(organisation=org_a.org, quantity=500, unit="letters")
    services.assignment_check_out(assignment=_checked_in(org_a, order), duties=[], quantity=300, by=None)
    order.refresh_from_db()
    assert (order.quantity_done, order.status) == (300, WorkOrderStatus.OPEN)
    services.assignment_check_out(assignment=_checked_in(org_a, order), duties=[], quantity=200, by=None)
    order.refresh_from_db()
    assert (order.quantity_done, order.status) == (500, WorkOrderStatus.CLOSED)
    assert order.closed_at is not None
    assert [c.kind for c in order.changes.all()] == ["closed"]


def test_a_quantity_on_a_closed_order_is_refused_and_nothing_is_saved(org_a):
    order = WorkOrderFactory(organisation=org_a.org, quantity=100, unit="letters")
    orders.work_order_add_done(order=order, quantity=100, by=None)
    assignment = _checked_in(org_a, order)
    with pytest.raises(ValidationError) as error:
        services.assignment_check_out(assignment=assignment, duties=[], quantity=20, by=None)
    assert "reached its target of 100 letters and is closed" in str(error.value)
    assignment.refresh_from_db()
    order.refresh_from_db()
    assert assignment.status == AssignmentStatus.CHECKED_IN
    assert order.quantity_done == 100
    # Checking out with nothing more done still works on a closed order.
    services.assignment_check_out(assignment=assignment, duties=[], quantity=None, by=None)


def test_raising_the_target_is_recorded_and_reopens_the_order(org_a):
    order = WorkOrderFactory(organisation=org_a.org, quantity=100)
    orders.work_order_add_done(order=order, quantity=100, by=None)
    with pytest.raises(ValidationError, match="above the current one"):
        orders.work_order_raise_target(order=order, quantity=100, reason="more", by=org_a.coordinator)
    with pytest.raises(ValidationError, match="Say why"):
        orders.work_order_raise_target(order=order, quantity=150, reason=" ", by=org_a.coordinator)
    orders.work_order_raise_target(order=order, quantity=150, reason="Customer added a street", by=None)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.OPEN and order.quantity == 150
    change = order.changes.get(kind="target_raised")
    assert (change.old_quantity, change.new_quantity, change.reason) == (100, 150, "Customer added a street")
    orders.work_order_add_done(order=order, quantity=50, by=None)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED


def test_cancel_needs_a_reason_and_then_refuses_quantities(org_a):
    order = WorkOrderFactory(organisation=org_a.org)
    with pytest.raises(ValidationError, match="Say why"):
        orders.work_order_cancel(order=order, reason="", by=None)
    orders.work_order_cancel(order=order, reason="Customer went elsewhere", by=None)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CANCELLED and order.cancel_reason == "Customer went elsewhere"
    with pytest.raises(ValidationError, match="cancelled"):
        orders.work_order_add_done(order=order, quantity=1, by=None)
    with pytest.raises(ValidationError, match="cancelled"):
        orders.work_order_raise_target(order=order, quantity=500, reason="x", by=None)


def test_order_value_is_fixed_or_price_times_units_done(org_a):
    fixed = WorkOrderFactory(organisation=org_a.org, pricing="fixed", price=Decimal("800.00"))
    per_unit = WorkOrderFactory(
        organisation=org_a.org, pricing="per_unit", price=Decimal("0.45"), quantity=10
    )
    orders.work_order_add_done(order=per_unit, quantity=10, by=None)
    per_unit.refresh_from_db()
    assert fixed.value() == Decimal("800.00")
    assert per_unit.value() == Decimal("4.50")


def test_coordinator_adds_a_priced_order_and_a_negative_price_is_refused_keeping_what_was_typed(
    org_a, client_for
):
    stream = WorkStreamFactory(organisation=org_a.org)
    client = client_for(org_a.coordinator)
    data = {
        "work_stream": stream.pk,
        "customer": "Bakery Lund",
        "description": "Fold leaflets",
        "quantity": "2000",
        "unit": "leaflets",
        "pricing": "per_unit",
        "price": "-1",
    }
    page = client.post(reverse("shifts:work_orders"), data).content.decode()
    assert "A price cannot be negative." in page
    assert "Bakery Lund" in page
    assert not WorkOrder.objects.filter(customer="Bakery Lund").exists()
    data["price"] = "0.10"
    assert client.post(reverse("shifts:work_orders"), data).status_code == 302
    order = WorkOrder.objects.get(customer="Bakery Lund")
    assert order.price == Decimal("0.10") and order.status == "open"
    page = client.get(reverse("shifts:work_orders")).content.decode()
    assert "price per unit" in page


def test_coordinator_raises_target_and_cancels_on_the_order_page(org_a, client_for):
    order = WorkOrderFactory(organisation=org_a.org, quantity=10)
    orders.work_order_add_done(order=order, quantity=10, by=None)
    client = client_for(org_a.coordinator)
    url = reverse("shifts:work_order", args=[order.pk])
    assert "target reached" in client.get(url).content.decode()
    assert "Invoice this order" not in client.get(url).content.decode()  # no price, no business line
    page = client.post(url, {"raise": "1", "quantity": "5", "reason": "more"}).content.decode()
    assert "The new target must be above the current one (10)." in page
    assert client.post(url, {"raise": "1", "quantity": "20", "reason": "more"}).status_code == 302
    assert client.post(url, {"cancel": "1", "cancel-reason": "Customer closed"}).status_code == 302
    order.refresh_from_db()
    assert order.status == "cancelled" and order.quantity == 20
    assert "Customer closed" in client.get(url).content.decode()


def test_a_work_stream_becomes_a_business_line_with_its_own_numbering(org_a, client_for):
    stream = WorkStreamFactory(organisation=org_a.org, name="Bikes")
    WorkStreamFactory(organisation=org_a.org, is_business_line=True, trading_name="X", invoice_prefix="BK-")
    client = client_for(org_a.coordinator)
    url = reverse("shifts:business_line", args=[stream.pk])
    page = client.post(
        url,
        {"is_business_line": "on", "trading_name": "", "invoice_prefix": "bk-", "invoice_next_number": "1"},
    ).content.decode()
    assert "A business line needs the name it trades under." in page
    assert "Another business line already uses this prefix." in page
    response = client.post(
        url,
        {
            "is_business_line": "on",
            "trading_name": "Spokes Repair",
            "contact": "Dock 4",
            "invoice_prefix": "SR-",
            "invoice_next_number": "1",
        },
    )
    assert response.status_code == 302
    stream.refresh_from_db()
    assert (
        stream.is_business_line and stream.trading_name == "Spokes Repair" and stream.invoice_prefix == "SR-"
    )
    assert "Business line Spokes Repair" in client.get(reverse("shifts:roles")).content.decode()


def test_another_organisation_gets_404_on_order_and_business_line_pages(org_a, org_b, client_for):
    order = WorkOrderFactory(organisation=org_a.org)
    client = client_for(org_b.coordinator)
    assert client.get(reverse("shifts:work_order", args=[order.pk])).status_code == 404
    assert (
        client.post(
            reverse("shifts:work_order", args=[order.pk]), {"cancel": "1", "cancel-reason": "x"}
        ).status_code
        == 404
    )
    assert client.get(reverse("shifts:business_line", args=[order.work_stream.pk])).status_code == 404
    order.refresh_from_db()
    assert order.status == "open"


def test_a_peer_cannot_open_the_business_line_page(org_a, client_for):
    stream = WorkStreamFactory(organisation=org_a.org)
    response = client_for(org_a.peer_user).get(reverse("shifts:business_line", args=[stream.pk]))
    assert response.status_code in (302, 403, 404)


def test_the_check_out_form_shows_why_a_closed_order_takes_no_more(org_a, client_for):
    order = WorkOrderFactory(organisation=org_a.org, quantity=100, unit="letters")
    orders.work_order_add_done(order=order, quantity=100, by=None)
    assignment = _checked_in(org_a, order)
    client = client_for(org_a.coordinator)
    url = reverse("shifts:desk_check_out", args=[assignment.pk])
    page = client.post(url, {"quantity": "25"}).content.decode()
    assert "This work order reached its target of 100 letters and is closed." in page
    assert 'value="25"' in page  # what was typed is kept
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CHECKED_IN
