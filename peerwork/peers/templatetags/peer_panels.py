"""``{% peer_panel panel %}``: one panel of a peer's page or My work, rendered in the page's context.

A panel is what an app contributes (``peers.hooks``): its template's name and its own context. It
is rendered like an ``{% include %}`` with that context on top, so the context processors have run
once for the whole page, not once a panel.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def peer_panel(context: template.Context, panel: dict[str, Any]) -> SafeString:
    assert context.template is not None  # a tag renders inside a template
    panel_template = context.template.engine.get_template(panel["template"])
    with context.push(panel.get("context", {})):
        return panel_template.render(context)
