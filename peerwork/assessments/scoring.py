"""The scoring engine: answers in, one score per total/subscale out, with band and cut-off.

Pure functions over a ``Definition``; services store what this returns. Reverse-keyed items
are flipped on their scale (min + max − answer). A score with more missing answers than its
rule allows is not computed (``value`` is None) and says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .definitions import TOTAL, Definition

TWO_PLACES = Decimal("0.01")


class AnswerError(ValueError):
    """An answer the instrument cannot take (unknown item, value off the scale)."""


@dataclass(frozen=True)
class ScoreResult:
    target: str
    value: Decimal | None
    answered: int
    missing: int
    band: str = ""
    band_label: dict[str, str] = field(default_factory=dict)
    band_source: str = ""
    at_or_above_cutoff: bool | None = None
    reason: str = ""


def check_answer(definition: Definition, item_id: str, value: Any) -> int:
    """The answer as an int, or AnswerError with a message a person can act on."""
    item = definition.item(item_id)
    if item is None:
        raise AnswerError(f"{item_id!r} is not a question of this check-in.")
    low, high = definition.scale_range(item["scale"])
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise AnswerError(f"Choose an answer from {low} to {high}.") from None
    if isinstance(value, float) and value != number:
        raise AnswerError(f"Choose an answer from {low} to {high}.")
    if not low <= number <= high:
        raise AnswerError(f"{number} is not an answer to this question: choose from {low} to {high}.")
    return number


def keyed_value(definition: Definition, item_id: str, value: int) -> int:
    item = definition.item(item_id)
    assert item is not None
    if definition.is_reverse(item_id):
        low, high = definition.scale_range(item["scale"])
        return low + high - value
    return value


def _combine(
    definition: Definition, item_ids: list[str], answers: Mapping[str, int], rule: dict[str, Any]
) -> tuple[Decimal | None, int, int, str]:
    values = [Decimal(keyed_value(definition, i, answers[i])) for i in item_ids if answers.get(i) is not None]
    answered = len(values)
    missing = len(item_ids) - answered
    allowed = rule["missing"]["max_missing"] if rule["missing"]["rule"] == "prorate" else 0
    if answered == 0:
        return None, answered, missing, "no answers"
    if missing > allowed:
        return None, answered, missing, f"{missing} answers missing; at most {allowed} allowed"
    total = sum(values, Decimal(0))
    # A prorated sum is the sum the person would have had at their own average on the missing items.
    value = total / answered if rule["method"] == "mean" else total * len(item_ids) / answered
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP), answered, missing, ""


def _band(definition: Definition, target: str, value: Decimal) -> tuple[str, dict[str, str], str]:
    for group in definition.data.get("bands", []):
        if group["score"] != target:
            continue
        for band in group["bands"]:
            low = band["min"]
            high = band["max"]
            if (low is None or value >= Decimal(str(low))) and (high is None or value <= Decimal(str(high))):
                return band["id"], dict(band["label"]), group["source"]
    return "", {}, ""


def score(definition: Definition, answers: Mapping[str, int | None]) -> list[ScoreResult]:
    """Score ``answers`` (item id → raw answer). Unknown items or off-scale values raise AnswerError."""
    clean: dict[str, int] = {}
    for item_id, raw in answers.items():
        if raw is None or raw == "":
            continue
        clean[item_id] = check_answer(definition, item_id, raw)
    results: list[ScoreResult] = []
    scoring = definition.data["scoring"]
    for target in definition.score_targets():
        if target == TOTAL:
            rule = scoring["total"]
            item_ids = definition.item_ids
        else:
            rule = scoring["subscales"]
            item_ids = [i["id"] for i in definition.items if i.get("subscale") == target]
        value, answered, missing, reason = _combine(definition, item_ids, clean, rule)
        band, band_source = "", ""
        band_label: dict[str, str] = {}
        above: bool | None = None
        if value is not None:
            band, band_label, band_source = _band(definition, target, value)
            cutoff = definition.cutoff(target)
            if cutoff is not None:
                above = value >= Decimal(str(cutoff["value"]))
        results.append(
            ScoreResult(
                target=target,
                value=value,
                answered=answered,
                missing=missing,
                band=band,
                band_label=band_label,
                band_source=band_source,
                at_or_above_cutoff=above,
                reason=reason,
            )
        )
    return results


def score_range(definition: Definition, target: str) -> tuple[Decimal, Decimal]:
    """The lowest and highest possible score of ``target`` (for chart axes)."""
    rule = definition.data["scoring"]["total" if target == TOTAL else "subscales"]
    items = [i for i in definition.items if target == TOTAL or i.get("subscale") == target]
    lows = [definition.scale_range(i["scale"])[0] for i in items]
    highs = [definition.scale_range(i["scale"])[1] for i in items]
    if rule["method"] == "mean":
        return Decimal(min(lows)), Decimal(max(highs))
    return Decimal(sum(lows)), Decimal(sum(highs))
