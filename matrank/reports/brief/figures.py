"""The brief's charts, drawn by matplotlib from a figure's data: SVG for the HTML brief, PNG at
:data:`DPI` for the Word file. The quadrant chart is :func:`quadrant_figure` of the chart
command; the others are drawn here, with the same CJK font search. SVG output is
reproducible (fixed hash salt, no date), so the same seed gives the same brief.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

import numpy as np

from matrank.reports.brief.model import Figure
from matrank.reports.quadrant_plot import pyplot_for, quadrant_figure

QUADRANT = "quadrant"
TIER_BARS = "tier-bars"
HEATMAP = "rank-heatmap"
#: Print resolution of the PNG figures in the Word file.
DPI = 200
#: The text width of an A4 page with the brief's margins, inches.
TEXT_WIDTH = 7.2
#: The materials' names in the quadrant chart, points as drawn: the chart is drawn A4 landscape
#: (11.7 in) and printed 6.2 in wide on page 1, so 9 pt prints at 4.8 pt (the stand-alone
#: chart's 7 pt printed at 3.7 pt there). At 10 pt the default case's 45 English names start to
#: touch and to be cut short.
QUADRANT_LABEL_SIZE = 9.0
ROW = 0.155               # inches per material in the bar chart and the heat map
NAME_FONT_SIZE = 6.5


@dataclass(frozen=True, eq=False)
class TierBars:
    """Tier probabilities per material (rows in rank order, columns in TIERS order)."""

    names: tuple[str, ...]
    probabilities: np.ndarray
    tiers: tuple[str, ...]
    colours: tuple[str, ...]
    axis: str
    lang: str
    #: P(tier) below this is borderline: a dotted line.
    borderline: float = 0.67


@dataclass(frozen=True, eq=False)
class Heatmap:
    """Rank acceptability: rows are materials in rank order, column r the share of samples at rank r + 1."""

    names: tuple[str, ...]
    shares: np.ndarray
    axis: str
    lang: str


def _tier_bars(plt, bars: TierBars):
    n = len(bars.names)
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH, ROW * n + 1.1), dpi=DPI)
    y = np.arange(n)
    left = np.zeros(n)
    for k, (tier, colour) in enumerate(zip(bars.tiers, bars.colours)):
        ax.barh(y, bars.probabilities[:, k], left=left, color=colour, height=0.8, label=tier, lw=0)
        left += bars.probabilities[:, k]
    ax.set_yticks(y, bars.names, fontsize=NAME_FONT_SIZE)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel(bars.axis, fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.axvline(bars.borderline, color="#333", lw=0.6, ls=":")
    ax.legend(ncol=4, fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    fig.tight_layout(pad=0.4)
    return fig


def _heatmap(plt, heat: Heatmap):
    n = len(heat.names)
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH, ROW * n + 1.0), dpi=DPI)
    ranks = np.arange(1, heat.shares.shape[1] + 1)
    mesh = ax.pcolormesh(np.arange(heat.shares.shape[1] + 1) + 0.5, np.arange(n + 1) - 0.5, heat.shares,
                         cmap="Blues", vmin=0, vmax=1, shading="flat")
    ax.set_yticks(np.arange(n), heat.names, fontsize=NAME_FONT_SIZE)
    ax.set_ylim(n - 0.5, -0.5)
    step = max(1, len(ranks) // 15)
    ax.set_xticks(ranks[::step])
    ax.tick_params(axis="x", labelsize=7)
    ax.set_xlabel(heat.axis, fontsize=8)
    ax.plot(np.arange(1, n + 1), np.arange(n), ls="none", marker="s", ms=1.2, color="#d95f02")
    fig.colorbar(mesh, ax=ax, fraction=0.03, pad=0.02).ax.tick_params(labelsize=7)
    fig.tight_layout(pad=0.4)
    return fig


def _draw(figure: Figure, warn: Callable[[str], None] | None):
    if figure.kind == QUADRANT:
        result, lang = figure.data
        return quadrant_figure(result, lang, warn, label_size=QUADRANT_LABEL_SIZE)
    drawers = {TIER_BARS: _tier_bars, HEATMAP: _heatmap}
    plt, rc = pyplot_for(figure.data.lang, warn)
    with plt.rc_context(rc):
        return drawers[figure.kind](plt, figure.data)


def render(figure: Figure, fmt: str, warn: Callable[[str], None] | None = None) -> bytes:
    """The figure as SVG text (UTF-8) or PNG bytes at :data:`DPI`."""
    import matplotlib.pyplot as plt

    fig = _draw(figure, warn)
    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    try:
        with plt.rc_context({"svg.hashsalt": "matrank", "svg.fonttype": "path"}):
            fig.savefig(out, format=fmt, dpi=DPI, metadata=metadata)
    finally:
        plt.close(fig)
    return out.getvalue()


__all__ = ["QUADRANT", "TIER_BARS", "HEATMAP", "TierBars", "Heatmap", "render", "DPI"]
