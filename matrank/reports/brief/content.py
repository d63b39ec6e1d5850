"""The brief's content, assembled once in one language: page 1 (the answer), what would change
it, then the working (:mod:`matrank.reports.brief.content_detail`). Every word comes from
:mod:`matrank.labels`; every number is formatted here, so the writers only lay it out.
"""

from __future__ import annotations

import numpy as np

from matrank import __version__
from matrank.labels import label
from matrank.model import LENSES, TIERS
from matrank.reports.brief.content_detail import (baseline_section, evidence_counts, evidence_section,
                                                  provenance_section, sensitivity_section, weights_section)
from matrank.reports.brief.data import BriefData
from matrank.reports.brief.figures import QUADRANT
from matrank.reports.brief.flips import Flips, ValueFlip, WeightFlip, flips
from matrank.reports.brief.model import Brief, Figure, Paragraph, Run, Section, Table, para
from matrank.reports.brief.words import criterion_name, indicator_name, lens_name, number, tier_name, value_text
from matrank.reports.caveats import BORDERLINE
from matrank.reports.quadrant_plot import TIER_COLOURS

#: A material whose tier holds in fewer samples than BORDERLINE (the one limit every report
#: uses) is borderline: shown marked with MARK, and explained under "What would change this".
MARK = "*"
#: Share of the text width the quadrant chart takes on page 1: what leaves room for the tiers.
QUADRANT_WIDTH = 0.86
#: Share of the text width the tier names take in page 1's table.
TIER_COLUMN = 0.16


def borderline(data: BriefData) -> list[int]:
    """Borderline materials in rank order."""
    s = data.sensitivity
    return [int(i) for i in s.rank.order if s.confidence[i] < BORDERLINE]


def build(data: BriefData, lang: str) -> Brief:
    """The whole brief in ``lang``."""
    r = data.rank
    title = label("brief.title", lang).format(title=r.case.title_text(lang))
    sections = [what_if_section(data, lang), weights_section(data, lang),
                sensitivity_section(data, lang, BORDERLINE), evidence_section(data, lang)]
    if data.comparison is not None:
        sections.append(baseline_section(data, lang))
    sections.append(provenance_section(data, lang))
    footer = f"matrank {__version__} · {r.case.id} · {data.date}"
    return Brief(lang, title, tuple(answer_blocks(data, lang)), tuple(sections), data.date,
                 subject=r.case.title_text(lang), footer=footer)


# ---- page 1 --------------------------------------------------------------------------------

def answer_blocks(data: BriefData, lang: str) -> list:
    r = data.rank
    meta = label("brief.meta", lang).format(id=r.case.id, n=len(r.case.materials), date=data.date)
    blocks: list = [para(meta, "lead"), who_weighted(data, lang)]
    # the chart carries its own title and caption: none under it, page 1 has no room to spare
    blocks.append(Figure(QUADRANT, (r, lang), "", QUADRANT_WIDTH,
                         alt=label("chart.title", lang).format(title=r.case.title_text(lang))))
    blocks.append(tier_table(data, lang))
    err = 1.96 * np.sqrt(0.25 / data.sensitivity.smaa.samples)
    blocks.append(para(label("brief.legend", lang).format(samples=f"{data.sensitivity.smaa.samples:,}", err=err,
                                                          mark=MARK, limit=BORDERLINE), "small"))
    blocks.append(Paragraph(tuple([Run(label("brief.caveat.heading", lang) + " ", bold=True)]
                                  + [Run(text + " ") for text in caveats(data, lang)]), "caveat"))
    return blocks


def who_weighted(data: BriefData, lang: str) -> Paragraph:
    runs = [Run(label("brief.who", lang) + " ", bold=True)]
    parts = [lens_weighted(data, lens, lang) for lens in LENSES]
    if parts[0].split(label("brief.colon", lang), 1)[-1] == parts[1].split(label("brief.colon", lang), 1)[-1]:
        parts = [label("brief.who.both", lang).format(what=parts[0].split(label("brief.colon", lang), 1)[-1])]
    runs.append(Run(label("brief.sep", lang).join(parts)))
    return Paragraph(tuple(runs), "body")


def panel_backed(data: BriefData, lens: str) -> bool:
    """Whether a lens's weights are an expert panel's (else they are illustrative)."""
    spec = data.rank.case.weights[lens]
    return bool(spec.expert_weights) or (data.panel is not None and lens in data.panel.lenses)


def lens_weighted(data: BriefData, lens: str, lang: str) -> str:
    name = lens_name(lens, lang)
    colon = label("brief.colon", lang)
    panel = data.panel.lenses.get(lens) if data.panel is not None else None
    if panel is not None:
        return name + colon + label("brief.who.panel", lang).format(
            used=panel.used, excluded=panel.excluded, rejected=panel.rejected, s=panel.consensus,
            band=label(f"brief.band.{panel.band.replace(' ', '_')}", lang))
    spec = data.rank.case.weights[lens]
    if spec.expert_weights:
        return name + colon + label("brief.who.panel_file", lang).format(n=len(spec.expert_weights))
    if spec.origin != "case":
        return name + colon + label("brief.who.file", lang)
    return name + colon + label("brief.who.illustrative", lang)


def tier_table(data: BriefData, lang: str) -> Table:
    """Per tier its materials in rank order with P(tier), borderline ones marked, then the tier's
    instruments under them at full width (a column of their own would take a third of the page)."""
    r, s = data.rank, data.sensitivity
    rows = []
    for k, tier in enumerate(TIERS):
        members = [i for i in r.order if int(r.tiers[i]) == k]
        head = (Run(f"{tier_name(tier, lang)} ({len(members)})", bold=True, colour=TIER_COLOURS[tier]),)
        items: list[Run] = []
        for n, i in enumerate(members):
            p = float(s.confidence[i])
            shaky = p < BORDERLINE
            sep = label("brief.list_sep", lang) if n else ""
            items.append(Run(sep + r.case.materials[i].name(lang) + " "))
            items.append(Run(f"{p:.2f}" + (MARK if shaky else ""), bold=shaky))
        if not items:
            items.append(Run(label("brief.none", lang)))
        items.append(Run("\n" + label("brief.instruments", lang) + label(f"tier.{tier}.instruments", lang),
                         italic=True))
        rows.append((head, tuple(items)))
    return Table((label("brief.tiers.col.tier", lang), label("brief.tiers.col.materials", lang)), tuple(rows),
                 (TIER_COLUMN, 1.0 - TIER_COLUMN))


def caveats(data: BriefData, lang: str) -> list[str]:
    """What a reader must keep in mind, in order of weight."""
    r, s = data.rank, data.sensitivity
    out = []
    illustrative = [lens for lens in LENSES if not panel_backed(data, lens)]
    if illustrative:
        out.append(label("brief.caveat.illustrative", lang).format(
            lenses=label("brief.and", lang).join(lens_name(lens, lang) for lens in illustrative)))
    for lens in LENSES:
        lr = r.lenses[lens]
        if lr.consistent is False:
            out.append(label("brief.caveat.inconsistent", lang).format(lens=lens_name(lens, lang), cr=lr.cr,
                                                                       threshold=r.options.cr_threshold))
    counts = evidence_counts(r)
    total = sum(c["values"] for c in counts.values())
    estimated = sum(c["estimated"] for c in counts.values())
    quoted = sum(c["quoted"] for c in counts.values())
    if estimated:
        out.append(label("brief.caveat.estimates", lang).format(estimated=estimated, values=total, quoted=quoted))
    n = len(borderline(data))
    if n:
        out.append(label("brief.caveat.borderline", lang).format(n=n, limit=BORDERLINE))
    if s.options.values == "fixed":
        key = "brief.caveat.weights_only" if not s.ranged_indicators and not r.matrix.has_ranges \
            else "brief.caveat.values_fixed"
        out.append(label(key, lang))
    if r.warnings:
        out.append(label("brief.caveat.warnings", lang).format(n=len(r.warnings)))
    return out


# ---- what would change this -----------------------------------------------------------------

def what_if_section(data: BriefData, lang: str) -> Section:
    r, s = data.rank, data.sensitivity
    shaky = borderline(data)
    blocks: list = [para(label("brief.whatif.intro", lang).format(limit=BORDERLINE))]
    if not shaky:
        blocks.append(para(label("brief.whatif.none", lang).format(limit=BORDERLINE)))
        return Section("what-if", label("brief.whatif.heading", lang), tuple(blocks), new_page=True)
    rows = []
    for i in shaky:
        f: Flips = flips(r, s.stability, i)
        m = r.case.materials[i]
        rows.append((m.name(lang), f"{tier_name(r.tier(i), lang)} {float(s.confidence[i]):.2f}",
                     weight_text(f.weight, lang), value_flip_text(f.value, r, i, lang)))
    blocks.append(Table((label("col.material", lang), label("brief.whatif.col.tier", lang),
                         label("brief.whatif.col.weight", lang), label("brief.whatif.col.value", lang)),
                        tuple(rows), (0.17, 0.13, 0.28, 0.42)))
    return Section("what-if", label("brief.whatif.heading", lang), tuple(blocks), new_page=True)


def weight_text(flip: WeightFlip | None, lang: str) -> str:
    if flip is None:
        return label("brief.whatif.weight_none", lang)
    return label("brief.whatif.weight", lang).format(
        lens=lens_name(flip.lens, lang), criterion=criterion_name(flip.criterion, lang), weight=flip.weight,
        side=label(f"brief.whatif.{flip.side}", lang), end=flip.end, tier=tier_name(flip.tier_after, lang))


def value_flip_text(flip: ValueFlip | None, result, i: int, lang: str) -> str:
    if flip is None:
        return label("brief.whatif.value_none", lang)
    v = flip.value
    scores = label("brief.whatif.scores", lang).format(
        g0=flip.scores_now[0], g1=flip.scores_after[0], m0=flip.scores_now[1], m1=flip.scores_after[1])
    if flip.tier_after != result.tier(i):
        outcome = label("brief.whatif.becomes", lang).format(tier=tier_name(flip.tier_after, lang))
    else:
        outcome = label("brief.whatif.stays", lang).format(share=min(flip.progress, 0.99))
    return label("brief.whatif.value", lang).format(
        indicator=indicator_name(flip.indicator, lang), end=number(flip.end), range=value_text(v),
        outcome=outcome, scores=scores, basis=v.basis or label("brief.none", lang))


__all__ = ["build", "borderline", "answer_blocks", "tier_table", "caveats", "what_if_section", "BORDERLINE", "MARK"]
