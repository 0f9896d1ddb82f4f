"""The Twilio backend sends through Twilio's client and asks for delivery reports when configured."""

from __future__ import annotations

from typing import Any

import pytest

from peerwork.core.sms import send_sms


class FakeClient:
    sent: list[dict[str, Any]] = []

    def __init__(self, sid: str, token: str) -> None:
        assert (sid, token) == ("AC123", "secret")
        self.messages = self

    def create(self, **kwargs: Any) -> Any:
        FakeClient.sent.append(kwargs)
        return type("Sent", (), {"sid": "SM42"})()


@pytest.fixture
def twilio(settings, monkeypatch):  # type: ignore[no-untyped-def]
    import twilio.rest

    monkeypatch.setattr(twilio.rest, "Client", FakeClient)
    FakeClient.sent = []
    settings.SMS_BACKEND = "peerwork.core.sms.TwilioSMSBackend"
    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = "AC123", "secret"
    settings.TWILIO_FROM_NUMBER = "+14165550100"
    return settings


def test_a_text_asks_for_delivery_reports_at_the_configured_address(twilio):  # type: ignore[no-untyped-def]
    twilio.TWILIO_STATUS_CALLBACK_URL = "https://peerwork.example.org/shifts/sms/status/"
    assert send_sms("+14165550199", "Shift tomorrow 13:00") == "SM42"
    assert FakeClient.sent == [
        {
            "to": "+14165550199",
            "from_": "+14165550100",
            "body": "Shift tomorrow 13:00",
            "status_callback": "https://peerwork.example.org/shifts/sms/status/",
        }
    ]


def test_without_a_callback_address_no_report_is_asked_for(twilio):  # type: ignore[no-untyped-def]
    twilio.TWILIO_STATUS_CALLBACK_URL = ""
    send_sms("+14165550199", "Hello")
    assert "status_callback" not in FakeClient.sent[0]
