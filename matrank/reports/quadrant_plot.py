"""The government-vs-market quadrant chart: thresholds, four shaded tiers, every material labelled."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from matrank.errors import OutputError
from matrank.labels import label
from matrank.model import TIERS
from matrank.reports.files import write_atomic
from matrank.reports.render import display_width
from matrank.results import RankResult

PLOT_SUFFIXES = (".png", ".svg")
TIER_COLOURS = {"joint": "#d95f02", "government-led": "#7570b3", "market-led": "#1b9e77",
                "monitor": "#999999"}
CJK_FONTS = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei"]
CJK_FILE_HINTS = ("wqy-microhei", "notosanscjk", "sourcehansans", "simhei")


LABEL_FONT_SIZE = 7
#: Candidate label offsets, nearest first: radii (pixels) × directions.
_RADII = (7, 16, 28, 42, 60, 80)
_DIRECTIONS = ((1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1), (0.3, 1.4), (-0.3, -1.4))


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place_labels(xy_px: np.ndarray, texts: list[str], bounds, dpi: float) -> list[tuple[float, float]]:
    """Greedy label placement in pixel space: for each point, the nearest candidate
    offset whose text box overlaps the fewest other labels and points.

    Returns offsets in points (for ``annotate(textcoords="offset points")``).
    """
    char_w = LABEL_FONT_SIZE * 0.56 * dpi / 72  # a CJK character counts as two
    height = LABEL_FONT_SIZE * 1.25 * dpi / 72
    point_boxes = [(x - 3, y - 3, x + 3, y + 3) for x, y in xy_px]
    placed: list[tuple[float, float, float, float]] = []
    offsets = [(0.0, 0.0)] * len(texts)
    order = np.lexsort((xy_px[:, 0], -xy_px[:, 1]))
    for k in order:
        x, y = xy_px[k]
        width = char_w * display_width(texts[k])
        best = None
        for rank_r, r in enumerate(_RADII):
            for ux, uy in _DIRECTIONS:
                dx, dy = ux * r, uy * r * 0.6
                x0 = x + dx if dx >= 0 else x + dx - width
                box = (x0, y + dy - height / 2, x0 + width, y + dy + height / 2)
                cost = sum(_overlap(box, b) for b in placed) * 4
                cost += sum(_overlap(box, b) for j, b in enumerate(point_boxes) if j != k)
                if box[0] < bounds[0] or box[2] > bounds[2] or box[1] < bounds[1] or box[3] > bounds[3]:
                    cost += 1e5
                cost += rank_r * 3.0
                if best is None or cost < best[0]:
                    best = (cost, dx, dy, box)
            if best[0] < (rank_r + 1) * 3.0:
                break
        _, dx, dy, box = best
        placed.append(box)
        offsets[k] = (dx * 72 / dpi, dy * 72 / dpi)
    return offsets


def check_plot_path(path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise OutputError(f"{path}: the chart is written as PNG or SVG; name the file .png or .svg")
    return path


def _cjk_fonts(font_manager) -> list[str]:
    """The CJK families matplotlib can use. A font installed after matplotlib built its
    font cache is not in it: look for the usual files on the system and add them."""
    available = {f.name for f in font_manager.fontManager.ttflist}
    if not any(f in available for f in CJK_FONTS):
        for path in font_manager.findSystemFonts():
            if any(hint in Path(path).name.lower() for hint in CJK_FILE_HINTS):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        available = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in CJK_FONTS if f in available]


def _quadrants(ax, result: RankResult, x: np.ndarray, y: np.ndarray, lang: str) -> None:
    """The four shaded tiers, the threshold lines, the dots, the axes and the title."""
    tg, tm = result.thresholds.government, result.thresholds.market
    lo_x, hi_x = min(0.0, float(x.min()) - 0.02), max(1.0, float(x.max()) + 0.02)
    lo_y, hi_y = min(0.0, float(y.min()) - 0.02), max(1.0, float(y.max()) + 0.02)
    quadrants = {"joint": (tm, hi_x, tg, hi_y), "government-led": (lo_x, tm, tg, hi_y),
                 "market-led": (tm, hi_x, lo_y, tg), "monitor": (lo_x, tm, lo_y, tg)}
    for tier, (x0, x1, y0, y1) in quadrants.items():
        left = tier in ("government-led", "monitor")
        top = tier in ("joint", "government-led")
        ax.fill_between([x0, x1], y0, y1, color=TIER_COLOURS[tier], alpha=0.08, lw=0)
        ax.text(x0 + 0.01 if left else x1 - 0.01, y1 - 0.015 if top else y0 + 0.015,
                label(f"tier.{tier}", lang), ha="left" if left else "right", va="top" if top else "bottom",
                fontsize=14, color=TIER_COLOURS[tier], alpha=0.9)
    ax.axvline(tm, color="#444", lw=1, ls="--")
    ax.axhline(tg, color="#444", lw=1, ls="--")
    ax.scatter(x, y, c=[TIER_COLOURS[TIERS[int(c)]] for c in result.tiers], s=28, zorder=3,
               edgecolors="white", linewidths=0.5)
    ax.set_xlim(lo_x, hi_x)
    ax.set_ylim(lo_y, hi_y)
    score = label(f"method.{result.ranking}.score", lang)
    ax.set_xlabel(f"{label('lens.market', lang)} — {score}")
    ax.set_ylabel(f"{label('lens.government', lang)} — {score}")
    ax.set_title(f"{result.case.title_text(lang)} ({result.thresholds.split} split: "
                 f"gov {tg:.2f}, market {tm:.2f})", fontsize=11)
    ax.grid(alpha=0.2)


def _label_points(ax, fig, result: RankResult, x: np.ndarray, y: np.ndarray, lang: str) -> None:
    texts = [m.name(lang) if lang == "zh" else m.id for m in result.case.materials]
    xy_px = ax.transData.transform(np.column_stack([x, y]))
    bbox = ax.get_window_extent()
    offsets = place_labels(xy_px, texts, (bbox.x0, bbox.y0, bbox.x1, bbox.y1), fig.dpi)
    for k, (dx, dy) in enumerate(offsets):
        far = (dx * dx + dy * dy) ** 0.5 > 9
        ax.annotate(texts[k], (x[k], y[k]), xytext=(dx, dy), textcoords="offset points",
                    fontsize=LABEL_FONT_SIZE, ha="left" if dx >= 0 else "right", va="center", zorder=4,
                    arrowprops={"arrowstyle": "-", "color": "#888", "lw": 0.5} if far else None)


def draw_quadrant(result: RankResult, path: str | Path, lang: str = "en", *, force: bool = False,
                  inputs=(), warn: Callable[[str], None] | None = None) -> Path:
    path = check_plot_path(path)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager


    family = _cjk_fonts(font_manager)
    if not family and lang != "en":   # English charts label points by id: ASCII only
        import warnings
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        if warn is not None:
            warn("no Chinese font found: Chinese labels in the chart show as boxes. "
                 "Install one (e.g. apt-get install fonts-wqy-microhei), or draw it with --lang en")
    plt.rcParams["font.family"] = family + ["DejaVu Sans"]
    plt.rcParams["svg.hashsalt"] = "matrank"  # reproducible SVG ids
    x = result.lenses["market"].score
    y = result.lenses["government"].score
    fig, ax = plt.subplots(figsize=(11, 8.5), dpi=110)
    _quadrants(ax, result, x, y, lang)
    fig.tight_layout()
    _label_points(ax, fig, result, x, y, lang)
    fmt = path.suffix.lower().lstrip(".")
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    try:
        return write_atomic(path, lambda p: fig.savefig(p, format=fmt, metadata=metadata),
                            force=force, inputs=inputs)
    finally:
        plt.close(fig)
