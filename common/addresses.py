"""Whose address a request comes from, believing X-Forwarded-For only from our own proxies.

Behind a reverse proxy every request arrives from the proxy's address, so the client's address is
in the X-Forwarded-For header the proxy adds. Anyone can send that header too: it is believed only
when the request comes from an address in INTERLOCK_TRUSTED_PROXIES, and then read from the right,
skipping our own proxies, so that what a client wrote to the left of them is never taken.
Everything that records or limits by address (the sign-in lockout) asks `client_address`.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(trusted):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted if entry.strip())


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address):
    return address is not None and any(
        address in network for network in _networks(tuple(settings.INTERLOCK_TRUSTED_PROXIES))
    )


def client_address(request):
    """The address of the person behind `request`, as text ("203.0.113.7"), or None when unknown."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if not _is_trusted(peer):
        return str(peer) if peer else None
    # Each proxy appends the address it got the request from: walk back from our side to the first
    # hop that is not one of our proxies. A malformed entry was written by someone outside our
    # proxies; the last proxy that handed it on is then the closest address we know.
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    nearest = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        nearest = address
        if not _is_trusted(address):
            break
    return str(nearest)
