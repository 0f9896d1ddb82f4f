"""Cross-organisation matrix entries for the API's token and privacy routes."""

from __future__ import annotations

from typing import Any

from peerwork.accounts.tokens import api_token_create
from peerwork.privacy.services import disclosure_record, retention_dry_run
from tests.personas import LEAK_MARKER, OrgPersonas
from tests.privacy.factories import consent_for


def _token(o: OrgPersonas) -> dict[str, Any]:
    token, _raw = api_token_create(user=o.admin, organisation=o.org, name=f"{LEAK_MARKER} script")
    return {"pk": token.pk}


def _consent(o: OrgPersonas) -> dict[str, Any]:
    consent = consent_for(o, purpose=f"{LEAK_MARKER} purpose")
    disclosure_record(
        consent=consent,
        disclosed_on=consent.signed_on,
        recipient=f"{LEAK_MARKER} clinic",
        what="dates",
        by=o.admin,
    )
    return {"pk": consent.pk}


def _run(o: OrgPersonas) -> dict[str, Any]:
    return {"pk": retention_dry_run(organisation=o.org, by=o.admin).pk}


ROUTES = {
    "api:tokens_detail": _token,
    "api:tokens_revoke": lambda o: {**_token(o), "__post__": {}, "__json__": True},
    "api:privacy_consent_detail": _consent,
    "api:privacy_consent_revoke": lambda o: {
        **_consent(o),
        "__post__": {"revoked_on": "2026-11-01", "note": "phone"},
        "__json__": True,
    },
    "api:privacy_disclosure_list": _consent,
    "api:privacy_disclosure_create": lambda o: {
        **_consent(o),
        "__post__": {"disclosed_on": "2026-11-20", "recipient": "x", "what": "y"},
        "__json__": True,
    },
    "api:privacy_run_detail": _run,
    "api:privacy_run_purge": lambda o: {**_run(o), "__post__": {}, "__json__": True},
    "api:privacy_peer_export": lambda o: {
        "peer_pk": o.peer.pk,
        "__post__": {"requested_by_peer": True, "reason": "asked"},
        "__json__": True,
    },
    "api:privacy_peer_erase": lambda o: {
        "peer_pk": o.peer.pk,
        "__post__": {"reason": "asked"},
        "__json__": True,
    },
}


def _seed(o: OrgPersonas) -> None:
    api_token_create(user=o.admin, organisation=o.org, name=f"{LEAK_MARKER} token")
    api_token_create(user=o.coordinator, organisation=o.org, name=f"{LEAK_MARKER} token")


SEED = [_seed]
