"""Render a ranking (:class:`matrank.results.RankResult`): JSON, table, CSV, Markdown, XLSX.

Every format shows the rows of :meth:`RankResult.records`; the column headings and
tier names come from the labels table.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from matrank.labels import label
from matrank.model import TIERS
from matrank.reports.caveats import criterion_name, rank_caveats, tier_text
from matrank.reports.provenance_text import provenance_rows
from matrank.reports.render import Renderer, csv_text, json_text, text_table
from matrank.reports.xlsx import FORMATS, ReportWorkbook

if TYPE_CHECKING:
    from matrank.results import RankResult


def payload(result: "RankResult", lang: str = "en") -> dict:
    """The JSON document of ``matrank rank`` (a pure function of inputs and options)."""
    case = result.case
    materials = []
    for row, i in zip(result.records(lang), result.order):
        entry = {
            "id": row["id"], "name": row["name"], "names": dict(case.materials[i].names),
            "category": row["category"], "government": row["government"], "market": row["market"],
            "composite": row["composite"], "tier": row["tier"], "tier_label": row["tier_label"],
            "rank": row["rank"],
            "estimated_criteria": [c for j, c in enumerate(result.matrix.criteria) if result.matrix.estimated[i, j]],
            "detail": {lens: lr.detail.detail(i) for lens, lr in result.lenses.items()},
            "values": {c: float(result.matrix.scores[i, j]) for j, c in enumerate(result.matrix.criteria)},
            "contributions": {lens: {c: float(x) for c, x in zip(result.matrix.criteria, lr.detail.contributions(i))}
                              for lens, lr in result.lenses.items()},
        }
        if "confidence" in row:
            entry["confidence"] = row["confidence"]
        materials.append(entry)
    counts = result.tier_counts()
    return {
        "case": case.id,
        "case_title": dict(case.title),
        "ranking": result.ranking,
        "ri_table": result.options.ri_table,
        "normalization": result.options.normalization,
        "policy_mix": result.options.policy_mix,
        "criteria": [{"id": c.id, "name": c.name(lang), "unit": c.unit,
                      "government": c.directions["government"], "market": c.directions["market"]}
                     for c in case.criteria],
        "weights": {lens: lr.weight_map() for lens, lr in result.lenses.items()},
        "weights_basis": {lens: {"source": lr.source, "basis": lr.basis, "origin": lr.origin}
                          for lens, lr in result.lenses.items()},
        "consistency": {lens: {"cr": lr.cr, "consistent": lr.consistent}
                        for lens, lr in result.lenses.items()},
        "thresholds": {"government": result.thresholds.government,
                       "market": result.thresholds.market},
        "split": result.thresholds.split,
        "tiers": {t: {"label": label(f"tier.{t}", lang), "meaning": label(f"tier.{t}.meaning", lang),
                      "instruments": label(f"tier.{t}.instruments", lang), "count": counts[t]}
                  for t in TIERS},
        "materials": materials,
        "warnings": list(result.warnings),
        "notes": list(result.notes),
        "provenance": result.provenance(),
    }


def score_heading(result: "RankResult", lens: str, lang: str) -> str:
    """"Gov C", "市场C", "Gov 1−Q": the lens and the ranking method's score symbol."""
    return label(f"col.{lens}.{result.ranking}", lang)


def rows(result: "RankResult", lang: str = "en", with_category: bool = True):
    """Headings and rows for the table, Markdown and the workbook."""
    headers = [label("col.rank", lang), label("col.id", lang), label("col.material", lang)]
    if with_category:
        headers.append(label("col.category", lang))
    headers += [score_heading(result, "government", lang), score_heading(result, "market", lang),
                label("col.composite", lang), label("col.tier", lang)]
    if result.confidence is not None:
        headers.append(label("col.confidence", lang))
    out = []
    for r, i in zip(result.records(lang), result.order):
        row = [r["rank"], r["id"], r["name"]]
        if with_category:
            row.append(r["category_name"] if lang == "zh" else r["category"])
        row += [r["government"], r["market"], r["composite"], tier_text(result, i, lang)]
        if "confidence" in r:
            row.append(r["confidence"])
        out.append(row)
    return headers, out


def summary_lines(result: "RankResult", lang: str = "en") -> list[str]:
    case = result.case
    lines = [f"{case.title_text(lang)} ({case.id}): "
             + label("summary.materials", lang).format(n=len(case.materials))]
    for lens, lr in result.lenses.items():
        w = ", ".join(f"{criterion_name(result, c, lang)} {v:.3f}" for c, v in lr.weight_map().items())
        cr = f"CR {lr.cr:.3f} ({result.options.ri_table})" if lr.cr is not None else \
            label("summary.explicit_weights", lang)
        lines.append(f"{label('lens.' + lens, lang)}: {w}; {cr}")
    t = result.thresholds
    lines.append(f"{label('heading.thresholds', lang)}: {thresholds_text(t, lang)}; "
                 + label("summary.policy_mix", lang).format(alpha=result.options.policy_mix))
    if result.ranking != "topsis":
        lines.append(label(f"method.{result.ranking}.note", lang))
    return lines


def thresholds_text(t, lang: str = "en", note: str = "") -> str:
    """``government ≥ 0.500, market ≥ 0.500 (fixed)`` in the output's language."""
    limits = ", ".join(label("summary.threshold", lang).format(lens=label(f"summary.lens.{lens}", lang), t=value)
                       for lens, value in (("government", t.government), ("market", t.market)))
    return f"{limits} ({label('summary.split.' + t.split, lang)}{note})"


def caveat_lines(result: "RankResult", lang: str = "en") -> list[str]:
    return [f"{label('caveat.heading', lang)}:"] + [f"  - {text}" for text in rank_caveats(result, lang)]


def table_text(result: "RankResult", lang: str = "en") -> str:
    headers, body = rows(result, lang)
    counts = ", ".join(f"{label('tier.' + t, lang)} {n}" for t, n in result.tier_counts().items())
    instruments = [label("summary.instruments", lang)] + [
        f"  {label('tier.' + t, lang)}: {label('tier.' + t + '.instruments', lang)}" for t in TIERS]
    return ("\n".join(summary_lines(result, lang) + caveat_lines(result, lang)) + "\n\n" + text_table(headers, body)
            + "\n" + counts + "\n\n" + "\n".join(instruments) + "\n")


#: CSV columns: stable ids for pipelines (the records' keys) in English; with --lang zh the
#: header row is in Chinese and the category and tier columns hold names. ``note`` carries
#: the caveats on the first row (CSV has no comment lines a spreadsheet app would honour).
CSV_COLUMNS = ("rank", "id", "name", "category", "government", "market", "composite", "tier")


def csv_report(result: "RankResult", lang: str = "en") -> str:
    columns = CSV_COLUMNS + (("confidence",) if result.confidence is not None else ()) + ("note",)
    caveats = " | ".join(rank_caveats(result, lang))
    body = []
    for k, r in enumerate(result.records(lang)):
        values = dict(r, note=caveats if k == 0 else "")
        if lang == "zh":
            values.update(category=r["category_name"], tier=r["tier_label"])
        body.append([values[c] for c in columns])
    if lang == "zh":
        headers = [label(CSV_HEADER_LABELS.get(c, f"col.{c}"), lang) for c in columns]
        headers[4:6] = [score_heading(result, "government", lang), score_heading(result, "market", lang)]
        return csv_text(headers, body)
    return csv_text(list(columns), body)


CSV_HEADER_LABELS = {"name": "col.material"}


def markdown(result: "RankResult", lang: str = "en") -> str:
    headers, body = rows(result, lang)

    def fmt(v):
        return f"{v:.4f}" if isinstance(v, float) else str(v).replace("|", "\\|")
    out = [f"# {result.case.title_text(lang)}", ""]
    out += [f"- {line}" for line in summary_lines(result, lang)[1:]]
    out += ["", f"> **{label('caveat.heading', lang)}:** " + "; ".join(rank_caveats(result, lang))]
    out += ["", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in body]
    out += ["", f"## {label('heading.tiers', lang)}", ""]
    for t in TIERS:
        out.append(f"- **{label('tier.' + t, lang)}** — {label('tier.' + t + '.meaning', lang)}. "
                   f"{label('tier.' + t + '.instruments', lang)}.")
    if result.warnings:
        out += ["", f"## {label('heading.warnings', lang)}", ""] + [f"- {w}" for w in result.warnings]
    out += ["", f"## {label('heading.provenance', lang)}", ""] + [
        f"- {k}: {v}" for k, v in provenance_rows(result.provenance(), lang)]
    return "\n".join(out) + "\n"


def write_xlsx(result: "RankResult", path: str | Path, lang: str = "en", *, force: bool = False,
               inputs=()) -> Path:
    """A report workbook ready to print: the ranking under a title block with the caveats,
    tiers coloured; the weights; the tiers' meaning; the provenance (with its creation time)."""
    book = ReportWorkbook(lang)
    case = result.case
    headers, body = rows(result, lang)
    scores = {k: FORMATS["score"] for k in range(len(headers)) if headers[k] in
              (score_heading(result, "government", lang), score_heading(result, "market", lang),
               label("col.composite", lang))}
    if result.confidence is not None:
        scores[len(headers) - 1] = FORMATS["probability"]
    ws = book.sheet("sheet.ranking")
    book.title_block(ws, case.title_text(lang), [label("xlsx.case", lang).format(id=case.id, date=case.date)]
                     + summary_lines(result, lang)[1:] + [f"{label('caveat.heading', lang)}: {t}"
                                                          for t in rank_caveats(result, lang)])
    book.table(ws, headers, body, formats=scores, wrap=(2, 3),
               tiers={k: result.tier(i) for k, i in enumerate(result.order)})
    _weights_sheet(book, result, lang)
    counts = result.tier_counts()
    book.table(book.sheet("sheet.tiers"),
               [label("col.tier", lang), label("col.meaning", lang), label("col.instruments", lang),
                label("col.count", lang)],
               [[label(f"tier.{t}", lang), label(f"tier.{t}.meaning", lang), label(f"tier.{t}.instruments", lang),
                 counts[t]] for t in TIERS], wrap=(1, 2), tiers=dict(enumerate(TIERS)))
    ws = book.sheet("sheet.provenance")
    for key, value in provenance_rows(result.provenance(), lang):
        book.row(ws, [key, value])
    book.row(ws, [label("xlsx.created", lang), datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")])
    for w in result.warnings:
        book.row(ws, [label("heading.warnings", lang), w])
    book.finish(ws, landscape=False)
    return book.save(path, force=force, inputs=inputs)


def _weights_sheet(book: ReportWorkbook, result: "RankResult", lang: str) -> None:
    ws = book.sheet("sheet.weights")
    g, mk = result.lenses["government"].weight_map(), result.lenses["market"].weight_map()
    direction = {d: label(f"direction.{d}", lang) for d in ("benefit", "cost")}
    book.table(ws, [label("col.criterion", lang), label("lens.government", lang), label("lens.market", lang),
                    f"{label('col.direction', lang)} ({label('summary.lens.government', lang)})",
                    f"{label('col.direction', lang)} ({label('summary.lens.market', lang)})"],
               [[c.name(lang), g[c.id], mk[c.id], direction[c.directions["government"]],
                 direction[c.directions["market"]]] for c in result.case.criteria],
               formats={1: FORMATS["weight"], 2: FORMATS["weight"]})
    ws.append([])
    for lens, lr in result.lenses.items():
        book.row(ws, [f"{label('lens.' + lens, lang)} CR", lr.cr], formats={1: FORMATS["weight"]})
    for text in rank_caveats(result, lang):
        book.row(ws, [text])


RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=table_text),
    "json": Renderer(text=lambda result, lang="en": json_text(payload(result, lang))),
    "csv": Renderer(text=csv_report),
    "md": Renderer(text=markdown),
    "xlsx": Renderer(write=write_xlsx, suffixes=(".xlsx",)),
}
