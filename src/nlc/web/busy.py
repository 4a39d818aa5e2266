"""A busy database answers 503 with Retry-After, not an HTML 500 (hardening issue #9, 8).

SQLite allows one writer at a time; a writer that waits longer than the busy timeout gets
``OperationalError: database is locked``. :class:`DatabaseBusyMiddleware` turns that into
503 Service Unavailable with a ``Retry-After`` header: JSON with advice for the API (``/api/``),
a short page for everything else. Other database errors are left alone.
"""

from __future__ import annotations

from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render

#: Seconds a client should wait before trying again.
RETRY_AFTER = 5
MESSAGE = (
    "The database is busy with another change (a large import, perhaps). Nothing was "
    f"changed; please try again in {RETRY_AFTER} seconds."
)


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is the database saying it is locked by another writer."""
    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()


class DatabaseBusyMiddleware:
    """Answer 503 (JSON under /api/, a page elsewhere) when the database is locked."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy(exception):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": MESSAGE, "retry_after": RETRY_AFTER}, status=503)
        else:
            response = render(request, "busy.html", {"message": MESSAGE}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
