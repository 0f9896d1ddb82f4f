from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from peerwork.orgs.models import Organisation
from peerwork.privacy.models import ConsentRecord, SignatureMethod
from peerwork.privacy.services import consent_record
from tests.personas import OrgPersonas


def consent_for(personas: OrgPersonas, **overrides: Any) -> ConsentRecord:
    values: dict[str, Any] = {
        "organisation": personas.org,
        "recorded_by": personas.admin,
        "peer": personas.peer,
        "discloser": personas.org.name,
        "information": "Dates of shifts worked and pay received",
        "recipients": "Ontario Disability Support Program caseworker",
        "purpose": "Report earnings for benefit purposes",
        "signature_method": SignatureMethod.SCREEN,
        "signed_on": personas.org.today() - timedelta(days=10),
        "expires_on": personas.org.today() + timedelta(days=355),
        "right_to_revoke_explained": True,
    }
    values.update(overrides)
    return consent_record(**values)


def months_ago(organisation: Organisation, months: int) -> date:
    return organisation.today() - timedelta(days=31 * months)
