from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

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


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
