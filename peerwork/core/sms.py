"""SMS backends: a file outbox for development and tests, Twilio when configured."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SMS:
    to: str
    body: str


class FileSMSBackend:
    """Writes each message as a JSON file under ``SMS_FILE_PATH``."""

    def send(self, message: SMS) -> str:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        message_id = uuid.uuid4().hex
        (folder / f"{timezone.now():%Y%m%dT%H%M%S}-{message_id}.json").write_text(
            json.dumps({"to": message.to, "body": message.body}, ensure_ascii=False),
            encoding="utf-8",
        )
        return message_id


class ConsoleSMSBackend:
    def send(self, message: SMS) -> str:
        logger.info("SMS to %s: %s", message.to, message.body)
        return "console"


class TwilioSMSBackend:
    """Sends through Twilio's REST client (``pip install twilio``)."""

    def send(self, message: SMS) -> str:
        from twilio.rest import Client  # optional dependency, only when this backend is chosen

        client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)
        sent = client.messages.create(to=message.to, from_=settings.TWILIO_FROM_NUMBER, body=message.body)
        return str(sent.sid)


def send_sms(to: str, body: str) -> str:
    backend = import_string(settings.SMS_BACKEND)()
    return str(backend.send(SMS(to=to, body=body)))
