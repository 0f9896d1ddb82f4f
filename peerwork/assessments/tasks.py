"""Background work: sending a check-in reminder by SMS or e-mail."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from peerwork.core.sms import send_sms
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker

from .models import Reminder


@task()
def send_assessment_reminder(reminder_id: int) -> str:
    """Send one queued reminder; a reminder already sent is not sent again.

    Marked sent before it goes (one UPDATE), so that a second run of the task never sends a copy;
    if the provider refuses it, the mark is taken back and the task fails, to be tried again.
    """
    reminder = (
        Reminder.objects.select_related("schedule__peer", "schedule__organisation", "schedule__instrument")
        .filter(pk=reminder_id, sent_at__isnull=True)
        .first()
    )
    if reminder is None:
        return "already sent"
    peer = reminder.schedule.peer
    if peer is None or peer.reminders_opt_out:
        return "no one to remind"
    organisation = reminder.schedule.organisation
    if not (peer.phone and reminder.channel == "sms") and not peer.email:
        return "no address"
    if not Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(sent_at=timezone.now()):
        return "already sent"
    try:
        _send(reminder, peer, organisation)
    except Exception:
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=None)
        raise
    return "sent"


def _send(reminder: Reminder, peer: PeerWorker, organisation: Organisation) -> None:
    with translation.override(organisation.language):
        body = _(
            "Hi %(name)s, your check-in with %(org)s is due on %(date)s. "
            "You can do it on the kiosk or your phone. Ask your coordinator if you want no more reminders."
        ) % {"name": peer.preferred_name, "org": organisation.name, "date": reminder.due_on.isoformat()}
        if reminder.channel == "sms" and peer.phone:
            send_sms(peer.phone, body)
        else:
            send_mail(_("Your check-in is due"), body, None, [peer.email])
