"""An uploaded questionnaire file that is not UTF-8 or nests absurdly deep is a form error, not a 500."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peerwork.assessments.definitions import DefinitionError, load_json
from peerwork.assessments.models import Instrument

from .factories import shipped

NOT_UTF8 = json.dumps(shipped("wellbeing-checkin"), ensure_ascii=False).replace("checkin", "chéckin")
BAD_FILES = {
    "latin-1 text": (NOT_UTF8.encode("latin-1"), "not UTF-8"),
    "deeply nested list": (("[" * 100_000 + "]" * 100_000).encode(), "levels deep"),
    "nested a little too deep": (
        json.dumps(
            {
                "format": "peerwork-instrument/1",
                "x": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
            }
        ).encode(),
        "levels deep",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_upload_is_a_form_error(case, org_a, client_for):
    raw, expected = BAD_FILES[case]
    admin = client_for(org_a.admin)
    admin.get(reverse("assessments:instruments"))  # the shipped instruments are added on first sight
    before = Instrument.objects.filter(organisation=org_a.org).count()
    page = admin.post(
        reverse("assessments:instruments"),
        {"action": "load", "file": SimpleUploadedFile("bad.json", raw)},
    )
    assert page.status_code == 200
    assert expected in page.content.decode()
    assert Instrument.objects.filter(organisation=org_a.org).count() == before


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_load_json_names_the_problem(case):
    raw, expected = BAD_FILES[case]
    with pytest.raises(DefinitionError) as caught:
        load_json(raw)
    assert expected in caught.value.errors[0]
