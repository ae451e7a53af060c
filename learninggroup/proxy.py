"""The real client address behind the reverse proxy, and only from the configured proxy.

``TRUSTED_PROXIES`` (addresses or networks) names the reverse proxy in front of gunicorn. A request that comes
from one of them has its client address taken from ``X-Forwarded-For`` (the right-most address that is not a
trusted proxy: the proxy appends the address it saw) and its scheme from ``X-Forwarded-Proto``. From anyone
else both headers are removed before any other code sees them, so ``request.is_secure()``
(``SECURE_PROXY_SSL_HEADER``), the log-in limits and the logs cannot be fooled by a client that sends them.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def is_trusted_proxy(address: str, proxies: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(proxies))


def client_address(remote_addr: str, forwarded_for: str, proxies: tuple[str, ...]) -> str:
    """The address of the person: walk X-Forwarded-For from the right, skipping trusted proxies."""
    if not is_trusted_proxy(remote_addr, proxies):
        return remote_addr
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote_addr  # a garbled header: fall back to the proxy's own address
        if not is_trusted_proxy(hop, proxies):
            return hop
    return remote_addr


class TrustedProxyMiddleware:
    """First in MIDDLEWARE: rewrites REMOTE_ADDR for requests from the trusted proxy, strips the headers otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proxies = tuple(settings.TRUSTED_PROXIES)
        remote = request.META.get("REMOTE_ADDR", "")
        if proxies and is_trusted_proxy(remote, proxies):
            request.META["PROXY_ADDR"] = remote
            request.META["REMOTE_ADDR"] = client_address(remote, request.META.get("HTTP_X_FORWARDED_FOR", ""), proxies)
        else:
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
