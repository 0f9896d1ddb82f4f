"""JSON Schemas for instrument definition files and the wording files organisations load.

The schema checks shape; ``definitions.validate_definition`` adds the cross-references a
schema cannot express (an item naming an unknown scale, overlapping bands, …). The format
is documented in docs/instruments.md.
"""

from __future__ import annotations

from typing import Any

DEFINITION_FORMAT = "peerwork-instrument/1"
WORDING_FORMAT = "peerwork-wording/1"

_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,59}$"}
_TEXT = {
    "type": "object",
    "description": "Text per language code (en, fr, nb, de, nl, …).",
    "propertyNames": {"pattern": "^[a-z]{2,3}(-[a-z0-9]{2,8})?$"},
    "additionalProperties": {"type": "string", "minLength": 1},
    "minProperties": 1,
}
_NUMBER_OR_NULL = {"type": ["number", "null"]}
_MISSING = {
    "type": "object",
    "required": ["rule", "max_missing"],
    "additionalProperties": False,
    "properties": {
        "rule": {"enum": ["prorate", "complete_only"]},
        "max_missing": {"type": "integer", "minimum": 0},
    },
}
_RULE = {
    "type": "object",
    "required": ["method", "missing"],
    "additionalProperties": False,
    "properties": {"method": {"enum": ["sum", "mean"]}, "missing": _MISSING},
}

DEFINITION_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Peerwork instrument definition",
    "type": "object",
    "required": [
        "format",
        "id",
        "version",
        "name",
        "citation",
        "licence",
        "validated",
        "wording",
        "keying",
        "scales",
        "items",
        "scoring",
    ],
    "additionalProperties": False,
    "properties": {
        "format": {"const": DEFINITION_FORMAT},
        "id": _ID,
        "version": {"type": "string", "pattern": "^[0-9A-Za-z][0-9A-Za-z.+-]{0,19}$"},
        "name": _TEXT,
        "description": _TEXT,
        "intro": _TEXT,
        "notice": _TEXT,
        "citation": {"type": "string", "minLength": 1},
        "licence": {"type": "string", "minLength": 1},
        "validated": {"type": "boolean"},
        "wording": {"enum": ["included", "separate"]},
        "keying": {"enum": ["definition", "wording"]},
        "audience": {
            "type": "array",
            "items": {"enum": ["peer", "client"]},
            "minItems": 1,
            "uniqueItems": True,
        },
        "scales": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "values"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "values": {
                        "type": "array",
                        "minItems": 2,
                        "items": {
                            "type": "object",
                            "required": ["value"],
                            "additionalProperties": False,
                            "properties": {"value": {"type": "integer"}, "label": _TEXT},
                        },
                    },
                },
            },
        },
        "subscales": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "additionalProperties": False,
                "properties": {"id": _ID, "name": _TEXT},
            },
        },
        "items": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "scale"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "number": {"type": "integer", "minimum": 1},
                    "text": _TEXT,
                    "scale": _ID,
                    "reverse": {"type": ["boolean", "null"]},
                    "subscale": {"type": ["string", "null"]},
                },
            },
        },
        "scoring": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "total": {"oneOf": [_RULE, {"type": "null"}]},
                "subscales": {"oneOf": [_RULE, {"type": "null"}]},
            },
        },
        "bands": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["score", "source", "bands"],
                "additionalProperties": False,
                "properties": {
                    "score": {"type": "string"},
                    "source": {"type": "string", "minLength": 1},
                    "bands": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["id", "label", "min", "max"],
                            "additionalProperties": False,
                            "properties": {
                                "id": _ID,
                                "label": _TEXT,
                                "min": _NUMBER_OR_NULL,
                                "max": _NUMBER_OR_NULL,
                            },
                        },
                    },
                },
            },
        },
        "cutoffs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["score", "value", "label", "source"],
                "additionalProperties": False,
                "properties": {
                    "score": {"type": "string"},
                    "value": {"type": "number"},
                    "label": _TEXT,
                    "source": {"type": "string", "minLength": 1},
                },
            },
        },
        "schedule": {
            "type": "object",
            "required": ["every_months"],
            "additionalProperties": False,
            "properties": {
                "baseline": {"type": "boolean"},
                "every_months": {"type": "integer", "minimum": 1, "maximum": 36},
            },
        },
    },
}

WORDING_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Item wording an organisation loads for an instrument whose wording is licensed separately",
    "type": "object",
    "required": ["format", "instrument", "version", "source", "items"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": WORDING_FORMAT},
        "instrument": _ID,
        "version": {"type": "string"},
        "source": {"type": "string", "minLength": 1},
        "intro": _TEXT,
        "items": {"type": "object", "additionalProperties": _TEXT, "minProperties": 1},
        "scales": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "propertyNames": {"pattern": "^-?[0-9]+$"},
                "additionalProperties": _TEXT,
            },
        },
        "reverse_keyed": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    },
}
