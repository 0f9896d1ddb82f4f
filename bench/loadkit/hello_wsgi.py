"""A bare Django "hello" application, the baseline bench/load.py compares Peerwork against.

Served by gunicorn beside Peerwork (``gunicorn --chdir bench/loadkit hello_wsgi:application``); one view, no
database, no middleware, so the ratio shows what Peerwork's pages and API cost over Django itself.
"""

from __future__ import annotations

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-hello-only",  # noqa: S106 - serves one constant string, nothing to protect
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

urlpatterns = [path("hello", hello)]

application = get_wsgi_application()
