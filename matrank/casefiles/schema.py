"""Check a file's raw structure against its JSON Schema (case files and weights files), and
say what is wrong in words a person can act on, with the key path (or the cell) of each
problem."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

from matrank.errors import InputError

#: Say where a problem is, in the reader's own terms (key path for YAML and JSON, sheet!cell for XLSX).
Locator = Callable[[tuple], str]
SCHEMAS = {"case": "case.schema.json", "weights": "weights.schema.json"}


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    return json.loads(resources.files("matrank.casefiles").joinpath(SCHEMAS[name]).read_text("utf-8"))


def key_path(path: tuple, raw: Any = None) -> str:
    """``materials[3] (sic).indicators.domestic_rate`` from a path of keys and indices."""
    out = ""
    node = raw
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            if isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    out += f" ({node['id']})"
            else:
                node = None
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def schema_errors(raw: Any, file: str, locate: Locator, name: str = "case") -> list[InputError]:
    """Every schema violation of ``raw``, in key-path order, each one line."""
    return [error for _, error in located_schema_errors(raw, file, locate, name)]


@lru_cache(maxsize=None)
def _fast_check(name: str):
    import fastjsonschema
    return fastjsonschema.compile(schema(name))


def located_schema_errors(raw: Any, file: str, locate: Locator, name: str = "case") -> list[tuple[tuple, InputError]]:
    """Every schema violation with the key path (a tuple) of the node that broke it.

    A valid document is confirmed by a compiled check (fastjsonschema: a 10,000-material case in
    a fraction of a second); only a document that fails it is walked by jsonschema, which lists
    every violation with the best message."""
    import fastjsonschema
    import jsonschema
    from jsonschema.exceptions import best_match

    try:
        _fast_check(name)(raw)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    validator = jsonschema.Draft202012Validator(schema(name))
    errors = []
    for err in sorted(validator.iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path]):
        if err.context:
            err = best_match(_matching_branch(err.context))
        path = tuple(err.absolute_path)
        errors.append((path, InputError(_schema_message(err), file=file, where=locate(path), fix=_schema_fix(err))))
    return errors


def _matching_branch(context: list) -> list:
    """Of a oneOf's branch errors, those of the branches whose type fits the instance.

    ``{value: 0.3, estimte: true}`` fails both "a number" and "a mapping with known
    keys"; the useful message is the mapping branch's (the unknown key ``estimte``),
    not "is not of type 'number'"."""
    deeper = [e for e in context if not (e.validator == "type" and len(e.relative_schema_path) == 2)]
    return deeper or context


#: What a value failing each of the format's patterns should have been.
PATTERN_MEANINGS = {
    "id": "is not a valid id (lowercase letters, digits, - and _)",
    "^[0-9]{6}$": "is not a six-digit HS subheading (write it as text, quoted in YAML, so that a leading "
                  "zero stays: \"030617\")",
}


def _short(instance: Any, limit: int = 120) -> str:
    text = repr(instance)
    return text if len(text) <= limit else text[:limit] + " …"


def _schema_message(err) -> str:
    if err.validator == "type":
        expected = err.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"{_short(err.instance)} is not of type {expected!r}"
    if err.validator == "enum":
        return f"{_short(err.instance)} is not one of " + ", ".join(map(str, err.validator_value))
    if err.validator == "propertyNames":
        return f"the key {_short(err.instance)} is not a valid name"
    if err.validator == "additionalProperties":
        return err.message.replace("Additional properties are not allowed", "unknown key")
    if err.validator == "required":
        return err.message.replace("is a required property", "is required")
    if err.validator == "pattern":
        return f"{err.instance!r} " + PATTERN_MEANINGS.get(err.validator_value, PATTERN_MEANINGS["id"])
    if err.validator == "const":
        return f"format is {err.instance!r}; this matrank reads {err.validator_value!r}"
    return err.message


def _schema_fix(err) -> str | None:
    if err.validator == "type" and isinstance(err.instance, bool):
        return 'YAML reads yes/no/on/off/true/false as a truth value: quote it, e.g. "yes"'
    if err.validator == "type" and err.validator_value == "number" and isinstance(err.instance, str):
        return "write the number without quotes (a rate as a fraction: 0.3 for 30 %)"
    if err.validator == "additionalProperties":
        allowed = ", ".join(sorted(err.schema.get("properties", {})))
        return f"use only {allowed}" if allowed else None
    if err.validator == "oneOf" and "judgments" in json.dumps(err.validator_value):
        return "give either judgments (pairwise) or weights, not both"
    return None
