"""`peerwork instruments load FILE`: wording makes a licensed instrument usable; bad files change nothing."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from peerwork.assessments.models import InstrumentVersion
from peerwork.assessments.selectors import current_version

from .factories import instrument, made_up_wording, shipped


def test_loading_wording_makes_barc10_usable(org_a, tmp_path, capsys):
    barc = instrument(org_a.org, "barc-10")
    assert not current_version(barc).can_administer
    path = tmp_path / "barc.json"
    path.write_text(json.dumps(made_up_wording("barc-10")), encoding="utf-8")
    call_command("instruments", "load", str(path), "--org", org_a.org.slug)
    assert "Loaded the wording for barc-10 version 1.0" in capsys.readouterr().out
    version = current_version(barc)
    assert version.can_administer
    assert version.as_definition().item_text("b03", "fr", "en") == "Made-up statement b03"


def test_a_bad_wording_file_lists_every_problem_and_changes_nothing(org_a, tmp_path, capsys):
    instrument(org_a.org, "mirc")
    wording = made_up_wording("mirc")
    del wording["items"]["m05"]
    wording["items"]["m99"] = {"en": "extra"}
    del wording["reverse_keyed"]
    path = tmp_path / "mirc.json"
    path.write_text(json.dumps(wording), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("instruments", "load", str(path), "--org", org_a.org.slug)
    err = capsys.readouterr().err
    assert "no text for item 'm05'" in err
    assert "'m99' is not an item of mirc" in err
    assert "reverse_keyed" in err
    assert (
        InstrumentVersion.objects.get(instrument__key="mirc", instrument__organisation=org_a.org).wording
        is None
    )


def test_loading_a_new_definition_adds_an_instrument(org_a, tmp_path, capsys):
    data = json.loads(json.dumps(shipped("wellbeing-checkin")))
    data["id"] = "team-pulse"
    path = tmp_path / "pulse.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("instruments", "load", str(path), "--org", org_a.org.slug)
    assert current_version(instrument(org_a.org, "team-pulse")).version == "1.0"


def test_a_definition_with_an_unknown_scale_is_refused_with_a_clear_message(org_a, tmp_path, capsys):
    data = json.loads(json.dumps(shipped("wellbeing-checkin")))
    data["id"] = "broken"
    data["items"][2]["scale"] = "stars"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("instruments", "load", str(path), "--org", org_a.org.slug)
    assert "unknown scale 'stars'" in capsys.readouterr().err


def test_list_says_which_instruments_wait_for_wording(org_a, capsys):
    call_command("instruments", "list", "--org", org_a.org.slug)
    out = capsys.readouterr().out
    assert "proqol-5\t5.0\twording not loaded" in out
    assert "recovery-checkin\t1.0\tready" in out
