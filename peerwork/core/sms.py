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
        extra = {}
        if settings.TWILIO_STATUS_CALLBACK_URL:  # delivery reports, so failed numbers are flagged
            extra["status_callback"] = settings.TWILIO_STATUS_CALLBACK_URL
        sent = client.messages.create(
            to=message.to, from_=settings.TWILIO_FROM_NUMBER, body=message.body, **extra
        )
        return str(sent.sid)


def send_sms(to: str, body: str) -> str:
    backend = import_string(settings.SMS_BACKEND)()
    return str(backend.send(SMS(to=to, body=body)))


def normalise_phone(raw: str, region: str = "") -> str:
    """The number in E.164 (+15195550123), or ValueError when it is not a valid number.

    Validated with ``phonenumbers``; ``region`` (the organisation's country) reads local numbers.
    """
    import phonenumbers

    try:
        parsed = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError("not a valid number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def signature_valid(url: str, params: dict[str, str], signature: str) -> bool:
    """Does the provider's signature match, checked by Twilio's own ``RequestValidator``?"""
    from twilio.request_validator import RequestValidator

    token = settings.TWILIO_AUTH_TOKEN
    if not token or not signature:
        return False
    return bool(RequestValidator(token).validate(url, params, signature))
