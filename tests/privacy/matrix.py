from peerwork.privacy.services import peer_erase, retention_dry_run
from tests.personas import LEAK_MARKER

from .factories import consent_for


def _consent(a):  # type: ignore[no-untyped-def]
    return {"pk": consent_for(a, purpose=f"{LEAK_MARKER} purpose").pk}


def _run(a):  # type: ignore[no-untyped-def]
    return {"pk": retention_dry_run(organisation=a.org, by=a.admin).pk}


def _erased(a):  # type: ignore[no-untyped-def]
    peer_erase(peer=a.peer, by=a.admin, reason=f"{LEAK_MARKER} asked")
    return {"peer_pk": a.peer.pk}


ROUTES = {
    "privacy:consent_detail": _consent,
    "privacy:consent_revoke": lambda a: {**_consent(a), "__post__": {"revoked_on": "2026-01-01"}},
    "privacy:disclosure_new": lambda a: {
        **_consent(a),
        "__post__": {"disclosed_on": "2026-11-20", "recipient": "x", "what": "y"},
    },
    "privacy:purge_run": _run,
    "privacy:purge_execute": _run,
    "privacy:peer_export": lambda a: {"peer_pk": a.peer.pk},
    "privacy:erasure_report": _erased,
    "privacy:peer_erase": lambda a: {"peer_pk": a.peer.pk, "__post__": {"reason": "asked", "confirm": "on"}},
}

SEED = [lambda a: consent_for(a, recipients=f"{LEAK_MARKER} clinic")]
