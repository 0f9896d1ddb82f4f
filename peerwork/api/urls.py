"""The REST API: django-ninja under /api/v1/, one router per domain."""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, path, re_path, resolve
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from peerwork.audit.services import audit_record

from .auth import MemberSessionAuth, TokenAuth
from .common import validation_messages
from .contract import declare_answers
from .routers import ROUTERS


class ObjectBodies(Parser):
    """Every body the API takes is a JSON object: an array, a string or null is a 400, not read as
    "no fields given"."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("The body is not a JSON object.")
        return data


api = NinjaAPI(
    title="Peerwork API",
    version="1",
    description="Peer work programmes: people, ladder, shifts, pay, services, support and insights.",
    auth=[TokenAuth(), MemberSessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=ObjectBodies(),
)

for prefix, router in ROUTERS:
    api.add_router(prefix, router)
declare_answers(api)


def _error(
    request: HttpRequest, status: int, detail: str, errors: dict[str, Any] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, "Your role does not allow this.")


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    header = request.headers.get("Authorization", "")
    audit_record(
        action="api_authentication_failed",
        request=request,
        path=request.path,
        scheme=header.split(" ", 1)[0][:20] if header else "none",
    )
    return _error(request, 401, "Sign in or send an API token.")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(ValidationError)
def refused_by_the_rules(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A service refused what a schema-valid request asked for: 409, with its reasons by field."""
    errors = validation_messages(exc)
    return _error(request, 409, next(iter(errors.values()))[0], errors)


@api.exception_handler(NinjaValidationError)
def schema_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        field = ".".join(
            str(part) for part in item.get("loc", []) if part not in {"body", "query", "path", "payload"}
        )
        errors.setdefault(field or "__all__", []).append(str(item.get("msg", "invalid")))
    return _error(request, 422, "Some values are not valid.", errors)


@csrf_exempt  # it changes nothing: a write to an address that does not exist is a 404, not a CSRF page
def no_such_address(request: HttpRequest) -> HttpResponse:
    """Any address under /api/ that no route has: the error shape, even with DEBUG on (where
    Django's own 404 page would answer a non-numeric id in an {int:...} path). An address that
    only lacks its final slash is redirected, as CommonMiddleware did before this caught it."""
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        with contextlib.suppress(Resolver404):
            if resolve(request.path_info + "/").func is not no_such_address:
                return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return _error(request, 404, "Not found.")


urlpatterns = [
    path("v1/", api.urls),
    path("docs", RedirectView.as_view(url="/api/v1/docs", permanent=False), name="api_docs"),
    re_path(r"^.*$", no_such_address, name="api_no_such_address"),
]
