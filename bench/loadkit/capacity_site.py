"""The URLconf bench/capacity.py serves: Peerwork's, plus the Django floor and a query counter.

The floor is a page under the same settings, middleware, session and authentication as every
signed-in page, rendering ``base.html`` with one query of its own: what a page costs before it
does its own work. The counter answers ``X-Bench-Queries`` only when a request asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from peerwork import urls as peerwork_urls
from peerwork.accounts.access import require
from peerwork.orgs.models import Site

COUNT_HEADER = "X-Bench-Queries"


@require("is_staff_member")
def floor(request: HttpRequest) -> HttpResponse:
    sites = list(Site.objects.filter(organisation=request.organisation).values_list("name", flat=True))  # type: ignore[attr-defined]
    return render(request, "base.html", {"sites": sites})


class QueryCountMiddleware:
    """Count the SQL statements of a request that sends ``X-Bench-Queries`` and answer the count in
    the same header; other requests pass straight through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if COUNT_HEADER not in request.headers:
            return self.get_response(request)
        count = 0

        def counted(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response[COUNT_HEADER] = str(count)
        return response


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *peerwork_urls.urlpatterns]
handler400 = peerwork_urls.handler400
handler403 = peerwork_urls.handler403
handler404 = peerwork_urls.handler404
handler500 = peerwork_urls.handler500
