"""Cross-organisation matrix entries for the API token pages."""

from __future__ import annotations

from typing import Any

from peerwork.accounts.tokens import api_token_create
from tests.personas import LEAK_MARKER, OrgPersonas


def _token(o: OrgPersonas) -> dict[str, Any]:
    token, _raw = api_token_create(user=o.admin, organisation=o.org, name=f"{LEAK_MARKER} script")
    return {"pk": token.pk, "__post__": {}}


ROUTES = {"accounts:token_revoke": _token}
