"""The JSON API (django-ninja) at /api/; OpenAPI docs at /api/docs, schema at
/api/openapi.json.

Session (cookie) authentication: sign in through the site, then call the API from the same
browser or client; ninja then enforces CSRF on unsafe methods (send the ``csrftoken``
cookie's value in an ``X-CSRFToken`` header). Answers to refused or bad requests are JSON
with a ``detail`` message: 401 not signed in, 403 not allowed (or CSRF check failed),
404 no such object, 422 invalid input with ``errors`` (messages per field).

Endpoints live in ``api_registry.py`` (networks, organisations, people, memberships, roles)
and ``api_ties.py`` (ties); their writes in ``api_services.py``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import django_auth

from nlc.web import api_registry, api_services, api_ties

# Cookie (session) authentication; ninja then enforces CSRF on unsafe methods.
api = NinjaAPI(
    title="NLC API",
    version="1",
    auth=django_auth,
    docs_url="/docs",
    docs_decorator=login_required,  # the docs and schema are for signed-in users only
    description=__doc__,
    urls_namespace="api",
)


def _field(loc) -> str:
    """A field name from a ninja error location such as ("body", "payload", "weight")."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def _invalid(request, errors: dict[str, list[str]]):
    return api.create_response(
        request, {"detail": "The request is not valid.", "errors": errors}, status=422
    )


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        message = str(error.get("msg", "Invalid value.")).removeprefix("Value error, ")
        errors.setdefault(_field(error.get("loc", ())), []).append(message)
    return _invalid(request, errors)


@api.exception_handler(api_services.Invalid)
def _service_invalid(request, exc: api_services.Invalid):
    return _invalid(request, exc.errors)


@api.exception_handler(DjangoValidationError)
def _django_invalid(request, exc: DjangoValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    return _invalid(request, {k: list(v) for k, v in errors.items()})


@api.exception_handler(api_services.Refused)
def _refused(request, exc: api_services.Refused):
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(PermissionDenied)
def _permission_denied(request, exc):
    return api.create_response(
        request, {"detail": "Your account may not see or change this."}, status=403
    )


@api.exception_handler(api_services.Missing)
def _missing(request, exc: api_services.Missing):
    return api.create_response(request, {"detail": exc.message}, status=404)


@api.exception_handler(ObjectDoesNotExist)
def _does_not_exist(request, exc):
    return api.create_response(request, {"detail": "There is no such object."}, status=404)


api.add_router("/", api_registry.router)
api.add_router("/", api_ties.router)
