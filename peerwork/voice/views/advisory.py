"""The peer advisory group: meetings, the decisions taken and the actions that follow."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import acting_user, current_organisation, get_for_org, require

from .. import selectors
from ..forms import ActionDoneForm, ActionForm, DecisionForm, MeetingForm
from ..models import Action, Decision
from ..services import action_done, action_record, decision_record, meeting_record
from .common import add_errors


@require("can_manage_advisory")
def meeting_list(request: HttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    form = MeetingForm(
        request.POST or None,
        organisation=organisation,
        initial={"pay_each": selectors.last_pay_each(organisation)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_record(organisation=organisation, by=acting_user(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            unpaid = [line for line in selectors.meeting_pay(meeting) if line.payout is None]
            if unpaid:
                messages.warning(
                    request,
                    _("Not paid for the meeting: %(who)s. See why below.")
                    % {"who": ", ".join(line.peer.preferred_name for line in unpaid)},
                )
            return redirect("voice:meeting_detail", pk=meeting.pk)
    meetings = selectors.meetings_for(organisation)
    return render(request, "voice/meeting_list.html", {"form": form, "meetings": meetings})


@require("can_manage_advisory")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = current_organisation(request)
    meeting = get_for_org(selectors.meetings_for(organisation), organisation, pk=pk)
    form = DecisionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            decision_record(
                meeting=meeting, text=form.cleaned_data["text"], themes=form.cleaned_data["themes"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("voice:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "voice/meeting_detail.html",
        {
            "meeting": meeting,
            "pay": selectors.meeting_pay(meeting),
            "form": form,
            "action_form": ActionForm(),
            "done_form": ActionDoneForm(),
        },
    )


@require("can_manage_advisory")
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = current_organisation(request)
    decision = get_for_org(Decision, organisation, pk=pk)
    form = ActionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            action_record(decision=decision, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Action recorded."))
            return redirect("voice:meeting_detail", pk=decision.meeting_id)
    return render(request, "voice/action_form.html", {"form": form, "decision": decision})


@require_POST
@require("can_manage_advisory")
def action_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_for_org(Action, current_organisation(request), pk=pk)
    form = ActionDoneForm(request.POST)
    if form.is_valid():
        action_done(action=action, what_changed=form.cleaned_data["what_changed"])
        messages.success(request, _("Action marked done."))
    else:
        messages.error(request, _("Say what changed, in plain words."))
    return redirect("voice:meeting_detail", pk=action.decision.meeting_id)
