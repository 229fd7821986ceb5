"""The client's address, for counting failed logins (django-axes) and the portal's rate limits.

Directly exposed, it is REMOTE_ADDR. Behind the HTTPS proxy (KEFU_HTTPS=true) REMOTE_ADDR is the
proxy's for everyone, so the client is read from X-Forwarded-For: each proxy appends the address
it was connected from, so with KEFU_PROXY_COUNT trusted proxies the client is that many entries
from the right. Entries further left are whatever the client chose to send and are never read,
so a forged header cannot dodge or shift a lockout.

django-axes' own AXES_IPWARE_* settings only work with django-ipware installed (axes.helpers);
these few lines do what its proxy_count does without another dependency.
"""

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    text = text.strip()
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """None when the request has no address at all (a test's forced login): axes stores the
    address in an address column, which takes no placeholder word."""
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.KEFU_HTTPS:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    count = max(settings.KEFU_PROXY_COUNT, 1)
    if len(hops) < count:
        # Not through the proxies we were told of (a health check from the host): the peer itself.
        return remote
    return _address(hops[-count]) or remote
