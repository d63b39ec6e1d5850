"""The government-vs-market quadrant chart: thresholds, four shaded tiers, every material labelled."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from matrank.api import RankResult
from matrank.errors import OutputError
from matrank.labels import label
from matrank.mcda.tiers import TIERS

PLOT_SUFFIXES = (".png", ".svg")
TIER_COLOURS = {"joint": "#d95f02", "government-led": "#7570b3", "market-led": "#1b9e77",
                "monitor": "#999999"}
CJK_FONTS = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei"]


def _label_offsets(x: np.ndarray, y: np.ndarray) -> list[tuple[float, float]]:
    """Nudge labels of crowded neighbours apart: alternate sides and heights (points)."""
    offsets = []
    order = np.lexsort((y, x))
    placed: list[tuple[float, float, int]] = []
    for k in order:
        crowd = sum(1 for (px, py, _) in placed if abs(px - x[k]) < 0.04 and abs(py - y[k]) < 0.03)
        side = 1 if crowd % 2 == 0 else -1
        offsets.append((k, (5 * side, 3 + 7 * (crowd // 2) * (1 if crowd % 4 < 2 else -1))))
        placed.append((x[k], y[k], k))
    out = [(0.0, 0.0)] * len(x)
    for k, off in offsets:
        out[k] = off
    return out


def draw_quadrant(result: RankResult, path: str | Path, lang: str = "en", *, force: bool = False,
                  inputs=()) -> Path:
    path = Path(path)
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise OutputError(f"{path}: the chart is written as PNG or SVG; name the file .png or .svg")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from matrank.reports.files import write_atomic

    available = {f.name for f in font_manager.fontManager.ttflist}
    family = [f for f in CJK_FONTS if f in available] + ["DejaVu Sans"]
    plt.rcParams["font.family"] = family
    plt.rcParams["svg.hashsalt"] = "matrank"  # reproducible SVG ids
    x = result.lenses["market"].topsis.closeness
    y = result.lenses["government"].topsis.closeness
    tg, tm = result.thresholds.government, result.thresholds.market
    fig, ax = plt.subplots(figsize=(11, 8.5), dpi=110)
    lo_x, hi_x = min(0.0, float(x.min()) - 0.02), max(1.0, float(x.max()) + 0.02)
    lo_y, hi_y = min(0.0, float(y.min()) - 0.02), max(1.0, float(y.max()) + 0.02)
    quadrants = {"joint": (tm, hi_x, tg, hi_y), "government-led": (lo_x, tm, tg, hi_y),
                 "market-led": (tm, hi_x, lo_y, tg), "monitor": (lo_x, tm, lo_y, tg)}
    for tier, (x0, x1, y0, y1) in quadrants.items():
        ax.fill_between([x0, x1], y0, y1, color=TIER_COLOURS[tier], alpha=0.08, lw=0)
        ax.text(x0 + 0.01 if tier in ("government-led", "monitor") else x1 - 0.01,
                y1 - 0.015 if tier in ("joint", "government-led") else y0 + 0.015,
                label(f"tier.{tier}", lang), ha="left" if tier in ("government-led", "monitor") else "right",
                va="top" if tier in ("joint", "government-led") else "bottom",
                fontsize=13, weight="bold", color=TIER_COLOURS[tier], alpha=0.9)
    ax.axvline(tm, color="#444", lw=1, ls="--")
    ax.axhline(tg, color="#444", lw=1, ls="--")
    colours = [TIER_COLOURS[TIERS[int(c)]] for c in result.tiers]
    ax.scatter(x, y, c=colours, s=28, zorder=3, edgecolors="white", linewidths=0.5)
    for k, (dx, dy) in enumerate(_label_offsets(x, y)):
        ax.annotate(result.case.materials[k].name(lang) if lang == "zh" else result.case.materials[k].id,
                    (x[k], y[k]), xytext=(dx, dy), textcoords="offset points", fontsize=7,
                    ha="left" if dx >= 0 else "right", va="bottom", zorder=4)
    ax.set_xlim(lo_x, hi_x)
    ax.set_ylim(lo_y, hi_y)
    ax.set_xlabel(f"{label('lens.market', lang)} — TOPSIS closeness")
    ax.set_ylabel(f"{label('lens.government', lang)} — TOPSIS closeness")
    ax.set_title(f"{result.case.title_text(lang)} ({result.thresholds.split} split: "
                 f"gov {tg:.2f}, market {tm:.2f})", fontsize=11)
    ax.grid(alpha=0.2)
    fig.tight_layout()
    fmt = path.suffix.lower().lstrip(".")
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    try:
        return write_atomic(path, lambda p: fig.savefig(p, format=fmt, metadata=metadata),
                            force=force, inputs=inputs)
    finally:
        plt.close(fig)
