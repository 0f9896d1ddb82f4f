"""What a paged list's pager needs from the request (the template is core/_pager.html)."""

from __future__ import annotations

from django.http import QueryDict


def query_without_page(params: QueryDict, **also: str) -> str:
    """The list's filters as a query string for its pager's links: what was asked (and ``also``, a
    filter the view chose for the person), less the page."""
    query = params.copy()
    query.pop("page", None)
    for name, value in also.items():
        query[name] = value
    return query.urlencode()
