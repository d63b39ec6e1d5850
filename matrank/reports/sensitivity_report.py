"""Render a :class:`~matrank.sensitivity.SensitivityResult`: JSON payload, text table, XLSX.

Everything here is a pure function of the result: no clock in the JSON or the
table (the same seed gives byte-identical output); only the workbook records
when it was made.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from matrank.labels import label
from matrank.mcda.smaa import HIST_BINS
from matrank.mcda.stability import BISECTIONS, GRID
from matrank.model import LENSES, TIERS
from matrank.reports.caveats import criterion_name, rank_caveats, tier_text
from matrank.reports.provenance_text import provenance_rows
from matrank.reports.rank_report import thresholds_text
from matrank.reports.render import Renderer, json_text, text_table
from matrank.reports.xlsx import FORMATS, ReportWorkbook
from matrank.results import STABLE_PROBABILITY, SensitivityResult

#: The table lists a lens's central weights for materials first in at least this share of samples.
PER_LENS_MIN = 0.01
QUANTILE_DIGITS = 4          # the histogram resolves 1 / HIST_BINS = 0.0005
STABILITY_METHOD = ("one at a time: w_j moved over [0, 1], the lens's other weights rescaled proportionally, "
                    "the other lens and the case's point values fixed; the interval around the current weight "
                    f"(grid of {GRID} steps, ends refined by {BISECTIONS} bisections)")


def rank_band(acceptability: np.ndarray) -> tuple[int, int, int]:
    """(5 % rank, 95 % rank, most likely rank) of one material, 1-based."""
    cum = np.cumsum(acceptability)
    lo = int(np.searchsorted(cum, 0.05 - 1e-12)) + 1
    hi = int(np.searchsorted(cum, 0.95 - 1e-12)) + 1
    return lo, min(hi, acceptability.size), int(np.argmax(acceptability)) + 1


def _num(x: float, digits: int | None = None):
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return None
    return round(float(x), digits) if digits is not None else float(x)


def material_entry(s: SensitivityResult, i: int, lang: str = "en") -> dict:
    """One material's entry in ``materials``: tier probabilities, rank band, per-lens statistics."""
    r, smaa = s.rank, s.smaa
    criteria = list(r.matrix.criteria)
    acceptability = smaa.rank_acceptability_of(i)
    lo, hi, mode = rank_band(acceptability)
    row = {
        "id": r.case.materials[i].id,
        "name": r.case.materials[i].name(lang),
        "rank": int(r.rank[i]),
        "tier": r.tier(i),
        "tier_label": label(f"tier.{r.tier(i)}", lang),
        "tier_probability": {t: float(smaa.tier_probability[i, k]) for k, t in enumerate(TIERS)},
        "confidence": float(s.confidence[i]),
        "stable": bool(s.stable[i]),
        "rank_acceptability": acceptability.tolist(),
        "rank_band": {"p05": lo, "p95": hi, "mode": mode},
    }
    for lens_index, lens in enumerate(LENSES):
        summary = smaa.lenses[lens_index]
        central = summary.central_weights[i]
        row[lens] = {
            "mean": _num(summary.mean[i], 6),
            "p05": _num(summary.p05[i], QUANTILE_DIGITS),
            "p95": _num(summary.p95[i], QUANTILE_DIGITS),
            "deterministic": float(r.lenses[lens].score[i]),
            "first_acceptability": float(summary.first_counts[i] / smaa.samples),
            "central_weights": None if np.isnan(central[0]) else
            {c: _num(w, 6) for c, w in zip(criteria, central)},
            "confidence_factor": _num(summary.confidence_factor[i]),
        }
    return row


def payload(s: SensitivityResult, lang: str = "en") -> dict:
    """The JSON document of ``matrank sensitivity``."""
    r, smaa = s.rank, s.smaa
    ids = s.ids
    materials = [material_entry(s, i, lang) for i in r.order]
    expected = smaa.tier_counts.sum(axis=0) / smaa.samples
    return {
        "case": r.case.id,
        "samples": smaa.samples,
        "seed": smaa.seed,
        "weight_source": s.options.weight_source,
        "weight_sources": {lens: s.weight_models[lens].describe() for lens in LENSES},
        "concentration": s.options.concentration,
        "values": s.options.values,
        "ranged_indicators": list(s.ranged_indicators),
        "normalization": r.options.normalization,
        "thresholds": {"government": r.thresholds.government, "market": r.thresholds.market,
                       "split": r.thresholds.split},
        "policy_mix": r.options.policy_mix,
        "weights": {lens: r.lenses[lens].weight_map() for lens in LENSES},
        "stable_probability": STABLE_PROBABILITY,
        "stable": [ids[i] for i in r.order if s.stable[i]],
        "tier_counts": {t: int((r.tiers == k).sum()) for k, t in enumerate(TIERS)},
        "expected_tier_counts": {t: float(expected[k]) for k, t in enumerate(TIERS)},
        "materials": materials,
        "stability": stability_payload(s),
        "estimation": {
            "quantiles": f"histogram of {HIST_BINS} bins on [0, 1] per material and lens, linear within "
                         f"the bin: within {1 / HIST_BINS:g} of the sample quantile",
            "confidence_factor_samples": smaa.cf_samples,
            "binomial_error_95": float(1.96 * np.sqrt(0.25 / smaa.samples)),
        },
        "notes": list(s.notes),
        "warnings": list(r.warnings),
        "provenance": provenance(s),
    }


def stability_payload(s: SensitivityResult) -> dict | None:
    if s.stability is None:
        return None
    r = s.rank
    ids = s.ids
    out: dict = {"method": STABILITY_METHOD}
    for lens_index, lens in enumerate(LENSES):
        per_lens = {}
        for j, criterion in enumerate(r.matrix.criteria):
            iv = s.stability.interval(lens_index, j)
            per_lens[criterion] = {
                "weight": float(iv.weight),
                "all_tiers_hold": {"low": iv.all_low, "high": iv.all_high,
                                   "first_to_change_below": _binding(iv.low, iv.all_low, ids, 0.0),
                                   "first_to_change_above": _binding(iv.high, iv.all_high, ids, 1.0)},
                "materials": {ids[i]: {"low": float(iv.low[i]), "high": float(iv.high[i])}
                              for i in r.order},
            }
        out[lens] = per_lens
    return out


def _binding(bounds: np.ndarray, value: float, ids, free: float) -> str | None:
    if value == free:
        return None
    return ids[int(np.flatnonzero(bounds == value)[0])]


def provenance(s: SensitivityResult) -> dict:
    prov = dict(s.rank.provenance())
    prov.pop("confidence_samples", None)
    prov.update({
        "method": f"SMAA-2 (Lahdelma & Salminen 2001) over both lenses' {s.rank.ranking.upper()}",
        "samples": s.smaa.samples,
        "seed": s.smaa.seed,
        "rng": f"PCG64, SeedSequence(seed, spawn_key=(block, stream)), blocks of {s.smaa.block}",
        "weight_source": s.options.weight_source,
        "values": s.options.values,
        "value_distribution": "triangular (low, value, high)" if s.options.values == "ranges" else "fixed",
        "histogram_bins": HIST_BINS,
        "confidence_factor_samples": s.smaa.cf_samples,
    })
    if s.options.concentration is not None:
        prov["concentration"] = s.options.concentration
    return prov


# --------------------------------------------------------------------------- table


def _band(mean: float, lo: float, hi: float) -> str:
    return f"{mean:.3f} ({lo:.3f}–{hi:.3f})"


def with_probabilities(s: SensitivityResult):
    """The ranking with the run's P(tier), so that borderline tiers are marked as in ``rank --confidence``."""
    return replace(s.rank, confidence=s.confidence, confidence_samples=s.smaa.samples)


def weight_model_text(model, lang: str) -> str:
    if model.kind == "dirichlet":
        return label("smaa.model.dirichlet", lang).format(c=model.concentration)
    if model.kind == "panel":
        return label("smaa.model.panel", lang).format(n=model.experts.shape[0])
    return label(f"smaa.model.{model.kind}", lang)


def header_lines(s: SensitivityResult, lang: str) -> list[str]:
    r, smaa = s.rank, s.smaa
    values = (label("smaa.values.ranges", lang).format(n=len(s.ranged_indicators))
              if s.options.values == "ranges" else label("smaa.values.fixed", lang))
    return [f"{label('smaa.title', lang)}: {r.case.title_text(lang)} ({r.case.id}), "
            + label("summary.materials", lang).format(n=len(s.ids)),
            f"{smaa.samples:,} {label('smaa.samples', lang)}, {label('smaa.seed', lang)} {smaa.seed}; "
            f"{label('smaa.weights', lang)}: "
            + ", ".join(f"{label('summary.lens.' + lens, lang)} {weight_model_text(s.weight_models[lens], lang)}"
                        for lens in LENSES),
            f"{label('smaa.values', lang)}: {values}",
            f"{label('heading.thresholds', lang)}: "
            + thresholds_text(r.thresholds, lang, label("smaa.per_sample_medians", lang)
                              if r.thresholds.split == "median" else "")
            + "; " + label("summary.policy_mix", lang).format(alpha=r.options.policy_mix),
            ""]


def table_text(s: SensitivityResult, lang: str = "en", *, wide: bool = False) -> str:
    """The table: per material its tier and P(tier), rank band and closeness bands; with
    ``wide`` the four tier probabilities too; then the summaries."""
    r, smaa = s.rank, s.smaa
    ids = s.ids
    probs = smaa.tier_probability
    headers = [label("col.rank", lang), label("col.id", lang), label("col.material", lang), label("col.tier", lang),
               label("col.confidence", lang)]
    if wide:
        headers += [label(f"smaa.p_{t}", lang) for t in TIERS]
    headers += [label("smaa.rank_band", lang),
                f"{label('lens.government.short', lang)} {label('smaa.band.' + r.ranking, lang)}",
                f"{label('lens.market.short', lang)} {label('smaa.band.' + r.ranking, lang)}"]
    body = []
    g, mk = smaa.lenses
    with_p = with_probabilities(s)
    for i in r.order:
        lo, hi, _ = rank_band(smaa.rank_acceptability_of(i))
        body.append([int(r.rank[i]), ids[i], r.case.materials[i].name(lang), tier_text(with_p, i, lang),
                     float(s.confidence[i])]
                    + ([float(probs[i, k]) for k in range(len(TIERS))] if wide else [])
                    + [f"{lo}–{hi}" if lo != hi else f"{lo}",
                       _band(g.mean[i], g.p05[i], g.p95[i]), _band(mk.mean[i], mk.p05[i], mk.p95[i])])
    out = "\n".join(header_lines(s, lang)) + "\n" + text_table(headers, body, digits=3)
    if not wide:
        out += label("smaa.wide_hint", lang) + "\n"
    out += "\n".join(f"{label('caveat.heading', lang)}: {t}" for t in rank_caveats(with_p, lang)) + "\n"
    out += summary_text(s, lang)
    out += "\n" + per_lens_text(s, lang)
    if s.stability is not None:
        out += "\n" + stability_text(s, lang)
    err = 1.96 * np.sqrt(0.25 / smaa.samples)
    return out + "\n" + label("smaa.footnote", lang).format(err=err, resolution=1 / HIST_BINS) + "\n"


def summary_text(s: SensitivityResult, lang: str) -> str:
    r, smaa = s.rank, s.smaa
    stable = [s.ids[i] for i in r.order if s.stable[i]]
    out = ("\n" + label("smaa.stable_line", lang).format(p=STABLE_PROBABILITY, n=len(stable), of=len(s.ids))
           + (": " + ", ".join(stable) if stable else "") + "\n")
    expected = smaa.tier_counts.sum(axis=0) / smaa.samples
    return out + (f"{label('smaa.expected', lang)}: "
                  + ", ".join(label("smaa.expected_tier", lang).format(
                      tier=label('tier.' + t, lang), expected=expected[k], now=int((r.tiers == k).sum()))
                              for k, t in enumerate(TIERS)) + "\n")


def per_lens_text(s: SensitivityResult, lang: str = "en") -> str:
    r, smaa = s.rank, s.smaa
    ids = s.ids
    crit = " / ".join(criterion_name(r, c, lang) for c in r.matrix.criteria)
    headers = [label("smaa.lens", lang), label("col.id", lang),
               label("smaa.p_first", lang), f"{label('smaa.central_weights', lang)}",
               label("smaa.confidence_factor", lang)]
    body, hidden = [], 0
    for lens_index, lens in enumerate(LENSES):
        summary = smaa.lenses[lens_index]
        for shown, i in enumerate(np.argsort(-summary.first_counts, kind="stable")):
            if summary.first_counts[i] == 0:
                break
            if shown and summary.first_counts[i] < PER_LENS_MIN * smaa.samples:
                hidden += 1
                continue
            body.append([label(f"lens.{lens}.short", lang), ids[i],
                         float(summary.first_counts[i] / smaa.samples),
                         " / ".join(f"{w:.3f}" for w in summary.central_weights[i]),
                         float(summary.confidence_factor[i])])
    cf = (label("smaa.cf.ranges", lang).format(n=smaa.cf_samples) if s.options.values == "ranges"
          else label("smaa.cf.fixed", lang))
    more = (label("smaa.more_below", lang).format(n=hidden, p=PER_LENS_MIN) + "\n" if hidden else "")
    return (label("smaa.per_lens.heading", lang).format(title=label('smaa.per_lens.' + r.ranking, lang),
                                                       criteria=crit, cf=cf) + "\n"
            + text_table(headers, body, digits=3) + more)


def stability_text(s: SensitivityResult, lang: str = "en") -> str:
    payload_ = stability_payload(s)
    r = s.rank
    headers = [label("smaa.lens", lang), label("col.criterion", lang), label("col.weight", lang),
               label("smaa.all_hold", lang), label("smaa.first_below", lang), label("smaa.first_above", lang)]
    body = []
    for lens in LENSES:
        for criterion, entry in payload_[lens].items():
            a = entry["all_tiers_hold"]
            lo, hi = inward_interval(a["low"], a["high"])
            body.append([label(f"lens.{lens}.short", lang), criterion_name(r, criterion, lang),
                         float(entry["weight"]), f"{lo}–{hi}",
                         f"{a['first_to_change_below']} (< {lo})" if a["first_to_change_below"] else "–",
                         f"{a['first_to_change_above']} (> {hi})" if a["first_to_change_above"] else "–"])
    return label("smaa.stability.heading", lang).format(title=label("smaa.stability", lang)) + "\n" + \
        text_table(headers, body, digits=3)


def inward_interval(low: float, high: float, digits: int = 4) -> tuple[str, str]:
    """An interval's ends to ``digits`` decimals, rounded inwards (the shown interval is safe)."""
    scale = 10 ** digits
    lo = max(0.0, np.ceil(low * scale - 1e-9) / scale) + 0.0
    hi = min(1.0, np.floor(high * scale + 1e-9) / scale) + 0.0
    return f"{lo:.{digits}f}", f"{hi:.{digits}f}"


# --------------------------------------------------------------------------- workbook


def write_xlsx(s: SensitivityResult, path: str | Path, lang: str = "en", *, force: bool = False,
               inputs=()) -> Path:
    """A workbook: a summary ready to print (title block, caveats, per material its tier,
    P(tier), rank band and score bands, tiers coloured), then the data: tiers, rank
    acceptability, SMAA-2 per lens, weight stability, provenance."""
    data = payload(s, lang)
    book = ReportWorkbook(lang)
    _summary_sheet(book, s, lang)
    p3, score = FORMATS["probability"], FORMATS["score"]
    stats = [f"{lens} {k}" for lens in LENSES for k in ("mean", "p05", "p95", "deterministic")]
    headers = (["rank", "id", "name", "tier", "P(tier)"] + [f"P({t})" for t in TIERS]
               + ["stable", "rank p05", "rank p95", "rank mode"] + stats)
    book.table(book.sheet("sheet.tiers"), headers,
               [[m["rank"], m["id"], m["name"], m["tier_label"], m["confidence"]]
                + [m["tier_probability"][t] for t in TIERS]
                + [m["stable"], m["rank_band"]["p05"], m["rank_band"]["p95"], m["rank_band"]["mode"]]
                + [m[lens][k] for lens in LENSES for k in ("mean", "p05", "p95", "deterministic")]
                for m in data["materials"]], freeze="C2",
               formats={**{k: p3 for k in range(4, 9)}, **{k: score for k in range(13, len(headers))}})
    n = len(data["materials"])
    book.table(book.sheet("sheet.rank_acceptability"), ["id"] + [f"rank {k}" for k in range(1, n + 1)],
               [[m["id"]] + m["rank_acceptability"] for m in data["materials"]], freeze="B2",
               formats={k: p3 for k in range(1, n + 1)})
    criteria = list(s.rank.matrix.criteria)
    book.table(book.sheet("sheet.central_weights"), ["lens", "id", "P(first)"] + criteria + ["confidence factor"],
               [[lens, m["id"], m[lens]["first_acceptability"]]
                + [m[lens]["central_weights"][c] for c in criteria] + [m[lens]["confidence_factor"]]
                for lens in LENSES for m in data["materials"] if m[lens]["central_weights"] is not None],
               formats={k: p3 for k in range(2, len(criteria) + 4)})
    book.table(book.sheet("sheet.stability"), ["lens", "criterion", "weight", "id", "low", "high"],
               _stability_rows(data["stability"] or {}), formats={2: p3, 4: score, 5: score})
    _provenance_sheet(book, data, lang)
    return book.save(path, force=force, inputs=inputs)


def _summary_sheet(book: ReportWorkbook, s: SensitivityResult, lang: str) -> None:
    r, smaa = s.rank, s.smaa
    ws = book.sheet("sheet.summary")
    with_p = with_probabilities(s)
    caveats = [f"{label('caveat.heading', lang)}: {t}" for t in rank_caveats(with_p, lang)]
    book.title_block(ws, f"{label('smaa.title', lang)}: {r.case.title_text(lang)}",
                     [label("xlsx.case", lang).format(id=r.case.id, date=r.case.date)] + header_lines(s, lang)[1:-1]
                     + caveats)
    headers = [label("col.rank", lang), label("col.id", lang), label("col.material", lang), label("col.tier", lang),
               label("col.confidence", lang), label("smaa.rank_band", lang),
               f"{label('lens.government.short', lang)} {label('smaa.band.' + r.ranking, lang)}",
               f"{label('lens.market.short', lang)} {label('smaa.band.' + r.ranking, lang)}"]
    g, mk = smaa.lenses
    body = []
    for i in r.order:
        lo, hi, _ = rank_band(smaa.rank_acceptability_of(i))
        body.append([int(r.rank[i]), s.ids[i], r.case.materials[i].name(lang), tier_text(with_p, i, lang),
                     float(s.confidence[i]), f"{lo}–{hi}" if lo != hi else f"{lo}",
                     _band(g.mean[i], g.p05[i], g.p95[i]), _band(mk.mean[i], mk.p05[i], mk.p95[i])])
    book.table(ws, headers, body, formats={4: FORMATS["probability"]}, wrap=(2,),
               tiers={k: r.tier(i) for k, i in enumerate(r.order)})
    err = 1.96 * np.sqrt(0.25 / smaa.samples)
    ws.append([])
    book.row(ws, [label("smaa.footnote", lang).format(err=err, resolution=1 / HIST_BINS)])


def _provenance_sheet(book: ReportWorkbook, data: dict, lang: str) -> None:
    ws = book.sheet("sheet.provenance")
    for key, value in provenance_rows(data["provenance"], lang):
        book.row(ws, [key, value])
    for key in ("weight_source", "concentration", "values"):
        book.row(ws, [key, str(data[key])])
    book.row(ws, [label("xlsx.created", lang), datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")])
    for kind in ("notes", "warnings"):
        for text in data[kind]:
            book.row(ws, [label(f"heading.{kind}", lang), text])
    book.finish(ws, landscape=False)


def _stability_rows(stability: dict) -> list[list]:
    rows = []
    for lens in LENSES:
        for criterion, entry in (stability.get(lens) or {}).items():
            hold = entry["all_tiers_hold"]
            rows.append([lens, criterion, entry["weight"], "(all tiers)", hold["low"], hold["high"]])
            rows += [[lens, criterion, entry["weight"], mid, iv["low"], iv["high"]]
                     for mid, iv in entry["materials"].items()]
    return rows


RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=table_text),
    "json": Renderer(text=lambda s, lang="en": json_text(payload(s, lang))),
    "xlsx": Renderer(write=write_xlsx, suffixes=(".xlsx",)),
}
