"""What a reader of a ranking must keep in mind, in the output's language: who or what the
weights rest on (illustrative, a panel of n, explicit), a lens whose judgments are
inconsistent, judgments completed by Harker's method, and, when tier probabilities were
computed, how many tiers are borderline.

One home for these sentences: the table, Markdown, CSV, the workbooks and the chart's
caption all print :func:`rank_caveats`, so a caveat cannot be lost on the way to a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matrank.labels import label
from matrank.model import LENSES

if TYPE_CHECKING:
    from matrank.results import RankResult

#: P(tier) below this marks a tier as borderline (the brief uses the same limit).
BORDERLINE = 0.67
#: The mark put beside a borderline tier.
BORDERLINE_MARK = "†"


def criterion_name(result: "RankResult", criterion: str, lang: str) -> str:
    return result.case.criteria.get(criterion).name(lang)


def weights_basis(result: "RankResult", lens: str, lang: str) -> str:
    """"government lens: illustrative — <basis>" or "…: a panel of 9 experts — <basis>"."""
    lr = result.lenses[lens]
    experts = len(result.case.weights[lens].expert_weights)
    if experts:
        kind = label("caveat.basis.panel", lang).format(n=experts)
    elif "illustrat" in lr.basis.lower() or "示意" in lr.basis:
        kind = label("caveat.basis.illustrative", lang)
    elif lr.origin != "case":
        kind = label("caveat.basis.weights_file", lang)
    elif lr.source == "explicit":
        kind = label("caveat.basis.explicit", lang)
    else:
        kind = label("caveat.basis.judgments", lang)
    text = label("caveat.basis", lang).format(lens=label(f"lens.{lens}", lang), kind=kind)
    # the case's own words, where a reader of this language can read them
    if lr.basis and (lang != "zh" or any("\u4e00" <= ch <= "\u9fff" for ch in lr.basis)):
        text += label("caveat.basis.quoted", lang).format(basis=lr.basis)
    return text


def borderline(result: "RankResult") -> list[int]:
    """Materials whose tier holds with probability below :data:`BORDERLINE` (none without
    probabilities)."""
    if result.confidence is None:
        return []
    return [i for i in result.order if result.confidence[i] < BORDERLINE]


def rank_caveats(result: "RankResult", lang: str = "en") -> list[str]:
    """The caveats of a ranking, most important first."""
    out = [weights_basis(result, lens, lang) for lens in LENSES]
    for lens in LENSES:
        lr = result.lenses[lens]
        if lr.consistent is False:
            out.append(label("caveat.inconsistent", lang).format(
                lens=label(f"lens.{lens}", lang), cr=lr.cr, threshold=result.options.cr_threshold))
        if lr.ahp is not None and lr.ahp.completed:
            pairs = label("caveat.list_separator", lang).join(
                f"{criterion_name(result, c.a, lang)} : {criterion_name(result, c.b, lang)} = {c.value:.3g}"
                for c in lr.ahp.completed)
            out.append(label("caveat.completed", lang).format(lens=label(f"lens.{lens}", lang),
                                                              n=len(lr.ahp.completed), pairs=pairs))
    shaky = borderline(result)
    if shaky:
        out.append(label("caveat.borderline", lang).format(n=len(shaky), limit=BORDERLINE, mark=BORDERLINE_MARK,
                                                           samples=result.confidence_samples or 0))
    return out


def tier_text(result: "RankResult", i: int, lang: str) -> str:
    """The tier's name, marked when borderline."""
    text = label(f"tier.{result.tier(i)}", lang)
    if result.confidence is not None and result.confidence[i] < BORDERLINE:
        text += f" {BORDERLINE_MARK}"
    return text


__all__ = ["BORDERLINE", "BORDERLINE_MARK", "rank_caveats", "weights_basis", "borderline", "tier_text",
           "criterion_name"]
