"""Which hosts are this machine: traffic to them never leaves it, so it may go without TLS."""

from __future__ import annotations

import ipaddress


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` (and names under it), 127.0.0.0/8 and ::1. Any other host, and
    the wildcard addresses ``0.0.0.0`` and ``::`` (every interface), is the network."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
