"""Auditlog's middleware, with the client address taken as the sign-in throttle takes it.

Auditlog's own middleware believes the first ``X-Forwarded-For`` address of any request, so
a client could write any address into the log. NLC trusts that header only as configured
(``NLC_TRUSTED_PROXY_HEADER``, ``NLC_TRUSTED_PROXIES``): :func:`nlc.web.throttle.client_address`.
"""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware

from nlc.web.throttle import client_address


class TrustedAddressAuditlogMiddleware(AuditlogMiddleware):
    """Record each change's actor, and the client address NLC trusts."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)
