"""Scoring vectors for every shipped structure: reverse keys, missing-answer rules, band and cut-off edges."""

from __future__ import annotations

from decimal import Decimal

import pytest

from peerwork.assessments.scoring import AnswerError, score

from .factories import definition, made_up_wording


def _by_target(results):  # type: ignore[no-untyped-def]
    return {r.target: r for r in results}


def _barc(total_target: int) -> dict[str, int]:
    """Ten answers (1–6) that add up to ``total_target``."""
    answers = {f"b{n:02d}": 1 for n in range(1, 11)}
    remaining = total_target - 10
    for n in range(1, 11):
        add = min(5, remaining)
        answers[f"b{n:02d}"] += add
        remaining -= add
    return answers


def test_barc10_total_46_is_below_the_cut_off_and_47_is_at_it():
    barc = definition("barc-10", made_up_wording("barc-10"))
    below = _by_target(score(barc, _barc(46)))["total"]
    at = _by_target(score(barc, _barc(47)))["total"]
    assert below.value == Decimal("46.00") and below.at_or_above_cutoff is False
    assert at.value == Decimal("47.00") and at.at_or_above_cutoff is True


def test_barc10_range_is_10_to_60():
    barc = definition("barc-10", made_up_wording("barc-10"))
    assert _by_target(score(barc, {f"b{n:02d}": 1 for n in range(1, 11)}))["total"].value == 10
    assert _by_target(score(barc, {f"b{n:02d}": 6 for n in range(1, 11)}))["total"].value == 60


def test_barc10_prorates_one_missing_answer_and_refuses_two():
    barc = definition("barc-10", made_up_wording("barc-10"))
    nine = {f"b{n:02d}": 5 for n in range(1, 10)}
    one_missing = _by_target(score(barc, nine))["total"]
    assert one_missing.value == Decimal("50.00")  # 45 over 9 answers, scaled to 10 items
    assert one_missing.missing == 1
    eight = {f"b{n:02d}": 5 for n in range(1, 9)}
    two_missing = _by_target(score(barc, eight))["total"]
    assert two_missing.value is None
    assert "2 answers missing" in two_missing.reason


def test_barc10_refuses_an_answer_off_its_scale():
    barc = definition("barc-10", made_up_wording("barc-10"))
    with pytest.raises(AnswerError, match="from 1 to 6"):
        score(barc, {"b01": 7})
    with pytest.raises(AnswerError, match="not a question"):
        score(barc, {"zz": 3})


PROQOL_CS = [3, 6, 12, 16, 18, 20, 22, 24, 27, 30]
PROQOL_BO = [1, 4, 8, 10, 15, 17, 19, 21, 26, 29]
PROQOL_STS = [2, 5, 7, 9, 11, 13, 14, 23, 25, 28]


def test_proqol_burnout_reverses_items_1_4_15_17_29():
    proqol = definition("proqol-5", made_up_wording("proqol-5"))
    answers = {f"p{n:02d}": 5 for n in range(1, 31)}
    results = _by_target(score(proqol, answers))
    assert set(results) == {"cs", "bo", "sts"}
    # Burnout: five items answered 5 count as 1 (reversed), five count as 5.
    assert results["bo"].value == Decimal("30.00")
    assert results["cs"].value == Decimal("50.00")
    assert results["sts"].value == Decimal("50.00")
    reversed_items = [i["id"] for i in proqol.items if proqol.is_reverse(i["id"])]
    assert reversed_items == ["p01", "p04", "p15", "p17", "p29"]


def _proqol_cs(total: int) -> dict[str, int]:
    answers = {f"p{n:02d}": 1 for n in PROQOL_CS}
    remaining = total - 10
    for n in PROQOL_CS:
        add = min(4, remaining)
        answers[f"p{n:02d}"] += add
        remaining -= add
    return answers


@pytest.mark.parametrize(
    ("total", "band"),
    [(22, "low"), (23, "moderate"), (41, "moderate"), (42, "high"), (10, "low"), (50, "high")],
)
def test_proqol_band_edges(total, band):
    proqol = definition("proqol-5", made_up_wording("proqol-5"))
    cs = _by_target(score(proqol, _proqol_cs(total)))["cs"]
    assert cs.value == Decimal(total)
    assert cs.band == band
    assert "Stamm" in cs.band_source


def test_proqol_subscale_with_one_missing_is_prorated_two_missing_is_not_scored():
    proqol = definition("proqol-5", made_up_wording("proqol-5"))
    answers = {f"p{n:02d}": 3 for n in PROQOL_STS[:9]}
    assert _by_target(score(proqol, answers))["sts"].value == Decimal("30.00")
    answers = {f"p{n:02d}": 3 for n in PROQOL_STS[:8]}
    assert _by_target(score(proqol, answers))["sts"].value is None


def test_mirc_has_four_subscales_of_seven_and_takes_its_keying_from_the_wording_file():
    mirc_plain = definition("mirc", made_up_wording("mirc"))
    answers = {f"m{n:02d}": 4 for n in range(1, 29)}
    results = _by_target(score(mirc_plain, answers))
    assert results["total"].value == Decimal("112.00")
    for sub in ("social", "physical", "human", "cultural"):
        assert results[sub].value == Decimal("28.00")
    keyed = definition("mirc", made_up_wording("mirc", reverse_keyed=["m02", "m09"]))
    results = _by_target(score(keyed, answers))
    assert results["social"].value == Decimal("25.00")  # m02: 4 reversed on 1–4 is 1
    assert results["physical"].value == Decimal("25.00")
    assert results["total"].value == Decimal("106.00")


def test_mirc_range_is_28_to_112():
    mirc = definition("mirc", made_up_wording("mirc"))
    assert _by_target(score(mirc, {f"m{n:02d}": 1 for n in range(1, 29)}))["total"].value == 28


def test_recovery_checkin_reverses_the_two_negative_items_and_scores_three_subscales():
    recovery = definition("recovery-checkin")
    answers = {f"r{n:02d}": 5 for n in range(1, 13)}
    results = _by_target(score(recovery, answers))
    # r07 (feeling alone) and r12 (shut out) answered 5 count as 1.
    assert results["personal"].value == Decimal("20.00")
    assert results["social"].value == Decimal("16.00")
    assert results["community"].value == Decimal("16.00")
    assert results["total"].value == Decimal("52.00")
    assert results["total"].at_or_above_cutoff is True


def test_recovery_checkin_subscale_allows_one_missing_total_allows_two():
    recovery = definition("recovery-checkin")
    answers = {f"r{n:02d}": 3 for n in range(1, 13)}
    del answers["r01"], answers["r02"]
    results = _by_target(score(recovery, answers))
    assert results["personal"].value is None
    assert results["total"].value == Decimal("36.00")
    del answers["r05"]
    assert _by_target(score(recovery, answers))["total"].value is None


def test_wellbeing_checkin_is_a_mean_with_bands():
    wellbeing = definition("wellbeing-checkin")
    answers = {"w1": 3, "w2": 3, "w3": 2, "w4": 3, "w5": 2, "w6": 2}
    result = _by_target(score(wellbeing, answers))["total"]
    assert result.value == Decimal("2.50")
    assert result.band == "mixed"
    answers["w6"] = 1
    low = _by_target(score(wellbeing, answers))["total"]
    assert low.value == Decimal("2.33") and low.band == "talk"
    # w4 is reverse-keyed: 1 ("never weighed on me") counts as 5.
    assert _by_target(score(wellbeing, {"w4": 1}))["total"].value is None
    five = _by_target(score(wellbeing, {"w1": 5, "w2": 5, "w3": 5, "w4": 1, "w5": 5}))["total"]
    assert five.value == Decimal("5.00") and five.band == "steady"
