"""A definition file with errors is rejected with every error listed; shipped files are valid."""

from __future__ import annotations

import copy
import json

import pytest

from peerwork.assessments.definitions import (
    DefinitionError,
    parse_definition,
    shipped_definitions,
    validate_definition,
)

from .factories import shipped


def test_every_shipped_definition_is_valid():
    keys = {d["id"] for d in shipped_definitions()}
    assert keys == {"barc-10", "mirc", "proqol-5", "recovery-checkin", "wellbeing-checkin"}
    for data in shipped_definitions():
        assert validate_definition(data) == []


def test_licensed_structures_carry_no_item_wording():
    for key in ("barc-10", "mirc", "proqol-5"):
        data = shipped(key)
        assert data["wording"] == "separate"
        assert all("text" not in item for item in data["items"])


def test_own_check_ins_have_text_in_five_languages_and_say_they_are_not_validated():
    for key in ("recovery-checkin", "wellbeing-checkin"):
        data = shipped(key)
        assert data["validated"] is False
        assert "not a validated" in data["notice"]["en"].lower() or "not validated" in data["licence"].lower()
        for item in data["items"]:
            assert set(item["text"]) == {"en", "fr", "nb", "de", "nl"}


def test_a_definition_with_several_errors_lists_every_one():
    data = copy.deepcopy(shipped("recovery-checkin"))
    data["items"][0]["scale"] = "agree7"  # unknown scale
    data["items"][1]["subscale"] = "spiritual"  # unknown subscale
    data["items"][2]["id"] = data["items"][3]["id"]  # duplicate id
    data["cutoffs"][0]["score"] = "grand-total"  # unknown score
    data["bands"] = [
        {
            "score": "total",
            "source": "test",
            "bands": [
                {"id": "a", "label": {"en": "A"}, "min": None, "max": 30},
                {"id": "b", "label": {"en": "B"}, "min": 25, "max": None},
            ],
        }
    ]
    with pytest.raises(DefinitionError) as caught:
        parse_definition(json.dumps(data))
    errors = caught.value.errors
    text = "\n".join(errors)
    assert "unknown scale 'agree7'" in text
    assert "unknown subscale 'spiritual'" in text
    assert "'r04' is used more than once" in text
    assert "unknown score 'grand-total'" in text
    assert "'a' and 'b' overlap" in text
    assert len(errors) >= 5


def test_schema_errors_are_all_listed_with_their_place():
    data = copy.deepcopy(shipped("barc-10"))
    del data["citation"]
    data["version"] = ""
    data["items"][4]["reverse"] = "yes"
    data["scoring"]["total"]["method"] = "median"
    errors = validate_definition(data)
    text = "\n".join(errors)
    assert "'citation' is a required property" in text
    assert "definition.version" in text
    assert "definition.items[4].reverse" in text
    assert "definition.scoring.total" in text
    assert len(errors) >= 4


def test_not_json_is_a_clear_error():
    with pytest.raises(DefinitionError, match="not valid JSON"):
        parse_definition("{oops")
