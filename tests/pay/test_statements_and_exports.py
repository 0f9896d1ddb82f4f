from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from peerwork.audit.models import AuditEvent
from peerwork.pay import selectors, services


def _paid_year(p, worked, cash_box) -> None:
    payout = services.payout_create_for_assignment(assignment=worked.assignment)
    entry = services.payout_pay(payout=payout, method="cash", actor=p.coordinator, paid_on=date(2026, 11, 2))
    services.payout_create_manual(
        organisation=p.org,
        peer=p.peer,
        amount="15.50",
        reason="=HYPERLINK(evil)",
        earned_on=date(2026, 11, 3),
        actor=p.coordinator,
    )
    manual = selectors.payouts_owed(p.org).get(source="manual")
    services.payout_pay(payout=manual, method="transfer", actor=p.coordinator, paid_on=date(2026, 11, 3))
    services.ledger_entry_reverse(entry=entry, reason="wrong shift", actor=p.coordinator)


def test_a_year_statement_totals_payments_and_reversals(org_a, worked, cash_box):
    _paid_year(org_a, worked, cash_box)
    statement = selectors.statement_for(org_a.peer, date(2026, 1, 1), date(2026, 12, 31))
    assert [line.amount for line in statement.lines] == [
        Decimal("100.00"),
        Decimal("15.50"),
        Decimal("-100.00"),
    ]
    assert statement.total == Decimal("15.50")


def test_statement_csv_neutralises_formulas_and_keeps_numbers(org_a, worked, cash_box, client_for):
    _paid_year(org_a, worked, cash_box)
    response = client_for(org_a.coordinator).get(f"/pay/peers/{org_a.peer.pk}/statement.csv?year=2026")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["date", "description", "method", "amount", "currency"]
    assert rows[2][1] == "'=HYPERLINK(evil)"
    assert rows[-1][1:4] == ["Total", "", "15.50"]
    assert AuditEvent.objects.filter(action="pay_statement_exported").exists()


def test_statement_pdf_renders(org_a, worked, cash_box, client_for):
    _paid_year(org_a, worked, cash_box)
    client = client_for(org_a.coordinator)
    response = client.get(f"/pay/peers/{org_a.peer.pk}/statement.pdf?year=2026")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(f"/pay/peers/{org_a.peer.pk}/statement.doc").status_code == 404


def test_payroll_export_csv_and_xlsx(org_a, org_b, worked, cash_box, client_for):
    _paid_year(org_a, worked, cash_box)
    client = client_for(org_a.coordinator)
    query = "start=2026-01-01&end=2026-12-31"
    response = client.get(f"/pay/export?{query}&format=csv")
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in text and "float" in text
    xlsx = client.get(f"/pay/export?{query}&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "entry"
    amounts = [row[8] for row in values[1:]]
    assert all(isinstance(a, int | float) for a in amounts)
    assert any(str(row[6]).startswith("'=") for row in values[1:])
    other = client_for(org_b.coordinator).get(f"/pay/export?{query}&format=csv")
    assert b"ZEBULON" not in other.content
    assert client_for(org_a.supervisor).get(f"/pay/export?{query}&format=csv").status_code == 403


def test_a_peer_downloads_their_own_statement(org_a, worked, cash_box, client_for):
    _paid_year(org_a, worked, cash_box)
    client = client_for(org_a.peer_user)
    page = client.get("/pay/me/")
    assert page.status_code == 200
    response = client.get("/pay/me/statement?year=2026&format=csv")
    assert response.status_code == 200 and b"15.50" in response.content
