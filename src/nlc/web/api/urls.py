"""The one :class:`~ninja.NinjaAPI`, assembled from the apps' routers and mounted at /api/
(``nlc.web.urls``); OpenAPI docs at /api/docs, schema at /api/openapi.json.

To add an app's endpoints, add its router to :data:`ROUTERS` (one line). Every refusal an
endpoint raises is answered here, the same way for every app (:data:`DESCRIPTION`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, OperationalError
from django.urls import path
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import django_auth

from nlc.web import busy
from nlc.web.api.common import Invalid, Missing, Refused, messages
from nlc.web.brokerage.api import router as brokerage_router
from nlc.web.exports.api import router as exports_router
from nlc.web.knowledge.api import router as knowledge_router
from nlc.web.learning.api import router as learning_router
from nlc.web.planning.api import router as planning_router
from nlc.web.registry.api import router as registry_router
from nlc.web.surveys.api import router as surveys_router
from nlc.web.ties.api import router as ties_router

#: The apps' routers, each mounted at the API's root (their paths start with the app's nouns).
ROUTERS = [
    registry_router,
    ties_router,
    exports_router,
    learning_router,
    planning_router,
    knowledge_router,
    surveys_router,
    brokerage_router,
]

DESCRIPTION = """The JSON API (django-ninja) at /api/; OpenAPI docs at /api/docs, schema at
/api/openapi.json.

Session (cookie) authentication: sign in through the site, then call the API from the same
browser or client; ninja then enforces CSRF on unsafe methods (send the ``csrftoken``
cookie's value in an ``X-CSRFToken`` header). Answers to refused or bad requests are JSON
with a ``detail`` message: 401 not signed in, 403 not allowed (or CSRF check failed),
404 no such object, 422 invalid input with ``errors`` (messages per field).
"""


class API(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """``nlc_web_api_<app>_<function>``: the operation ids of the first release, when the
        endpoints lived in ``nlc/web/api_<app>.py``, kept so that generated clients keep
        working wherever the code moves."""
        app = operation.view_func.__module__.split(".")[-2]
        return f"nlc_web_api_{app}_{operation.view_func.__name__}"


# Cookie (session) authentication; ninja then enforces CSRF on unsafe methods.
api = API(
    title="NLC API",
    version="1",
    auth=django_auth,
    docs_url="/docs",
    docs_decorator=login_required,  # the docs and schema are for signed-in users only
    description=DESCRIPTION,
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


def _answer(request, status: int, detail: str, errors: dict[str, list[str]] | None = None):
    body = {"detail": detail} if errors is None else {"detail": detail, "errors": errors}
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        message = str(error.get("msg", "Invalid value.")).removeprefix("Value error, ")
        errors.setdefault(_field(error.get("loc", ())), []).append(message)
    return _answer(request, 422, "The request is not valid.", errors)


@api.exception_handler(Invalid)
def _invalid(request, exc: Invalid):
    return _answer(request, 422, "The request is not valid.", exc.errors)


@api.exception_handler(DjangoValidationError)
def _django_invalid(request, exc: DjangoValidationError):
    return _answer(request, 422, "The request is not valid.", messages(exc))


@api.exception_handler(OperationalError)
def _busy(request, exc: OperationalError):
    """A locked database: 503 with Retry-After (:mod:`nlc.web.busy`); other errors go on."""
    if not busy.is_busy(exc):
        raise exc
    response = api.create_response(
        request, {"detail": busy.MESSAGE, "retry_after": busy.RETRY_AFTER}, status=503
    )
    response["Retry-After"] = str(busy.RETRY_AFTER)
    return response


@api.exception_handler(OverflowError)
def _too_large(request, exc: OverflowError):
    """A number beyond what the database stores, wherever a schema let one through."""
    return _answer(request, 422, "A number in the request is too large.")


@api.exception_handler(DataError)
def _data_error(request, exc: DataError):
    """A value the database refuses (PostgreSQL's "integer out of range", say)."""
    return _answer(request, 422, "A value in the request does not fit the database.")


#: Refusals answered with a status and a message: the exception's own, or the one given.
REFUSALS = [
    (Refused, 403, None),
    (PermissionDenied, 403, "Your account may not see or change this."),
    (Missing, 404, None),
    (ObjectDoesNotExist, 404, "There is no such object."),
]


def _refusal(status: int, detail: str | None):
    def answer(request, exc):
        return _answer(request, status, detail or exc.message)

    return answer


for exception, status, detail in REFUSALS:
    api.add_exception_handler(exception, _refusal(status, detail))

for router in ROUTERS:
    api.add_router("/", router)

urlpatterns = [path("", api.urls)]
