"""Revenue and pay cost per business line (dashboard and funder report) and cost per outcome, with the
small-cell rules: pay cost over 1 to threshold peers is hidden, counts are rounded."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse

from peerwork.insights import business
from peerwork.insights.reports import report_content
from peerwork.invoicing import services as invoicing
from peerwork.pay.models import Payout, PayoutSource
from peerwork.services.models import EntryKind, ServiceEntry
from peerwork.shifts import orders
from peerwork.shifts.models import WorkOrder

from . import factories as f


def _line_with_work(personas, *, peers: int, price="0.50"):  # type: ignore[no-untyped-def]
    """A mail business line whose order was worked by ``peers`` peers, each paid 40, and invoiced."""
    org = personas.org
    t = org.today()
    role = f.role(org, name="Mailing", stream="Mail room")
    line = role.work_stream
    line.is_business_line, line.trading_name, line.invoice_prefix = True, "Mail & Print", "MP-"
    line.save()
    order = WorkOrder.objects.create(
        organisation=org,
        work_stream=line,
        customer="City Housing",
        description="Mail letters",
        quantity=100 * peers,
        unit="letters",
        price=Decimal(price),
    )
    for n in range(peers):
        shift = f.shift(org, personas.site, role, t - timedelta(days=1), slots=peers)
        shift.work_order = order
        shift.save()
        person = f.peer(org, f"P{n}", t - timedelta(days=30))
        assignment = f.worked(shift, person)
        Payout.objects.create(
            organisation=org,
            peer=person,
            site=personas.site,
            source=PayoutSource.SHIFT,
            assignment=assignment,
            amount=Decimal(40),
            currency=org.currency,
            earned_on=t - timedelta(days=1),
            description="Mailing",
        )
        orders.work_order_add_done(order=order, quantity=100, by=None)
    order.refresh_from_db()
    invoice = invoicing.invoice_issue(organisation=org, orders=[order], by=None)
    return line, invoice


def test_figures_per_line_show_revenue_beside_pay_cost(org_a):
    line, invoice = _line_with_work(org_a, peers=7)
    t = org_a.org.today()
    [figures] = business.business_line_figures(org_a.org, t - timedelta(days=30), t)
    assert figures.line == line
    assert figures.revenue == invoice.subtotal == Decimal("350.00")
    assert figures.pay_cost == Decimal(280)
    assert figures.peers == 5  # 7 rounded to the nearest 5
    assert figures.hours == 30  # 28 hours rounded
    [month] = business.revenue_and_cost_by_month(org_a.org, t - timedelta(days=30), t)
    assert (month.revenue, month.pay_cost) == (Decimal("350.00"), Decimal(280))


def test_pay_cost_of_a_few_peers_is_hidden(org_a):
    _line_with_work(org_a, peers=2)
    t = org_a.org.today()
    [figures] = business.business_line_figures(org_a.org, t - timedelta(days=30), t)
    assert figures.pay_cost is None and figures.peers is None
    assert figures.revenue == Decimal("100.00")  # revenue is about customers, not people
    costs = business.cost_per_outcome(org_a.org, t - timedelta(days=30), t)
    assert all(c.value is None for c in costs)


def test_cost_per_outcome_divides_shift_pay_by_hours_needles_kits_and_order_lines(org_a):
    _line_with_work(org_a, peers=7)
    t = org_a.org.today()
    for kind, quantity in ((EntryKind.SHARPS, 56), (EntryKind.SUPPLIES, 20), (EntryKind.SHARPS, 14)):
        ServiceEntry.objects.create(
            organisation=org_a.org,
            site=org_a.site,
            kind=kind,
            quantity=quantity,
            occurred_at=f.at(org_a.org, t),
        )
    costs = {str(c.label): c.value for c in business.cost_per_outcome(org_a.org, t - timedelta(days=30), t)}
    assert costs["Pay cost per hour of service"] == Decimal("10.00")  # 280 / 28 hours
    assert costs["Pay cost per needle recovered"] == Decimal("4.00")  # 280 / 70
    assert costs["Pay cost per supply kit given"] == Decimal("14.00")  # 280 / 20
    assert costs["Pay cost per order line invoiced"] is None  # one line: a small count, hidden


def test_the_dashboard_shows_revenue_and_pay_cost_per_business_line(org_a, org_b, client_for):
    _line_with_work(org_a, peers=7)
    page = client_for(org_a.evaluator).get(reverse("insights:dashboard")).content.decode()
    assert "Business lines" in page and "Mail &amp; Print" in page
    assert "$350.00" in page and "$280.00" in page
    other = client_for(org_b.evaluator).get(reverse("insights:dashboard")).content.decode()
    assert "Mail &amp; Print" not in other


def test_funder_reports_carry_revenue_cost_and_cost_per_outcome(org_a):
    _line_with_work(org_a, peers=7)
    t = org_a.org.today()
    template = f.ReportTemplateFactory(
        organisation=org_a.org, period_start=t - timedelta(days=30), period_end=t, indicator_ids=[]
    )
    content = report_content(template)
    sections = {s["id"]: s for s in content["sections"]}
    revenue = sections["business_lines"]
    assert revenue["rows"][0]["cells"] == ["CA$350.00", "CA$280.00"]
    costs = {row["label"]: row["cells"][0] for row in sections["cost_per_outcome"]["rows"]}
    assert costs["Pay cost per hour of service"] == "CA$10.00"
    assert costs["Pay cost per order line invoiced"] == "*"
