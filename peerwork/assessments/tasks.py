"""Background work: sending a check-in reminder by SMS or e-mail."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from peerwork.core.sms import send_sms

from .models import Reminder


@task()
def send_assessment_reminder(reminder_id: int) -> str:
    """Send one queued reminder; a reminder already sent is not sent again."""
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
    with translation.override(organisation.language):
        body = _(
            "Hi %(name)s, your check-in with %(org)s is due on %(date)s. "
            "You can do it on the kiosk or your phone. Ask your coordinator if you want no more reminders."
        ) % {"name": peer.preferred_name, "org": organisation.name, "date": reminder.due_on.isoformat()}
        if reminder.channel == "sms" and peer.phone:
            send_sms(peer.phone, body)
        elif peer.email:
            send_mail(_("Your check-in is due"), body, None, [peer.email])
        else:
            return "no address"
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
    return "sent"
