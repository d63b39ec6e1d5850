"""A result's provenance (engine, hashes, methods, options) as rows a person reads, in the
output's language; the JSON keeps the raw keys and values."""

from __future__ import annotations

from typing import Any, Mapping

from matrank.labels import has_label, label

#: Values that are words (method and option names) rather than data.
WORD_VALUES = {"ahp_method", "normalization", "split"}


def provenance_rows(provenance: Mapping[str, Any], lang: str = "en") -> list[tuple[str, str]]:
    """(label, value) per provenance entry; hashes, file names and numbers as they are."""
    rows = []
    for key, value in provenance.items():
        name = label(f"prov.{key}", lang) if has_label(f"prov.{key}") else key
        if key == "tie_policy":
            shown = label("value.tie_policy", lang)
        elif key in WORD_VALUES and has_label(f"value.{value}"):
            shown = label(f"value.{value}", lang)
        elif key == "ranking":
            shown = str(value).upper()
        elif isinstance(value, bool):
            shown = label("word.yes" if value else "word.no", lang)
        else:
            shown = str(value)
        rows.append((name, shown))
    return rows


__all__ = ["provenance_rows"]
