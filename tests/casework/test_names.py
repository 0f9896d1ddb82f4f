"""The no-names check on casework's free text: name-shaped fragments are refused, plain notes pass."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from peerwork.casework.names import check_no_names, name_like


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Met John Smith at the drop-in", "John Smith"),
        ("Called Mr Olsen about the flat", "Mr Olsen"),
        ("Dr. Patel to see the client", "Dr. Patel"),
        ("Talked with Anne-Marie Dubois", "Anne-Marie Dubois"),
        ("Sister is de Vries by marriage", "de Vries"),
        ("Frau Berg rang back", "Frau Berg"),
        ("Spoke to O'Brien", "O'Brien"),
    ],
)
def test_name_shaped_fragments_are_found(text, found):
    assert name_like(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "",
        "went together to the clinic, client felt calmer",
        "Harbour Clinic intake booked for Tuesday",
        "Next: call Main Street shelter about a bed",
        "Client wants to try the NA group",
        "follow up with the housing worker",
    ],
)
def test_plain_notes_and_agency_names_pass(text):
    assert name_like(text) is None
    assert check_no_names(f"  {text} ", "note") == text.strip()


def test_the_refusal_names_the_field_and_the_words():
    with pytest.raises(ValidationError) as caught:
        check_no_names("Met John Smith", "next_step")
    message = caught.value.message_dict["next_step"][0]
    assert "“John Smith” looks like a person's name" in message


def test_a_sentence_starting_word_and_weekdays_are_not_taken_for_names():
    assert name_like("Met John Smith. Then Next Tuesday") == "John Smith"
    assert name_like("Next Tuesday at ten") is None
    assert name_like("John Smith called") == "John Smith"
