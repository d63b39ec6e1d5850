"""The brief's working, after the answer: weights and consistency, sensitivity, evidence, the
comparison with a baseline, method and provenance. Words from :mod:`matrank.labels`."""

from __future__ import annotations

import numpy as np

from matrank.criteria.scoring import used_indicators
from matrank.labels import has_label, label
from matrank.mcda.ahp import ALONSO_LAMATA, RI_TABLES, format_judgment
from matrank.model import LENSES, TIERS
from matrank.reports import compare_report
from matrank.reports.brief.data import BriefData, PanelSummary
from matrank.reports.brief.figures import HEATMAP, TIER_BARS, Heatmap, TierBars
from matrank.reports.brief.model import Figure, Paragraph, Run, Section, Table, para
from matrank.reports.brief.words import (criterion_name, indicator_name, lens_name, number, tier_name, unit_text,
                                         value_text)
from matrank.reports.quadrant_plot import TIER_COLOURS
from matrank.reports.sensitivity_report import inward_interval, stability_payload
from matrank.results import STABLE_PROBABILITY


def subhead(text: str) -> Paragraph:
    return para(text, "subhead")


def _pct(n: int, total: int) -> str:
    return f"{n} ({n / total:.0%})" if total else "0"


# ---- weights and consistency ----------------------------------------------------------------

def weights_section(data: BriefData, lang: str) -> Section:
    r = data.rank
    blocks: list = []
    for lens in LENSES:
        blocks += lens_weights_blocks(data, lens, lang)
    blocks += ri_blocks(r.options.ri_table, len(r.matrix.criteria), lang)
    if data.panel is not None:
        blocks += panel_blocks(data.panel, lang)
    return Section("weights", label("brief.weights.heading", lang), tuple(blocks))


def lens_weights_blocks(data: BriefData, lens: str, lang: str) -> list:
    r = data.rank
    lr = r.lenses[lens]
    rows = tuple((criterion_name(c, lang, r.case.criteria),
                  label(f"explain.direction.{'benefit' if b else 'cost'}", lang), f"{w:.3f}")
                 for c, b, w in zip(lr.criteria, lr.benefit, lr.weights))
    blocks: list = [subhead(lens_name(lens, lang)),
                    Table((label("col.criterion", lang), label("brief.col.direction", lang), label("col.weight", lang)),
                          rows, (0.5, 0.3, 0.2), (False, False, True))]
    if lr.ahp is not None:
        a = lr.ahp
        verdict = label("ahp.consistent" if a.consistent else "brief.weights.inconsistent", lang)
        blocks.append(para(label("brief.weights.ahp", lang).format(
            method=label(f"brief.ahp.{a.method}", lang), lmax=a.lambda_max, ci=a.ci, cr=a.cr, ri=a.ri,
            table=a.ri_table, n=len(a.labels), threshold=a.threshold, verdict=verdict)))
        if a.gci_limit is not None:
            blocks.append(para(label("ahp.gci", lang).format(
                gci=a.gci, limit=a.gci_limit, verdict=label("ahp.gci_above", lang) if a.gci > a.gci_limit else "")))
        completed = label("brief.list_sep", lang).join(
            f"{criterion_name(c.a, lang, r.case.criteria)} : {criterion_name(c.b, lang, r.case.criteria)} = "
            f"{c.value:.3g}" for c in a.completed)
        blocks.append(para(label("brief.weights.completed", lang).format(pairs=completed) if completed
                           else label("brief.weights.complete", lang)))
    elif lr.cr is not None:
        blocks.append(para(label("brief.weights.file_cr", lang).format(cr=lr.cr)))
    else:
        blocks.append(para(label("brief.weights.explicit", lang)))
    blocks.append(para(label("brief.weights.basis", lang).format(basis=" ".join(lr.basis.split())), "small"))
    return blocks


def ri_blocks(table: str, n: int, lang: str) -> list:
    if table == ALONSO_LAMATA:
        return [para(label("brief.ri.alonso", lang), "small")]
    ri = RI_TABLES[table]
    return [Table(("n",) + tuple(str(k) for k in ri), (("RI",) + tuple(f"{v:.2f}" for v in ri.values()),),
                  (1.4,) + (1.0,) * len(ri), (False,) + (True,) * len(ri),
                  caption=label("brief.ri.caption", lang).format(table=table, n=n), small=True)]


def _lens_cell(e, lens: str, lang: str) -> str:
    status = e.lens_status.get(lens)
    if status is None:
        return "—"
    cr = e.cr.get(lens)
    return label(f"status.{status}", lang) + (f" {cr:.3f}" if cr is not None else "")


def _reason(e, panel: PanelSummary, lang: str) -> str:
    """Why a file or a lens was not used: the CR against the threshold in the brief's language; a
    rejection's reason as the collection gave it."""
    high = [f"{lens_name(lens, lang)} CR {e.cr[lens]:.3f} > {panel.cr_threshold:.2f}" for lens in LENSES
            if lens in e.cr and e.cr[lens] > panel.cr_threshold]
    if e.status == "rejected" and not high:
        return e.reason
    return label("brief.list_sep", lang).join(high)


def panel_blocks(panel: PanelSummary, lang: str) -> list:
    rows = tuple((e.file.rsplit("/", 1)[-1], e.name,
                  label(f"role.{e.role}", lang) if e.role and has_label(f"role.{e.role}") else (e.role or ""),
                  label(f"status.{e.status}", lang), _lens_cell(e, "government", lang), _lens_cell(e, "market", lang),
                  _reason(e, panel, lang)) for e in panel.experts)
    blocks: list = [subhead(label("heading.panel", lang)),
                    para(label("brief.panel.head", lang).format(files=panel.files, aggregate=panel.aggregate.upper(),
                                                                threshold=panel.cr_threshold, ri=panel.ri_table)),
                    Table((label("col.file", lang), label("col.name", lang), label("col.role", lang),
                           label("col.status", lang), label("lens.government.short", lang) + " (CR)",
                           label("lens.market.short", lang) + " (CR)", label("col.reason", lang)),
                          rows, (0.17, 0.12, 0.13, 0.1, 0.12, 0.12, 0.24), small=True)]
    cons = tuple((lens_name(lens, lang), str(p.used), str(p.excluded), str(p.rejected), f"{p.consensus:.3f}",
                  label(f"brief.band.{p.band.replace(' ', '_')}", lang), "—" if p.cr is None else f"{p.cr:.3f}")
                 for lens, p in panel.lenses.items())
    blocks.append(Table((label("col.lens", lang), label("status.used", lang), label("status.excluded", lang),
                         label("status.rejected", lang), label("col.consensus", lang), label("brief.panel.band", lang),
                         label("col.cr", lang)), cons, (0.22, 0.1, 0.1, 0.1, 0.16, 0.16, 0.16),
                        (False, True, True, True, True, False, True)))
    blocks.append(subhead(label("heading.revise", lang)))
    if not panel.revisions:
        return blocks + [para(label("brief.none", lang))]
    rev = tuple((v.file.rsplit("/", 1)[-1], lens_name(v.lens, lang), f"{v.cr:.3f}",
                 f"{criterion_name(v.a, lang)} : {criterion_name(v.b, lang)} = {format_judgment(v.value)}",
                 f"{v.implied:.3g}", format_judgment(v.suggested)) for v in panel.revisions)
    return blocks + [Table((label("col.file", lang), label("col.lens", lang), label("col.cr", lang),
                            label("col.judgment", lang), label("col.implied", lang), label("col.suggested", lang)),
                           rev, (0.18, 0.14, 0.1, 0.36, 0.11, 0.11), (False, False, True, False, True, True),
                           small=True)]


# ---- sensitivity --------------------------------------------------------------------------------

def sensitivity_intro(data: BriefData, lang: str) -> str:
    s = data.sensitivity
    sources = []
    for lens in LENSES:
        model = s.weight_models[lens]
        key = f"brief.sens.source.{model.kind}"
        n = model.experts.shape[0] if model.kind == "panel" else 0
        sources.append(lens_name(lens, lang) + label("brief.colon", lang)
                       + label(key, lang).format(c=model.concentration or 0, n=n))
    values = (label("brief.sens.values.ranges", lang).format(n=len(s.ranged_indicators))
              if s.options.values == "ranges" else label("brief.sens.values.fixed", lang))
    return label("brief.sens.intro", lang).format(samples=f"{s.smaa.samples:,}", seed=s.smaa.seed,
                                                  weights=label("brief.sep", lang).join(sources), values=values)


#: The charts show at most this many materials (the first by rank): a row per material.
CHART_ROWS = 120


def sensitivity_section(data: BriefData, lang: str, borderline: float) -> Section:
    r, s = data.rank, data.sensitivity
    order = [int(i) for i in r.order]
    shown = order[:CHART_ROWS]
    names = tuple(r.case.materials[i].name(lang) for i in shown)
    bars = TierBars(names, s.tier_probability[shown], tuple(tier_name(t, lang) for t in TIERS),
                    tuple(TIER_COLOURS[t] for t in TIERS), label("col.confidence", lang), lang, borderline)
    heat = Heatmap(names, np.array([s.smaa.rank_acceptability_of(i)[:CHART_ROWS] for i in shown]),
                   label("brief.sens.heat.axis", lang), lang)
    more = "" if len(order) <= CHART_ROWS else " " + label("brief.sens.first", lang).format(n=CHART_ROWS,
                                                                                          total=len(order))
    stable = [i for i in order if s.stable[i]]
    expected = s.smaa.tier_counts.sum(axis=0) / s.smaa.samples
    blocks: list = [para(sensitivity_intro(data, lang)),
                    para(label("brief.sens.stable", lang).format(p=STABLE_PROBABILITY, n=len(stable), total=len(order))
                         + " " + label("brief.sens.expected", lang).format(counts=label("brief.list_sep", lang).join(
                             f"{tier_name(t, lang)} {expected[k]:.1f} ({int((r.tiers == k).sum())})"
                             for k, t in enumerate(TIERS)))),
                    Figure(TIER_BARS, bars, label("brief.sens.bars.caption", lang).format(limit=borderline) + more,
                           1.0, alt=label("brief.sens.bars.caption", lang).format(limit=borderline)),
                    Figure(HEATMAP, heat, label("brief.sens.heat.caption", lang) + more, 1.0,
                           alt=label("brief.sens.heat.caption", lang))]
    blocks += stability_blocks(data, lang)
    return Section("sensitivity", label("brief.sens.heading", lang), tuple(blocks), new_page=True)


def stability_blocks(data: BriefData, lang: str) -> list:
    s = data.sensitivity
    payload = stability_payload(s)
    if payload is None:
        return []
    names = {m.id: m.name(lang) for m in s.rank.case.materials}
    rows = []
    for lens in LENSES:
        for criterion, entry in payload[lens].items():
            a = entry["all_tiers_hold"]
            lo, hi = inward_interval(a["low"], a["high"])
            below, above = a["first_to_change_below"], a["first_to_change_above"]
            rows.append((lens_name(lens, lang), criterion_name(criterion, lang, s.rank.case.criteria),
                         f"{entry['weight']:.3f}", f"{lo}–{hi}",
                         f"{names[below]} (< {lo})" if below else "—", f"{names[above]} (> {hi})" if above else "—"))
    return [subhead(label("smaa.stability", lang)), para(label("brief.sens.stability", lang), "small"),
            Table((label("col.lens", lang), label("col.criterion", lang), label("col.weight", lang),
                   label("smaa.all_hold", lang), label("smaa.first_below", lang), label("smaa.first_above", lang)),
                  tuple(rows), (0.13, 0.15, 0.09, 0.15, 0.24, 0.24), (False, False, True, True, False, False))]


# ---- evidence -----------------------------------------------------------------------------------

def _kind(v) -> str:
    if v.estimate:
        return "estimated"
    if v.source is not None:
        return "quoted" if v.quote is not None else "sourced"
    return "unsourced"


def evidence_counts(result) -> dict[str, dict[str, int]]:
    """Per criterion: the values it reads, and how many are quoted, sourced without a quote,
    estimated, or unsourced."""
    out = {}
    for criterion in result.case.criteria:
        tally = {"values": 0, "quoted": 0, "sourced": 0, "estimated": 0, "unsourced": 0}
        for m in result.case.materials:
            for name in used_indicators(m, criterion):
                tally["values"] += 1
                tally[_kind(m.indicators[name])] += 1
        out[criterion.id] = tally
    return out


def evidence_text(v, case, lang: str) -> str:
    parts = []
    if v.estimate:
        parts.append(label("brief.evidence.estimate", lang).format(range=value_text(v),
                                                                  basis=" ".join((v.basis or "").split())))
    if v.source is not None:
        quote = f" “{v.quote}”" if v.quote else ""
        parts.append(f"[{v.source}]{quote}")
    if not parts:
        parts.append(label("brief.evidence.unsourced", lang))
    return " ".join(parts)


def evidence_section(data: BriefData, lang: str) -> Section:
    r = data.rank
    counts = evidence_counts(r)
    kinds = ("quoted", "sourced", "estimated", "unsourced")
    share = tuple((criterion_name(c, lang, r.case.criteria), str(t["values"]))
                  + tuple(_pct(t[k], t["values"]) for k in kinds) for c, t in counts.items())
    inputs = []
    for i in r.order:
        m = r.case.materials[i]
        used = [n for c in r.case.criteria for n in used_indicators(m, c)]
        for n in dict.fromkeys(used):
            v = m.indicators[n]
            inputs.append((m.name(lang), indicator_name(n, lang), number(v.value) + unit_text(v),
                           evidence_text(v, r.case, lang)))
    sources = tuple((s.id, s.citation, s.document or "—") for s in r.case.sources.values())
    blocks = [para(label("brief.evidence.intro", lang)),
              Table((label("col.criterion", lang), label("brief.evidence.values", lang))
                    + tuple(label(f"brief.evidence.{k}", lang) for k in kinds), share,
                    (0.24, 0.1, 0.165, 0.165, 0.165, 0.165), (False,) + (True,) * 5),
              subhead(label("brief.evidence.inputs", lang)),
              Table((label("col.material", lang), label("col.indicator", lang), label("col.value", lang),
                     label("brief.evidence.col", lang)), tuple(inputs), (0.18, 0.17, 0.1, 0.55),
                    (False, False, True, False), small=True),
              subhead(label("brief.evidence.sources", lang)),
              Table((label("col.id", lang), label("brief.evidence.citation", lang),
                     label("brief.evidence.document", lang)), sources, (0.12, 0.6, 0.28), small=True)]
    return Section("evidence", label("brief.evidence.heading", lang), tuple(blocks), new_page=True)


# ---- baseline, provenance -----------------------------------------------------------------------

def _cell(v) -> str:
    return f"{v:.4f}" if isinstance(v, float) else ("—" if v is None else str(v))


def baseline_section(data: BriefData, lang: str) -> Section:
    c = data.comparison
    blocks: list = [para(line) for line in compare_report.head_lines(c, lang)]
    for part in compare_report.sections(c, lang):
        blocks.append(subhead(part.title))
        if part.rows:
            n = len(part.headers)
            blocks.append(Table(tuple(part.headers), tuple(tuple(_cell(v) for v in row) for row in part.rows),
                                (1.0,) * n, tuple(isinstance(v, (int, float)) for v in part.rows[0]), small=True))
        blocks += [para(note, "small") for note in part.notes]
    return Section("baseline", label("brief.baseline.heading", lang), tuple(blocks), new_page=True)


def _file(name: str | None, sha256: str | None) -> str:
    return f"{name.rsplit('/', 1)[-1]} ({sha256})" if name else "—"


def provenance_rows(data: BriefData, lang: str) -> list[tuple[str, str]]:
    r, s = data.rank, data.sensitivity
    prov = r.provenance()
    t = r.thresholds
    limits = label("brief.sep", lang).join(
        label("summary.threshold", lang).format(lens=label(f"summary.lens.{lens}", lang), t=getattr(t, lens))
        for lens in LENSES) + f" ({label('summary.split.' + t.split, lang)})"
    rows = [("engine", prov["engine"]), ("case", _file(prov["case_file"], prov["case_hash"])),
            ("weights", _file(prov.get("weights_file"), prov.get("weights_hash"))),
            ("panel", _file(data.panel.path, data.panel.sha256) if data.panel else "—"),
            ("baseline", _file(*data.baseline) if data.baseline else "—"),
            ("ahp", label(f"brief.ahp.{r.options.method}", lang)),
            ("ri", label("brief.ri.alonso", lang) if r.options.ri_table == ALONSO_LAMATA
             else f"{r.options.ri_table}: " + ", ".join(f"{n} {v:.2f}" for n, v in RI_TABLES[r.options.ri_table].items())),
            ("cr", f"{r.options.cr_threshold:.2f}"),
            ("normalization", label(f"compare.normalization.{r.options.normalization}", lang)),
            ("ranking", r.ranking.upper() + (" (v = 0.5)" if r.ranking == "vikor" else "")),
            ("ties", label("brief.prov.ties.value", lang)), ("thresholds", limits),
            ("mix", f"{r.options.policy_mix:g}"), ("samples", f"{s.smaa.samples:,}"), ("seed", str(s.smaa.seed)),
            ("sampling", sensitivity_intro(data, lang)), ("stability", label("brief.sens.stability", lang)),
            ("command", data.command)]
    return [(label(f"brief.prov.{key}", lang), value) for key, value in rows]


def provenance_section(data: BriefData, lang: str) -> Section:
    r = data.rank
    blocks: list = [Table((label("brief.prov.key", lang), label("brief.prov.value", lang)),
                          tuple(provenance_rows(data, lang)), (0.25, 0.75), small=True)]
    extra = [(label("heading.warnings", lang), r.warnings), (label("heading.notes", lang),
                                                             tuple(r.notes) + tuple(data.sensitivity.notes))]
    for heading, texts in extra:
        if texts:
            blocks.append(subhead(heading))
            blocks += [Paragraph((Run(text),), "small") for text in texts]
    return Section("provenance", label("brief.prov.heading", lang), tuple(blocks), new_page=True)


__all__ = ["weights_section", "sensitivity_section", "evidence_section", "baseline_section", "provenance_section",
           "evidence_counts", "sensitivity_intro"]
