"""Staff reading feedback: groups by theme, site and month, text for the roles allowed, tagging."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import current_organisation, get_for_org, require

from .. import selectors
from ..forms import TagForm, ThemeForm
from ..models import Feedback
from ..services import feedback_release, feedback_tag, theme_create
from .common import add_errors, can


@require("can_view_feedback")
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    reads_text = can(request, "can_read_feedback_text")
    manages = can(request, "can_manage_feedback")
    theme_form = ThemeForm(request.POST or None) if manages else None
    if theme_form is not None and request.method == "POST" and theme_form.is_valid():
        try:
            theme_create(organisation=organisation, name=theme_form.cleaned_data["name"])
        except ValidationError as error:
            add_errors(theme_form, error)
        else:
            messages.success(request, _("Theme added."))
            return redirect("voice:dashboard")
    readable = selectors.readable_feedback(organisation) if reads_text else []
    on_time, due = selectors.actions_on_time_share(organisation, organisation.today())
    context = {
        "on_time": on_time,
        "due": due,
        "groups": selectors.feedback_groups(organisation),
        "threshold": organisation.small_cell_threshold,
        "readable": [
            (
                item,
                TagForm(
                    organisation=organisation,
                    initial={"themes": list(item.themes.all())},
                    prefix=f"f{item.pk}",
                ),
            )
            for item in readable
        ],
        "held": list(selectors.held_feedback(organisation)) if reads_text and manages else [],
        "reads_text": reads_text,
        "manages": manages,
        "theme_form": theme_form,
        "themes": selectors.themes_for(organisation),
        "links": selectors.links_for(organisation).filter(is_active=True) if manages else [],
    }
    return render(request, "voice/dashboard.html", context)


@require_POST
@require("can_manage_feedback")
def feedback_tag_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = current_organisation(request)
    feedback = get_for_org(Feedback, organisation, pk=pk)
    form = TagForm(request.POST, organisation=organisation, prefix=f"f{pk}")
    if form.is_valid():
        feedback_tag(feedback=feedback, themes=form.cleaned_data["themes"])
        messages.success(request, _("Themes saved."))
    else:
        messages.error(request, _("Choose from your organisation's themes."))
    return redirect("voice:dashboard")


@require_POST
@require("can_manage_feedback")
def feedback_release_view(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_for_org(Feedback, current_organisation(request), pk=pk)
    feedback_release(feedback=feedback)
    messages.success(request, _("The feedback is no longer held."))
    return redirect("voice:dashboard")
