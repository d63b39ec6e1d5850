"""What a ranking and a sensitivity run return: typed results with their intermediates.

The per-material rows that every output shares (table, CSV, Markdown, XLSX, the
DataFrame) are built once, by :meth:`RankResult.records`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

import numpy as np

from matrank import __version__
from matrank.labels import label
from matrank.mcda.ahp import AHPResult
from matrank.mcda.convergence import LensConvergence
from matrank.mcda.group import Consensus
from matrank.mcda.order import TIE_POLICY
from matrank.mcda.smaa import SMAAResult, WeightModel
from matrank.mcda.stability import StabilityResult
from matrank.mcda.vikor import V
from matrank.model import LENSES, TIERS, Case, DecisionMatrix, Thresholds
from matrank.options import PanelOptions, RankOptions, SensitivityOptions

#: A material is "stable" when its deterministic tier holds with at least this probability.
STABLE_PROBABILITY = 0.9


@dataclass(frozen=True)
class LensResult:
    lens: str
    criteria: tuple[str, ...]
    weights: np.ndarray
    source: str              # "ahp" (from judgments) or "explicit"
    basis: str
    origin: str
    ahp: AHPResult | None
    cr: float | None
    consistent: bool | None
    benefit: tuple[bool, ...]
    #: The ranking method's score per material, in [0, 1], higher better.
    score: np.ndarray
    #: The method's name (``topsis``, ``vikor``) and its own result, with the intermediates.
    method: str
    detail: Any

    def weight_map(self) -> dict[str, float]:
        return {c: float(w) for c, w in zip(self.criteria, self.weights)}


@dataclass(frozen=True)
class RankResult:
    case: Case
    matrix: DecisionMatrix
    lenses: Mapping[str, LensResult]
    thresholds: Thresholds
    tiers: np.ndarray            # codes into TIERS
    composite: np.ndarray
    rank: np.ndarray             # 1 = first, by composite
    ties: tuple[tuple[int, ...], ...]
    options: RankOptions
    weights_file: Any = None     # matrank.weightsfile.WeightsFile
    warnings: tuple[str, ...] = ()
    #: P(material's deterministic tier) from SMAA, when asked for.
    confidence: np.ndarray | None = None
    confidence_samples: int | None = None
    #: What the ranking did that a person should know (judgments completed, weights normalised).
    notes: tuple[str, ...] = ()

    @property
    def order(self) -> np.ndarray:
        return np.argsort(self.rank, kind="stable")

    @property
    def ranking(self) -> str:
        return self.options.ranking

    def tier(self, i: int) -> str:
        return TIERS[int(self.tiers[i])]

    def tier_counts(self) -> dict[str, int]:
        return {t: int((self.tiers == k).sum()) for k, t in enumerate(TIERS)}

    def records(self, lang: str = "en") -> list[dict]:
        """One row per material in rank order: what every output of the ranking shows."""
        rows = []
        for i in self.order:
            m = self.case.materials[i]
            row = {"rank": int(self.rank[i]), "id": m.id, "name": m.name(lang), "category": m.category,
                   "category_name": self.case.category_name(m.category, lang),
                   "government": float(self.lenses["government"].score[i]),
                   "market": float(self.lenses["market"].score[i]),
                   "composite": float(self.composite[i]), "tier": self.tier(i),
                   "tier_label": label(f"tier.{self.tier(i)}", lang)}
            if self.confidence is not None:
                row["confidence"] = float(self.confidence[i])
            rows.append(row)
        return rows

    def provenance(self) -> dict:
        prov = {
            "engine": f"matrank {__version__}",
            "case_file": self.case.path.rsplit("/", 1)[-1],
            "case_hash": self.case.input_hash,
            "ahp_method": self.options.method,
            "ri_table": self.options.ri_table,
            "cr_threshold": self.options.cr_threshold,
            "ranking": self.options.ranking,
            "normalization": self.options.normalization,
            "tie_policy": TIE_POLICY,
            "policy_mix": self.options.policy_mix,
            "split": self.thresholds.split,
        }
        if self.options.ranking == "vikor":
            prov["vikor_v"] = V
        if self.weights_file is not None:
            prov["weights_file"] = self.weights_file.path.rsplit("/", 1)[-1]
            prov["weights_hash"] = self.weights_file.input_hash
        if self.confidence_samples:
            prov["confidence_samples"] = self.confidence_samples
        return prov

    def table(self, lang: str = "en"):
        """The ranking as a pandas DataFrame, in rank order."""
        import pandas as pd

        keys = ("rank", "id", "name", "category", "government", "market", "composite", "tier", "tier_label")
        return pd.DataFrame([{k: r[k] for k in keys} for r in self.records(lang)])


@dataclass(frozen=True)
class Estimate:
    seconds: float
    bytes: int

    def text(self) -> str:
        return f"about {self.seconds:,.0f} s and {self.bytes / 1024 ** 2:,.0f} MB"


@dataclass(frozen=True, eq=False)
class SensitivityResult:
    rank: RankResult                      # the deterministic ranking the samples scatter around
    smaa: SMAAResult
    stability: StabilityResult | None
    options: SensitivityOptions           # resolved: no None left but workers
    weight_models: dict[str, WeightModel]
    ranged_indicators: tuple[str, ...]    # "material.indicator" drawn from ranges
    notes: tuple[str, ...] = field(default=())

    # cached: reports read them once per material
    @cached_property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.rank.case.materials)

    @property
    def tier_probability(self) -> np.ndarray:
        return self.smaa.tier_probability

    @cached_property
    def confidence(self) -> np.ndarray:
        """P(deterministic tier) per material."""
        return self.tier_probability[np.arange(len(self.ids)), self.rank.tiers]

    @cached_property
    def stable(self) -> np.ndarray:
        return self.confidence >= STABLE_PROBABILITY


# --------------------------------------------------------------------------- panels

#: A workbook's (and each lens's) status, in the order a file's own status is taken.
STATUSES = ("used", "excluded", "rejected")


@dataclass(frozen=True)
class LensOutcome:
    lens: str
    status: str
    reason: str
    judgments: Mapping[tuple[str, str], float]
    result: AHPResult | None = None
    #: The pairs to reconsider (those of ``result.inconsistent_pairs``, in the same order), each
    #: with what the other judgments alone imply (Harker's completion without it) and the nearest
    #: scale value to that; ``result.inconsistent_pairs`` keeps the full priorities' ratio.
    reconsider: tuple = ()
    #: A rejected lens: what each unusable pair's cell(s) held, as shown (e.g. "2.5").
    unusable: Mapping[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExpertResult:
    file: str
    sha256: str = ""
    name: str = ""
    organisation: str = ""
    role: str | None = None
    lenses: tuple[str, ...] = ()
    outcomes: Mapping[str, LensOutcome] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    ratings: Mapping[tuple[str, str], float] = field(default_factory=dict)
    rejection: str | None = None
    #: The expert's stable id (the file's name without its extension for workbooks made before
    #: ids), and the round the workbook was made for (1 for those).
    expert_id: str | None = None
    round: int | None = None
    #: The form of the workbook's lens sheets (``matrix`` or ``pairs``), kept in the next round.
    form: str = "matrix"

    @property
    def status(self) -> str:
        statuses = {o.status for o in self.outcomes.values()}
        if self.rejection is not None or not statuses:
            return "rejected"
        for status in STATUSES:
            if status in statuses:
                return status
        raise AssertionError(statuses)  # pragma: no cover

    @property
    def reason(self) -> str:
        if self.rejection is not None:
            return self.rejection
        return "; ".join(f"{lens}: {o.reason}" for lens, o in self.outcomes.items() if o.reason)


def rejected(file: str, reason: str, sha256: str = "") -> ExpertResult:
    return ExpertResult(file, sha256, rejection=reason)


@dataclass(frozen=True)
class LensAggregate:
    lens: str
    weights: np.ndarray
    cr: float
    consistent: bool
    cr_of: str
    gci: float | None
    consensus: Consensus
    experts: tuple[str, ...]                 # files of the used experts
    expert_weights: tuple[np.ndarray, ...]   # their priority vectors, in the same order


@dataclass(frozen=True)
class RatingAggregate:
    material: str
    criterion: str
    indicator: str
    rating: float          # geometric mean of the experts' ratings
    value: float
    low: float
    high: float
    experts: int


@dataclass(frozen=True)
class JudgmentChange:
    """One pair an expert judged otherwise than in their previous round (None: left blank)."""

    lens: str
    a: str
    b: str
    before: float | None
    after: float | None
    #: When a side is None because its cell held something unusable: what it held ("2.5").
    before_found: str | None = None
    after_found: str | None = None


#: How a round's workbook links to the expert's earlier ones: ``first`` (the first round given),
#: ``linked`` (same expert_id as an earlier workbook), ``new`` (an id no earlier round has: used in
#: its round's aggregate, with nothing to compare), ``unidentified`` (unreadable, so no id).
LINKS = ("first", "linked", "new", "unidentified")


@dataclass(frozen=True)
class RoundExpert:
    """One workbook of one round of ``panel collect --previous``, linked by its expert_id."""

    file: str
    expert_id: str | None
    status: str
    reason: str
    link: str
    #: The expert's workbook in the latest earlier round that has one, and that round.
    previous_file: str | None = None
    previous_round: int | None = None
    changes: tuple[JudgmentChange, ...] = ()


@dataclass(frozen=True)
class PanelRound:
    """One round: the paths given for it, its round number (the workbooks'), every workbook's
    status and link, and the earlier experts with no workbook in it."""

    number: int
    paths: tuple[str, ...]
    counts: Mapping[str, int]
    experts: tuple[RoundExpert, ...]
    missing: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class PanelResult:
    case_id: str
    criteria_hash: str
    criteria: tuple[str, ...]
    options: PanelOptions
    experts: tuple[ExpertResult, ...]
    lenses: Mapping[str, LensAggregate]
    ratings: tuple[RatingAggregate, ...]
    #: What the folders held that was not collected, each with the reason.
    skipped: tuple[str, ...] = ()
    #: With ``--previous``: every round given, oldest first (this result is the last one's), and
    #: per lens the convergence over them.
    rounds: tuple[PanelRound, ...] = ()
    convergence: Mapping[str, LensConvergence] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        tally = {status: 0 for status in STATUSES}
        for e in self.experts:
            tally[e.status] += 1
        return {"files": len(self.experts), **tally}

    def lens_counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for lens in LENSES:
            tally = {status: 0 for status in STATUSES}
            for e in self.experts:
                if lens in e.outcomes:
                    tally[e.outcomes[lens].status] += 1
            out[lens] = tally
        return out

    def inconsistent(self) -> list[tuple[str, str, float]]:
        """(file, lens, CR) of every lens left out (or let in) for its CR."""
        return [(e.file, lens, o.result.cr) for e in self.experts for lens, o in e.outcomes.items()
                if o.result is not None and not o.result.consistent]


__all__ = ["LensResult", "RankResult", "SensitivityResult", "Estimate", "STABLE_PROBABILITY", "STATUSES",
           "LensOutcome", "ExpertResult", "rejected", "LensAggregate", "RatingAggregate", "PanelResult",
           "JudgmentChange", "RoundExpert", "PanelRound", "LINKS"]
