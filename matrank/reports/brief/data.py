"""What a brief is made from: the ranking, its sensitivity analysis, and optionally the
panel's collection report and a baseline ranking; and the reader of the panel's report
(``matrank panel collect --format json``), checked against the case it is meant for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from matrank.compare import Comparison
from matrank.errors import InputError
from matrank.inputfile import read_input
from matrank.model import LENSES, Case
from matrank.results import SensitivityResult
from matrank.weightsfile import WeightsFile, parse_json

PANEL_KIND = "panel results JSON"
PANEL_FIX = "pass the JSON that `matrank panel collect … --format json > panel-results.json` printed"
PANEL_KEYS = ("case", "criteria", "experts", "aggregate", "consensus", "lens_counts", "counts", "provenance")
#: The panel's aggregate weights and the weights file's agree to this (both are written from
#: the same numbers; JSON keeps 17 significant digits).
SAME_WEIGHTS = 1e-9


@dataclass(frozen=True)
class PanelExpert:
    file: str
    name: str
    role: str | None
    status: str
    lens_status: Mapping[str, str]
    reason: str
    cr: Mapping[str, float]


@dataclass(frozen=True)
class Revision:
    file: str
    lens: str
    cr: float
    a: str
    b: str
    value: float
    implied: float
    suggested: float


@dataclass(frozen=True)
class PanelLens:
    weights: Mapping[str, float]
    consensus: float
    band: str
    used: int
    excluded: int
    rejected: int
    cr: float | None


@dataclass(frozen=True)
class PanelSummary:
    """The parts of a panel's collection report a brief shows."""

    path: str
    sha256: str
    case: str
    experts: tuple[PanelExpert, ...]
    lenses: Mapping[str, PanelLens]
    revisions: tuple[Revision, ...]
    aggregate: str
    cr_threshold: float
    ri_table: str
    on_inconsistent: str
    files: int


@dataclass(frozen=True)
class BriefData:
    """Everything a brief shows, computed; the brief's words are made from it in one language."""

    sensitivity: SensitivityResult
    panel: PanelSummary | None
    comparison: Comparison | None
    baseline: tuple[str, str] | None      # (file, sha256) of the baseline ranking
    command: str                          # the command line that makes this brief again
    date: str

    @property
    def rank(self):
        return self.sensitivity.rank


# ---- reading the panel's report -----------------------------------------------------------

def read_panel(path: str, case: Case, weights: WeightsFile | None) -> PanelSummary:
    """The panel's report, for ``case``; refused when it is another case's or another
    collection's than the weights file's."""
    source = read_input(path, PANEL_KIND)
    doc = parse_json(source.data, source.path)
    if not isinstance(doc, dict) or any(k not in doc for k in PANEL_KEYS):
        missing = [k for k in PANEL_KEYS if not isinstance(doc, dict) or k not in doc]
        raise InputError(f"not a {PANEL_KIND}: the key {missing[0]!r} is missing", file=source.path,
                         where="top level", expected="the output of `matrank panel collect --format json`",
                         fix=PANEL_FIX)
    if doc["case"] != case.id or list(doc["criteria"]) != list(case.criteria.ids):
        raise InputError("the panel results are for another case", file=source.path, where="case",
                         found=f"case {doc['case']!r} with criteria {', '.join(map(str, doc['criteria']))}",
                         expected=f"case {case.id!r} with criteria {', '.join(case.criteria.ids)}",
                         fix=f"pass the panel results collected for {case.id}, or brief the case the panel judged")
    try:
        summary = _summary(doc, source.path, source.sha256)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"not a {PANEL_KIND}: a part is missing or of the wrong kind ({exc!s})",
                         file=source.path, fix=PANEL_FIX) from None
    _check_same_collection(summary, weights)
    return summary


def _summary(doc: dict, path: str, sha256: str) -> PanelSummary:
    experts = tuple(PanelExpert(str(e["file"]), str(e.get("name") or ""), e.get("role"), str(e["status"]),
                                dict(e.get("lens_status") or {}), str(e.get("reason") or ""),
                                {k: float(v) for k, v in (e.get("cr") or {}).items()})
                    for e in doc["experts"])
    consistency = doc.get("consistency") or {}
    lenses = {}
    for lens in LENSES:
        if lens not in doc["aggregate"]:
            continue
        counts = doc["lens_counts"][lens]
        cons = doc["consensus"][lens]
        cr = (consistency.get(lens) or {}).get("cr")
        lenses[lens] = PanelLens({k: float(v) for k, v in doc["aggregate"][lens].items()}, float(cons["value"]),
                                 str(cons["band"]), int(counts["used"]), int(counts["excluded"]),
                                 int(counts["rejected"]), None if cr is None else float(cr))
    prov = doc["provenance"]
    threshold = float(prov["cr_threshold"])
    revisions = tuple(Revision(str(e["file"]), lens, float(e["cr"][lens]), str(p["a"]), str(p["b"]),
                               float(p["value"]), float(p["implied"]), float(p["suggested"]))
                      for e in doc["experts"] for lens, pairs in (e.get("revise") or {}).items()
                      if float(e["cr"][lens]) > threshold for p in pairs)
    return PanelSummary(path, sha256, str(doc["case"]), experts, lenses, revisions, str(prov["aggregate"]),
                        threshold, str(prov["ri_table"]), str(prov["on_inconsistent"]),
                        int(doc["counts"]["files"]))


def _check_same_collection(panel: PanelSummary, weights: WeightsFile | None) -> None:
    """The brief names the panel behind its weights: the two files must be one collection's."""
    if weights is None:
        return
    for lens, summary in panel.lenses.items():
        given = weights.lenses.get(lens)
        if given is None or given.weights is None:
            continue
        if any(not math.isclose(summary.weights.get(c, math.nan), w, rel_tol=0, abs_tol=SAME_WEIGHTS)
               for c, w in given.weights.items()):
            raise InputError("the panel results and the weights file come from different collections",
                             file=f"{panel.path} and {weights.path}", where=f"{lens} weights",
                             found=_weights_text(summary.weights) + " against " + _weights_text(given.weights),
                             expected="the aggregate weights of the panel results",
                             fix="pass the results and the --weights-out file of the same `matrank panel collect`")


def _weights_text(weights: Mapping[str, Any]) -> str:
    return "/".join(f"{float(w):.3f}" for w in weights.values())


__all__ = ["BriefData", "PanelSummary", "PanelExpert", "PanelLens", "Revision", "read_panel"]
