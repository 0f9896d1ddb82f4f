"""The address a request came from, also behind the reverse proxies named in PEERWORK_TRUSTED_PROXIES.

Every lockout, throttle and audit event that records an address asks ``client_address``: behind a
proxy, REMOTE_ADDR is the proxy's, and counting it would make one person's wrong tries everyone's.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(raw: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(raw.strip())
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str | None:
    """REMOTE_ADDR, or when that is a trusted proxy, the right-most X-Forwarded-For entry it did not add.

    Entries left of the first untrusted one may have been written by the client itself, so they
    never count; a header from an untrusted sender is ignored entirely.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = _networks(tuple(settings.PEERWORK_TRUSTED_PROXIES))
    remote_ip = _parse(remote or "")
    if remote_ip is None or not any(remote_ip in network for network in trusted):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # A proxy we trust appends plain addresses; anything else we cannot vouch for.
            return remote
        if not any(address in network for network in trusted):
            return str(address)
    return remote
