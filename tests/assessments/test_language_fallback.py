"""Text falls back to the organisation's default language, then English."""

from __future__ import annotations

from peerwork.assessments.definitions import text_for

from .factories import definition


def test_text_in_the_persons_language_when_there_is_one():
    recovery = definition("recovery-checkin")
    assert recovery.item_text("r09", "nb", "en") == "Jeg har et trygt sted å bo."
    assert recovery.name("de", "en") == "Recovery-Check-in"


def test_missing_language_falls_back_to_the_organisations_default_then_english():
    texts = {"en": "Hello", "fr": "Bonjour"}
    assert text_for(texts, "nb", "fr") == "Bonjour"
    assert text_for(texts, "nb", "de") == "Hello"
    assert text_for({"nl": "Hallo"}, "nb", "de") == "Hallo"  # last resort: whatever there is
    assert text_for(texts, "fr-ca", "en") == "Bonjour"


def test_loaded_wording_also_falls_back():
    barc = definition(
        "barc-10",
        {"items": {"b01": {"fr": "Énoncé inventé"}}, "scales": {"agree6": {"1": {"fr": "Un"}}}},
    )
    assert barc.item_text("b01", "nl", "fr") == "Énoncé inventé"
    assert barc.value_label("agree6", 1, "nl", "fr") == "Un"
