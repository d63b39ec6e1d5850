"""Typed, validated objects that the methods trust: a case, its materials and
indicator values with provenance, its lens weights, and the decision matrix
built from them. Readers (YAML, XLSX, weights files) produce these; nothing
downstream re-checks them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:  # the registry is built by matrank.criteria, a layer above this one
    import numpy as np

    from matrank.criteria import Registry

CASE_FORMAT = "matrank-case/1"
WEIGHTS_FORMAT = "matrank-weights/1"

#: The two lenses, in the order every array and output uses.
LENSES: tuple[str, ...] = ("government", "market")
#: Tier ids in a fixed order; index k is tier code k in arrays.
TIERS: tuple[str, ...] = ("joint", "government-led", "market-led", "monitor")
SPLITS: tuple[str, ...] = ("fixed", "median")


@dataclass(frozen=True)
class Thresholds:
    """The closeness at or above which a material is 'high' on each lens."""

    government: float = 0.5
    market: float = 0.5
    split: str = "fixed"   # "median": the thresholds are the medians of the scores


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    document: str | None = None


@dataclass(frozen=True)
class Category:
    id: str
    names: Mapping[str, str]


@dataclass(frozen=True)
class Value:
    """One indicator value with its provenance."""

    value: float             # in the indicator's canonical unit
    unit: str | None = None  # the canonical unit's text, when the value named one
    source: str | None = None
    quote: str | None = None
    estimate: bool = False
    low: float | None = None
    high: float | None = None
    basis: str | None = None
    #: The value and unit as written in the case, when a unit was converted.
    given: float | None = None
    given_unit: str | None = None

    @property
    def has_range(self) -> bool:
        return self.low is not None and self.high is not None and self.high > self.low

    @property
    def quoted(self) -> bool:
        return self.quote is not None


@dataclass(frozen=True)
class Material:
    id: str
    names: Mapping[str, str]
    category: str
    indicators: Mapping[str, Value]
    #: HS-6 product codes of the material's trade (issue 14), and a note where a code is
    #: broader than the material.
    hs_codes: tuple[str, ...] = ()
    hs_note: str | None = None

    def name(self, lang: str = "en") -> str:
        if lang == "both":
            return f"{self.names.get('zh', '')} / {self.names.get('en', '')}".strip(" /")
        return self.names.get(lang) or self.names.get("en") or self.names.get("zh") or self.id


@dataclass(frozen=True)
class LensWeights:
    """A lens's weights: pairwise judgments (AHP) or explicit weights, with their basis."""

    lens: str
    basis: str
    judgments: Mapping[tuple[str, str], float] | None = None
    weights: Mapping[str, float] | None = None
    #: Where they come from: "case" or a weights file's path.
    origin: str = "case"
    #: Consistency reported by the panel that produced explicit weights, if any.
    cr: float | None = None
    consistent: bool | None = None
    #: Individual experts' priority vectors (panel weights files), for SMAA resampling.
    expert_weights: tuple[Mapping[str, float], ...] = ()


@dataclass(frozen=True)
class Case:
    id: str
    title: Mapping[str, str]
    date: str
    description: str
    sources: Mapping[str, Source]
    categories: Mapping[str, Category]
    criteria: "Registry"
    weights: Mapping[str, LensWeights]
    thresholds: Thresholds | None
    materials: tuple[Material, ...]
    path: str
    input_hash: str
    #: What reading the case did that a person should know (weights normalised…).
    notes: tuple[str, ...] = ()
    #: Values that are valid but implausible (a validation cycle over 30 years…).
    warnings: tuple[str, ...] = ()

    def material(self, material_id: str) -> Material:
        for m in self.materials:
            if m.id == material_id:
                return m
        raise KeyError(material_id)

    def category_name(self, category_id: str, lang: str = "en") -> str:
        cat = self.categories.get(category_id)
        if cat is None:
            return category_id
        if lang == "both":
            return f"{cat.names.get('zh', '')} / {cat.names.get('en', '')}"
        return cat.names.get(lang) or cat.names.get("en") or category_id

    def title_text(self, lang: str = "en") -> str:
        if lang == "both":
            return f"{self.title.get('zh', '')} / {self.title.get('en', '')}"
        return self.title.get(lang) or self.title.get("en") or self.id

    @property
    def criteria_hash(self) -> str:
        return criteria_hash(self.criteria)


def criteria_hash(registry: "Registry") -> str:
    """A short fingerprint of the criteria and their directions, for workbooks and weights files."""
    spec = [[c.id, c.directions["government"], c.directions["market"]] for c in registry]
    return hashlib.sha256(json.dumps(spec).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class DecisionMatrix:
    """Criterion scores (materials × criteria) with their ranges and estimate flags."""

    materials: tuple[str, ...]
    criteria: tuple[str, ...]
    scores: np.ndarray
    low: np.ndarray          # score at the indicators' lows (= score where no range)
    high: np.ndarray
    estimated: np.ndarray    # bool: the score rests on at least one estimate
    benefit: Mapping[str, tuple[bool, ...]] = field(default_factory=dict)

    @property
    def has_ranges(self) -> bool:
        return bool((self.high > self.low).any())


__all__ = ["Case", "Material", "Value", "Source", "Category", "LensWeights", "DecisionMatrix", "Thresholds",
           "criteria_hash", "CASE_FORMAT", "WEIGHTS_FORMAT", "LENSES", "TIERS", "SPLITS"]
