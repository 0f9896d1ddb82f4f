"""Invoicing routes (pages and API) for the cross-organisation matrix, and organisation A's invoices."""

from __future__ import annotations

from typing import Any

from peerwork.invoicing import services
from tests.personas import LEAK_MARKER, OrgPersonas

from .factories import business_line, finished_order


def _invoice(o: OrgPersonas, *, void: bool = False) -> Any:
    line = business_line(o.org, f"{LEAK_MARKER}-")
    invoice = services.invoice_issue(
        organisation=o.org, orders=[finished_order(line, customer=f"{LEAK_MARKER} Housing")], by=None
    )
    if void:
        services.invoice_void(invoice=invoice, reason=f"{LEAK_MARKER} mistake", by=None)
    return invoice


def _order(o: OrgPersonas) -> Any:
    return finished_order(business_line(o.org, f"{LEAK_MARKER}-"), customer=f"{LEAK_MARKER} Housing")


def _json(body: dict[str, Any]) -> dict[str, Any]:
    return {"__post__": body, "__json__": True}


ROUTES = {
    "invoicing:invoice": lambda o: {"pk": _invoice(o).pk, "__post__": {"void": "1", "reason": "x"}},
    "invoicing:invoice_pdf": lambda o: {"pk": _invoice(o).pk},
    "shifts:business_line": lambda o: {"pk": business_line(o.org, f"{LEAK_MARKER}-").pk},
    "api:invoicing_business_line_detail": lambda o: {"line_id": business_line(o.org, f"{LEAK_MARKER}-").pk},
    "api:invoicing_business_line_save": lambda o: {
        "line_id": business_line(o.org, f"{LEAK_MARKER}-").pk,
        **_json({"trading_name": "x", "invoice_prefix": "X-"}),
    },
    "api:invoicing_work_order_detail": lambda o: {"order_id": _order(o).pk},
    "api:invoicing_work_order_target": lambda o: {
        "order_id": _order(o).pk,
        **_json({"quantity": 500, "reason": "more"}),
    },
    "api:invoicing_work_order_cancel": lambda o: {"order_id": _order(o).pk, **_json({"reason": "x"})},
    "api:invoicing_invoice_detail": lambda o: {"invoice_id": _invoice(o).pk},
    "api:invoicing_invoice_paid": lambda o: {
        "invoice_id": _invoice(o).pk,
        **_json({"paid_on": "2026-01-01"}),
    },
    "api:invoicing_invoice_void": lambda o: {"invoice_id": _invoice(o).pk, **_json({"reason": "x"})},
    "api:invoicing_credit_note_detail": lambda o: {"note_id": _invoice(o, void=True).credit_note.pk},
}


def seed_invoicing(o: OrgPersonas) -> None:
    _invoice(o)
    _invoice(o, void=True)


SEED = [seed_invoicing]
