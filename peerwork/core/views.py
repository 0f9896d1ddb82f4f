from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _

from .home import landing_pages

logger = logging.getLogger("peerwork")


def home(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if not request.user.is_authenticated:
        return redirect("accounts:sign_in")
    if membership is None:
        return redirect("accounts:no_organisation")
    for capability, url_name in landing_pages:
        if membership.can(capability):
            return redirect(reverse(url_name))
    return render(request, "core/home.html")


def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not. No data is disclosed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: database did not answer")
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


DATABASE_RETRY_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(api=request.path.startswith("/api/"))
    return render(request, "errors/500.html", status=500)


def database_unavailable(*, api: bool = False) -> HttpResponse:
    """503 while the database refuses connections (a restart, a failover): a plain page, no traceback.

    Rendered without the request, so that nothing on the way (the signed-in user, the
    organisation's menu) asks the database again. The proxy and the browser may retry.
    """
    logger.warning("database unavailable: answered 503")
    if api:
        detail = _("The database cannot be reached just now. Try again in a minute.")
        response: HttpResponse = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    return response
