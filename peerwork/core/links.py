"""Links to many rows of one kind, for pages that list hundreds of them."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

# Stands for the row's id in the one URL reversed; no route of ours has these digits of its own.
_MARKER = "9081726354"


def row_links(viewname: str) -> Callable[[int], str]:
    """``pk -> reverse(viewname, args=[pk])``, reversing once: a review page with 500 rows spent
    more on ``{% url %}`` than on its own queries."""
    template = reverse(viewname, args=[int(_MARKER)])
    return lambda pk: template.replace(_MARKER, str(pk), 1)
