"""Instrument definitions as data: validation (every error listed), shipped files, wording, text.

A definition is a plain dict read from JSON; ``Definition`` wraps it with the lookups the
scoring engine and the pages need. Nothing here touches the database.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from .schema import DEFINITION_FORMAT, DEFINITION_SCHEMA, WORDING_FORMAT, WORDING_SCHEMA

SHIPPED_DIR = Path(__file__).parent / "instruments"
FALLBACK_LANGUAGE = "en"
TOTAL = "total"


class DefinitionError(ValueError):
    """A definition or wording file that cannot be used; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


def text_for(texts: Mapping[str, str] | None, language: str, default_language: str = "") -> str:
    """Text in ``language``, else the organisation's default language, else English, else any."""
    if not texts:
        return ""
    for code in (language, language.split("-")[0] if language else "", default_language, FALLBACK_LANGUAGE):
        if code and texts.get(code):
            return texts[code]
    return next(iter(texts.values()), "")


def _path(error_path: Iterable[Any]) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in error_path]
    return ("definition" + "".join(parts)) if parts else "definition"


def _schema_errors(validator: Draft202012Validator, data: Any, root: str) -> list[str]:
    found = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{_path(e.absolute_path).replace('definition', root, 1)}: {e.message}" for e in found]


_DEFINITION_VALIDATOR = Draft202012Validator(DEFINITION_SCHEMA)
_WORDING_VALIDATOR = Draft202012Validator(WORDING_SCHEMA)


def _duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


def _reference_errors(data: dict[str, Any]) -> list[str]:
    """Cross-references the schema cannot check. Runs only on schema-valid data."""
    errors: list[str] = []
    scales = {scale["id"]: scale for scale in data["scales"]}
    subscale_ids = [sub["id"] for sub in data.get("subscales", [])]
    item_ids = [item["id"] for item in data["items"]]
    for dup in _duplicates([scale["id"] for scale in data["scales"]]):
        errors.append(f"scales: the scale id {dup!r} is used more than once")
    for dup in _duplicates(subscale_ids):
        errors.append(f"subscales: the subscale id {dup!r} is used more than once")
    if TOTAL in subscale_ids:
        errors.append("subscales: 'total' is reserved for the total score")
    for dup in _duplicates(item_ids):
        errors.append(f"items: the item id {dup!r} is used more than once")
    for index, scale in enumerate(data["scales"]):
        values = [v["value"] for v in scale["values"]]
        for dup in _duplicates([str(v) for v in values]):
            errors.append(f"scales[{index}] ({scale['id']}): the value {dup} is listed more than once")
        if sorted(values) != list(range(min(values), max(values) + 1)):
            errors.append(f"scales[{index}] ({scale['id']}): values must be consecutive whole numbers")
        if data["wording"] == "included":
            for v in scale["values"]:
                if not v.get("label"):
                    errors.append(f"scales[{index}] ({scale['id']}): the value {v['value']} has no label")
    for index, item in enumerate(data["items"]):
        where = f"items[{index}] ({item['id']})"
        if item["scale"] not in scales:
            errors.append(f"{where}: unknown scale {item['scale']!r}; known scales: {sorted(scales)}")
        subscale = item.get("subscale")
        if subscale and subscale not in subscale_ids:
            errors.append(f"{where}: unknown subscale {subscale!r}; known subscales: {sorted(subscale_ids)}")
        if data["wording"] == "included" and not item.get("text"):
            errors.append(f"{where}: has no text, but the definition says its wording is included")
        if data["wording"] == "separate" and item.get("text"):
            errors.append(f"{where}: has text, but the definition says its wording is loaded separately")
        if data["keying"] == "definition" and item.get("reverse") is None:
            errors.append(f"{where}: 'reverse' must be true or false when keying is set by the definition")
    scoring = data["scoring"]
    if not scoring.get("total") and not scoring.get("subscales"):
        errors.append("scoring: give a rule for the total, the subscales, or both")
    if scoring.get("subscales") and not subscale_ids:
        errors.append("scoring.subscales: the definition has no subscales to score")
    for sub in subscale_ids:
        if not any(item.get("subscale") == sub for item in data["items"]):
            errors.append(f"subscales: {sub!r} has no items")
    targets = set()
    if scoring.get("total"):
        targets.add(TOTAL)
    if scoring.get("subscales"):
        targets.update(subscale_ids)
    for index, group in enumerate(data.get("bands", [])):
        if group["score"] not in targets:
            errors.append(f"bands[{index}]: unknown score {group['score']!r}; scores: {sorted(targets)}")
        ranges = []
        for b_index, band in enumerate(group["bands"]):
            low = band["min"] if band["min"] is not None else float("-inf")
            high = band["max"] if band["max"] is not None else float("inf")
            if low > high:
                errors.append(f"bands[{index}].bands[{b_index}] ({band['id']}): min is above max")
            ranges.append((low, high, band["id"]))
        ranges.sort()
        for (_, high_a, id_a), (low_b, _, id_b) in itertools.pairwise(ranges):
            if low_b <= high_a:
                errors.append(f"bands[{index}]: bands {id_a!r} and {id_b!r} overlap")
    for index, cutoff in enumerate(data.get("cutoffs", [])):
        if cutoff["score"] not in targets:
            errors.append(f"cutoffs[{index}]: unknown score {cutoff['score']!r}; scores: {sorted(targets)}")
    return errors


def validate_definition(data: Any) -> list[str]:
    """Every problem with a definition, as readable lines; an empty list means it is usable."""
    errors = _schema_errors(_DEFINITION_VALIDATOR, data, "definition")
    if errors:
        # Cross-reference checks on what the schema could read, so one run lists as much as possible.
        with contextlib.suppress(KeyError, TypeError, AttributeError, ValueError):
            errors.extend(_reference_errors(data))
        return errors
    return _reference_errors(data)


MAX_DEPTH = 32  # a definition nests a few levels; far deeper is not one, and exhausts the checks


def _depth(data: Any) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return deepest


def load_json(raw: str | bytes) -> Any:
    """The JSON in an uploaded file; DefinitionError when it is not UTF-8, not JSON or nested too deep."""
    text = raw
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise DefinitionError([f"line {line}: the file is not UTF-8 text; save it as UTF-8"]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DefinitionError([f"not valid JSON: {exc}"]) from None
    except RecursionError:
        raise DefinitionError([f"the file nests more than {MAX_DEPTH} levels deep"]) from None
    if _depth(data) > MAX_DEPTH:
        raise DefinitionError([f"the file nests more than {MAX_DEPTH} levels deep"])
    return data


def parse_definition(raw: str | bytes) -> dict[str, Any]:
    """Parse and validate a definition file's text; raise DefinitionError listing every problem."""
    data = load_json(raw)
    errors = validate_definition(data)
    if errors:
        raise DefinitionError(errors)
    return data


def validate_wording(data: Any, definition: dict[str, Any]) -> list[str]:
    """Every problem with a wording file for ``definition``."""
    errors = _schema_errors(_WORDING_VALIDATOR, data, "wording")
    if errors:
        return errors
    if data["instrument"] != definition["id"]:
        errors.append(f"wording.instrument: {data['instrument']!r} is not {definition['id']!r}")
    if data["version"] != definition["version"]:
        errors.append(
            f"wording.version: {data['version']!r} does not match the definition's {definition['version']!r}"
        )
    item_ids = [item["id"] for item in definition["items"]]
    for missing in [i for i in item_ids if i not in data["items"]]:
        errors.append(f"wording.items: no text for item {missing!r}")
    for unknown in [i for i in data["items"] if i not in item_ids]:
        errors.append(f"wording.items: {unknown!r} is not an item of {definition['id']}")
    scales = {scale["id"]: {v["value"] for v in scale["values"]} for scale in definition["scales"]}
    for scale_id, labels in data.get("scales", {}).items():
        if scale_id not in scales:
            errors.append(f"wording.scales: unknown scale {scale_id!r}")
            continue
        for value in labels:
            if int(value) not in scales[scale_id]:
                errors.append(f"wording.scales.{scale_id}: {value} is not a value of this scale")
    for scale in definition["scales"]:
        scale_id, values = scale["id"], scales[scale["id"]]
        has_labels = all(v.get("label") for v in scale["values"])
        given = data.get("scales", {}).get(scale_id, {})
        if not has_labels and {str(v) for v in values} - set(given):
            errors.append(f"wording.scales: labels for every value of scale {scale_id!r} are needed")
    reverse = data.get("reverse_keyed")
    if reverse is not None and definition["keying"] != "wording":
        errors.append("wording.reverse_keyed: this instrument's keying is fixed by its definition")
    if reverse is None and definition["keying"] == "wording":
        errors.append("wording.reverse_keyed: list the negatively keyed items (an empty list if none)")
    for unknown in [i for i in reverse or [] if i not in item_ids]:
        errors.append(f"wording.reverse_keyed: {unknown!r} is not an item of {definition['id']}")
    return errors


def parse_wording(raw: str | bytes, definition: dict[str, Any]) -> dict[str, Any]:
    data = load_json(raw)
    errors = validate_wording(data, definition)
    if errors:
        raise DefinitionError(errors)
    return data


def file_kind(raw: str | bytes) -> str:
    """'definition' or 'wording', from the file's ``format`` field ('' when neither)."""
    try:
        data = load_json(raw)
    except DefinitionError:
        return ""
    if isinstance(data, dict):
        return {DEFINITION_FORMAT: "definition", WORDING_FORMAT: "wording"}.get(str(data.get("format")), "")
    return ""


@cache
def shipped_definitions() -> tuple[dict[str, Any], ...]:
    """The definitions shipped with Peerwork, validated (a broken shipped file is a bug: it raises)."""
    found = []
    for path in sorted(SHIPPED_DIR.glob("*.json")):
        found.append(parse_definition(path.read_text(encoding="utf-8")))
    return tuple(found)


@dataclass(frozen=True)
class Definition:
    """Read-only lookups over a validated definition plus the organisation's wording, if any."""

    data: dict[str, Any]
    wording: dict[str, Any] | None = None

    @property
    def key(self) -> str:
        return str(self.data["id"])

    @property
    def version(self) -> str:
        return str(self.data["version"])

    @property
    def needs_wording(self) -> bool:
        return self.data["wording"] == "separate"

    @property
    def can_administer(self) -> bool:
        return not self.needs_wording or bool(self.wording)

    @property
    def items(self) -> list[dict[str, Any]]:
        return list(self.data["items"])

    @property
    def item_ids(self) -> list[str]:
        return [item["id"] for item in self.data["items"]]

    def item(self, item_id: str) -> dict[str, Any] | None:
        return next((item for item in self.data["items"] if item["id"] == item_id), None)

    def scale(self, scale_id: str) -> dict[str, Any]:
        return next(scale for scale in self.data["scales"] if scale["id"] == scale_id)

    def scale_range(self, scale_id: str) -> tuple[int, int]:
        values = [v["value"] for v in self.scale(scale_id)["values"]]
        return min(values), max(values)

    def is_reverse(self, item_id: str) -> bool:
        if self.data["keying"] == "wording":
            return item_id in set((self.wording or {}).get("reverse_keyed", []))
        item = self.item(item_id)
        return bool(item and item.get("reverse"))

    @property
    def subscales(self) -> list[dict[str, Any]]:
        return list(self.data.get("subscales", []))

    def score_targets(self) -> list[str]:
        targets = []
        if self.data["scoring"].get("total"):
            targets.append(TOTAL)
        if self.data["scoring"].get("subscales"):
            targets.extend(sub["id"] for sub in self.subscales)
        return targets

    def target_name(self, target: str, language: str, default_language: str = "") -> str:
        if target == TOTAL:
            return "total"
        sub = next((s for s in self.subscales if s["id"] == target), None)
        return text_for(sub["name"], language, default_language) if sub else target

    def cutoff(self, target: str = TOTAL) -> dict[str, Any] | None:
        return next((c for c in self.data.get("cutoffs", []) if c["score"] == target), None)

    def name(self, language: str, default_language: str = "") -> str:
        return text_for(self.data["name"], language, default_language)

    def item_text(self, item_id: str, language: str, default_language: str = "") -> str:
        if self.needs_wording:
            return text_for((self.wording or {}).get("items", {}).get(item_id), language, default_language)
        item = self.item(item_id) or {}
        return text_for(item.get("text"), language, default_language)

    def value_label(self, scale_id: str, value: int, language: str, default_language: str = "") -> str:
        loaded = (self.wording or {}).get("scales", {}).get(scale_id, {}).get(str(value))
        if loaded:
            return text_for(loaded, language, default_language)
        entry: dict[str, Any] = next((v for v in self.scale(scale_id)["values"] if v["value"] == value), {})
        return text_for(entry.get("label"), language, default_language) or str(value)

    def text(self, field: str, language: str, default_language: str = "") -> str:
        if field == "intro" and self.wording and self.wording.get("intro"):
            return text_for(self.wording["intro"], language, default_language)
        return text_for(self.data.get(field), language, default_language)

    @property
    def schedule_months(self) -> int:
        return int(self.data.get("schedule", {}).get("every_months", 3))

    @property
    def audience(self) -> list[str]:
        return list(self.data.get("audience", ["peer"]))
