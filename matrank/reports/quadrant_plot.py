"""The government-vs-market quadrant chart: thresholds, four shaded tiers, every material
labelled by its name, and a caption with what the chart rests on.

The chart is A4 landscape (it goes into printed briefs); PNG at :data:`DPI`. Labels are placed
in pixel space from their measured sizes: each stays inside its dot's quadrant and clear of
every other label, dot and tier name (a leader line joins a label set apart from its dot).
Placement is a fixed greedy order over a fixed grid of candidates: the same input gives the
same chart, and SVG output the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import numpy as np

from matrank.errors import OutputError
from matrank.reports.caveats import rank_caveats
from matrank.labels import label
from matrank.model import TIERS
from matrank.reports.files import write_atomic
from matrank.reports.render import display_width
from matrank.results import RankResult

PLOT_SUFFIXES = (".png", ".svg")
TIER_COLOURS = {"joint": "#d95f02", "government-led": "#7570b3", "market-led": "#1b9e77",
                "monitor": "#999999"}
#: Tried in this order: Windows, macOS, then the free families of Linux distributions.
CJK_FONTS = ["Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "SimHei"]
#: Lower-case fragments of their file names (msyh.ttc, PingFang.ttc, NotoSansCJK-Regular.ttc,
#: NotoSansSC-Regular.otf, SourceHanSansSC-Regular.otf, wqy-microhei.ttc, simhei.ttf).
CJK_FILE_HINTS = ("msyh", "pingfang", "notosanscjk", "notosanssc", "sourcehansans", "wqy-microhei",
                  "simhei")

FIGSIZE = (11.69, 8.27)   # A4 landscape, inches
DPI = 200
MARGINS = {"left": 0.07, "right": 0.985, "top": 0.94, "bottom": 0.2}
LABEL_FONT_SIZE = 7
CAPTION_FONT_SIZE = 8
DOT_SIZE = 28             # scatter marker area, points²
#: Widths in terminal columns (a CJK character counts two): the longest label on one line,
#: the longest line of a label on two, the shortest label cut with an ellipsis, the least
#: left of a name without its parentheses, and the longest basis of weights in the caption.
NAME_WIDTH = {"en": 40, "zh": 24}
WRAP_WIDTH = {"en": 30, "zh": 16}
MIN_WIDTH = {"en": 20, "zh": 12}
BARE_WIDTH = 8
BASIS_WIDTH = 140
#: What a way of showing a name costs, in pixels of leader line it is worth: per column cut
#: off with an ellipsis, for the ellipsis, per column of parentheses left out, for two lines.
SHORTEN_COST = 15.0
ELLIPSIS_COST = 60.0
PAREN_COST = 4.0
WRAP_COST = 30.0
#: After the first placement, rounds of placing each label again with the others fixed.
REFINE_ROUNDS = 1
_PARENS = re.compile(r"\s*[(（][^()（）]*[)）]")


# --------------------------------------------------------------------------- text

def _ellipsis(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns with an ellipsis, at a word's end where one is near."""
    if display_width(text) <= width:
        return text
    cut = ""
    for ch in text:
        if display_width(cut + ch) > width - 1:
            break
        cut += ch
    space = cut.rfind(" ")
    if space > len(cut) * 0.6 and text[len(cut)] != " ":
        cut = cut[:space]
    return cut.rstrip(" ,.;:-/(（") + "…"


def _bare(text: str) -> str:
    """The name without its parentheses, unless too little would be left."""
    bare = " ".join(_PARENS.sub("", text).split())
    return bare if display_width(bare) >= BARE_WIDTH else text


def short_name(text: str, width: int) -> str:
    """``text`` if it fits ``width`` columns; else without its parentheses; else cut with an ellipsis."""
    if display_width(text) <= width:
        return text
    return _ellipsis(_bare(text), width)


def _breakable(text: str, i: int) -> bool:
    """Whether a line may break before ``text[i]``: at a space; in a name without spaces,
    between characters but not inside a Latin word or number; never inside brackets."""
    before = text[:i]
    if sum(before.count(c) for c in "(（") > sum(before.count(c) for c in ")）"):
        return False
    if " " in text:
        return text[i] == " "
    a, b = text[i - 1], text[i]
    if a.isascii() and b.isascii() and a.isalnum() and b.isalnum():
        return False
    return a not in "(（/" and b not in ")）/，、"


def wrap_name(text: str, width: int) -> str | None:
    """``text`` on two lines of at most ``width`` columns, as even as they can be; None if it
    does not fit."""
    best = None
    for i in range(1, len(text)):
        if not _breakable(text, i):
            continue
        first, second = text[:i].rstrip(), text[i:].lstrip()
        longest = max(display_width(first), display_width(second))
        if first and second and longest <= width and (best is None or longest < best[0]):
            best = (longest, f"{first}\n{second}")
    return None if best is None else best[1]


def name_variants(name: str, width: int, wrap: int, shortest: int) -> list[tuple[str, float]]:
    """Ways to show a name, each with what it costs (in pixels of leader line it is worth):
    whole on one line, on two lines, without its parentheses, cut with an ellipsis."""
    bare = _bare(name)
    paren = PAREN_COST * (display_width(name) - display_width(bare))

    def cost(text: str) -> float:
        if not text.endswith("…"):
            return paren
        return paren + ELLIPSIS_COST + SHORTEN_COST * (display_width(bare) - display_width(text) + 1)

    out: dict[str, float] = {}
    if display_width(name) <= width:
        out[name] = 0.0
    if display_width(name) > shortest:
        for text in (name, bare, _ellipsis(bare, 2 * wrap - 2)):
            wrapped = wrap_name(text, wrap)
            if wrapped is not None:
                out.setdefault(wrapped, WRAP_COST + (0.0 if text == name else cost(text)))
                break
    for w in range(width, shortest - 1, -6):
        text = _ellipsis(bare, w)
        out.setdefault(text, cost(text))
    return list(out.items())


# --------------------------------------------------------------------------- label placement

def _hits(boxes: np.ndarray, others: np.ndarray, pad: float = 0.0) -> np.ndarray:
    """How many of ``others`` each of ``boxes`` overlaps (boxes are rows x0, y0, x1, y1)."""
    if not len(others) or not len(boxes):
        return np.zeros(len(boxes), dtype=int)
    b, o = boxes[:, None, :], others[None, :, :]
    return ((b[..., 0] < o[..., 2] + pad) & (b[..., 2] > o[..., 0] - pad)
            & (b[..., 1] < o[..., 3] + pad) & (b[..., 3] > o[..., 1] - pad)).sum(axis=1)


def _through(segments: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Whether each of ``segments`` (rows x0, y0, x1, y1) passes through each of ``boxes``
    (a slab test): an array of shape (segments, boxes)."""
    if not len(segments) or not len(boxes):
        return np.zeros((len(segments), len(boxes)), dtype=bool)
    start = segments[:, None, :2]
    step = segments[:, None, 2:] - start
    step = np.where(np.abs(step) < 1e-9, 1e-9, step)
    a = (boxes[None, :, :2] - start) / step
    b = (boxes[None, :, 2:] - start) / step
    enter = np.maximum(np.minimum(a, b).max(axis=2), 0.0)
    leave = np.minimum(np.maximum(a, b).min(axis=2), 1.0)
    return enter < leave


def _crossings(start: np.ndarray, ends: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """How many of ``segments`` (k×4) the segment start→end crosses, for each row of ``ends``."""
    if not len(segments) or not len(ends):
        return np.zeros(len(ends), dtype=int)

    def side(ax, ay, bx, by, cx, cy):
        return np.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax))

    px, py = start
    qx, qy = ends[:, 0:1], ends[:, 1:2]
    s = segments[None, :, :]
    d1 = side(s[..., 0], s[..., 1], s[..., 2], s[..., 3], px, py)
    d2 = side(s[..., 0], s[..., 1], s[..., 2], s[..., 3], qx, qy)
    d3 = side(px, py, qx, qy, s[..., 0], s[..., 1])
    d4 = side(px, py, qx, qy, s[..., 2], s[..., 3])
    return ((d1 * d2 < 0) & (d3 * d4 < 0)).sum(axis=1)


class LabelLayout:
    """Greedy placement of label boxes in pixel space.

    Dots, ``obstacles`` (tier names) and the other labels are hard limits; among the free
    candidates inside the label's region, the one nearest the dot wins, beside it rather than
    above or below, right rather than left; a leader line that passes through a label or a
    dot, or crosses another leader, costs extra, and so does a label over another's leader.
    """

    PAD = 2.0          # pixels kept free around every label
    STEP = (5.0, 4.0)  # candidate grid, pixels

    def __init__(self, dots: np.ndarray, dot_radius: float, obstacles: np.ndarray):
        self.dots = np.asarray(dots, dtype=float).reshape(-1, 2)
        self.gap = dot_radius + 3.0     # label beside its dot
        self.near = 1.5 * self.gap      # further off, a leader line joins them
        self.dot_boxes = np.column_stack([self.dots - dot_radius, self.dots + dot_radius])
        self.fixed = np.vstack([self.dot_boxes, np.asarray(obstacles, dtype=float).reshape(-1, 4)])
        #: label → (box, leader line or None)
        self.placed: dict[int, tuple[np.ndarray, np.ndarray | None]] = {}

    def _others(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The boxes and the leader lines of every placed label but ``k``."""
        keys = [j for j in self.placed if j != k]
        boxes = np.array([self.placed[j][0] for j in keys]).reshape(-1, 4)
        leaders = np.array([self.placed[j][1] for j in keys if self.placed[j][1] is not None]).reshape(-1, 4)
        return boxes, leaders

    def candidates(self, k: int, size: tuple[float, float], region) -> np.ndarray:
        """Boxes of ``size`` inside ``region`` on a grid aligned with the dot: just right of it,
        just left, above, below, and every step further off."""
        (x, y), (w, h), g = self.dots[k], size, self.gap
        sx, sy = self.STEP
        right = np.arange(x + g, region[2] - w + 1e-9, sx)
        left = np.arange(x - g - w, region[0] - 1e-9, -sx)
        middle = np.arange(x - w / 2 - sx * np.floor(w / 2 / sx), x + w / 2, sx)
        below = np.arange(y - h / 2, region[1] - 1e-9, -sy)
        above = np.arange(y - h / 2 + sy, region[3] - h + 1e-9, sy)
        gx, gy = np.meshgrid(np.concatenate([right, left, middle]),
                             np.concatenate([below, above, [y + g, y - g - h]]))
        boxes = np.column_stack([gx.ravel(), gy.ravel(), gx.ravel() + w, gy.ravel() + h])
        keep = ((boxes[:, 0] >= region[0]) & (boxes[:, 2] <= region[2])
                & (boxes[:, 1] >= region[1]) & (boxes[:, 3] <= region[3]))
        return boxes[keep]

    def _base(self, k: int, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each candidate's cost before its neighbours are looked at: the distance from the dot,
        more for a long leader line, more above or below than beside, more left than right;
        and where the leader line would end."""
        x, y = self.dots[k]
        ends = np.column_stack([np.clip(x, boxes[:, 0], boxes[:, 2]), np.clip(y, boxes[:, 1], boxes[:, 3])])
        dist = np.hypot(ends[:, 0] - x, ends[:, 1] - y)
        base = dist + 40.0 * (dist / 100.0) ** 2 + 10.0 * (dist > self.near)
        return base + 0.3 * np.abs((boxes[:, 1] + boxes[:, 3]) / 2 - y) + 3.0 * (boxes[:, 2] <= x), ends

    def _penalty(self, k: int, boxes: np.ndarray, ends: np.ndarray, others: np.ndarray, leaders: np.ndarray):
        """What the neighbours add: another dot as near the label as its own (it would read as that
        dot's label) or crowding it; a leader line through a label or a dot, or across another
        line; a label over another label's line."""
        own = np.hypot(*(ends - self.dots[k]).T)
        dots = np.delete(self.dots, k, axis=0)
        penalty = 600.0 * _through(leaders, boxes).sum(axis=0)
        if len(dots):
            gx = np.maximum(np.maximum(boxes[:, None, 0] - dots[None, :, 0], dots[None, :, 0] - boxes[:, None, 2]), 0)
            gy = np.maximum(np.maximum(boxes[:, None, 1] - dots[None, :, 1], dots[None, :, 1] - boxes[:, None, 3]), 0)
            near = np.hypot(gx, gy).min(axis=1)
            ambiguous = near < np.maximum(own + 4.0, 2.4 * self.gap)
            penalty += 250.0 * ambiguous + 4.0 * np.maximum(0.0, 3 * self.gap - near)
        far = own > self.near
        if far.any():
            lines = np.column_stack([np.repeat(self.dots[k:k + 1], far.sum(), axis=0), ends[far]])
            dot_boxes = np.delete(self.dot_boxes, k, axis=0) + np.array([-4.0, -4.0, 4.0, 4.0])
            penalty[far] += (600 * _through(lines, others).sum(axis=1) + 300 * _through(lines, dot_boxes).sum(axis=1)
                             + 250 * _crossings(self.dots[k], ends[far], leaders))
        return penalty

    def price(self, k: int, size: tuple[float, float], region, *, hard: bool = True, bound: float = np.inf):
        """Where label ``k`` would go, without placing it: (cost, box, leader line or None), or
        None when no free place costs less than ``bound``. Penalties only add to the base cost,
        so candidates are looked at in order of their base cost until the rest cannot win."""
        boxes = self.candidates(k, size, region)
        base, ends = self._base(k, boxes)
        others, leaders = self._others(k)
        order = np.argsort(base, kind="stable")
        best, best_cost = -1, bound
        for start in range(0, len(order), 512):
            chunk = order[start:start + 512]
            if base[chunk[0]] >= best_cost:
                break
            clash = _hits(boxes[chunk], self.fixed, self.PAD) + _hits(boxes[chunk], others, self.PAD)
            if hard:
                chunk, clash = chunk[clash == 0], clash[clash == 0]
                if not len(chunk):
                    continue
            cost = base[chunk] + 1e6 * clash + self._penalty(k, boxes[chunk], ends[chunk], others, leaders)
            j = int(np.argmin(cost))
            if cost[j] < best_cost:
                best, best_cost = int(chunk[j]), float(cost[j])
        if best < 0:
            return None
        leader = None
        if np.hypot(*(ends[best] - self.dots[k])) > self.near:
            leader = np.concatenate([self.dots[k], ends[best]])
        return best_cost, boxes[best], leader

    def place(self, k: int, size: tuple[float, float], region, *, hard: bool = True):
        """Place label ``k``: its box and leader line (or None); None when no free place is left."""
        self.placed.pop(k, None)
        priced = self.price(k, size, region, hard=hard)
        if priced is None:
            return None
        self.placed[k] = priced[1:]
        return self.placed[k]


def placement_order(dots: np.ndarray, regions: list, radius: float) -> list[int]:
    """Crowded dots first (most neighbours within ``radius`` in the same quadrant), then case order."""
    crowd = []
    for k, (x, y) in enumerate(dots):
        same = [j for j in range(len(dots)) if j != k and regions[j] == regions[k]]
        crowd.append(sum(np.hypot(*(dots[j] - (x, y))) < radius for j in same))
    return sorted(range(len(dots)), key=lambda k: (-crowd[k], k))


# --------------------------------------------------------------------------- the chart

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


def _quadrant_boxes(result: RankResult, lo: tuple[float, float], hi: tuple[float, float]) -> dict:
    """Data-space (x0, x1, y0, y1) of each tier's quadrant: x is the market lens, y the government lens."""
    tg, tm = result.thresholds.government, result.thresholds.market
    return {"joint": (tm, hi[0], tg, hi[1]), "government-led": (lo[0], tm, tg, hi[1]),
            "market-led": (tm, hi[0], lo[1], tg), "monitor": (lo[0], tm, lo[1], tg)}


def _quadrants(ax, result: RankResult, x: np.ndarray, y: np.ndarray, lang: str) -> tuple[dict, list]:
    """The four shaded tiers with their names, the threshold lines, the dots and the axes.
    Returns each tier's quadrant (data space) and the tier-name texts."""
    lo = (min(0.0, float(x.min()) - 0.02), min(0.0, float(y.min()) - 0.02))
    hi = (max(1.0, float(x.max()) + 0.02), max(1.0, float(y.max()) + 0.02))
    quadrants = _quadrant_boxes(result, lo, hi)
    names = []
    for tier, (x0, x1, y0, y1) in quadrants.items():
        left = tier in ("government-led", "monitor")
        top = tier in ("joint", "government-led")
        ax.fill_between([x0, x1], y0, y1, color=TIER_COLOURS[tier], alpha=0.08, lw=0)
        names.append(ax.text(x0 + 0.008 if left else x1 - 0.008, y1 - 0.012 if top else y0 + 0.012,
                             label(f"tier.{tier}", lang), ha="left" if left else "right",
                             va="top" if top else "bottom", fontsize=13, color=TIER_COLOURS[tier], alpha=0.9))
    ax.axvline(result.thresholds.market, color="#444", lw=0.8, ls="--", zorder=1)
    ax.axhline(result.thresholds.government, color="#444", lw=0.8, ls="--", zorder=1)
    ax.scatter(x, y, c=[TIER_COLOURS[TIERS[int(c)]] for c in result.tiers], s=DOT_SIZE, zorder=3,
               edgecolors="white", linewidths=0.5)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    score = label(f"method.{result.ranking}.score", lang)
    ax.set_xlabel(label("chart.axis", lang).format(lens=label("lens.market", lang), score=score), fontsize=10)
    ax.set_ylabel(label("chart.axis", lang).format(lens=label("lens.government", lang), score=score), fontsize=10)
    ax.tick_params(labelsize=8)
    ax.set_title(label("chart.title", lang).format(title=result.case.title_text(lang)), fontsize=12, wrap=True)
    ax.grid(alpha=0.2)
    return quadrants, names


def caption_lines(result: RankResult, lang: str) -> list[str]:
    """What the chart rests on: the caveats every output carries (each lens's weights' basis,
    an inconsistent lens, completed judgments, borderline tiers), the thresholds and split,
    the ranking method, and the case's date."""
    lines = [_ellipsis(" ".join(text.split()), BASIS_WIDTH) for text in rank_caveats(result, lang)]
    t = result.thresholds
    limits = {lens: label("summary.threshold", lang).format(lens=label(f"summary.lens.{lens}", lang), t=value)
              for lens, value in (("government", t.government), ("market", t.market))}
    lines.append(label("chart.caption.thresholds", lang).format(**limits,
                                                               split=label(f"summary.split.{t.split}", lang)))
    mix = label("summary.policy_mix", lang).format(alpha=result.options.policy_mix)
    lines.append(label("chart.caption.method", lang).format(score=label(f"method.{result.ranking}.score", lang),
                                                           mix=mix))
    lines.append(label("chart.caption.date", lang).format(date=result.case.date))
    return lines


def _pixel_regions(ax, result: RankResult, quadrants: dict) -> list[tuple[float, float, float, float]]:
    """Each material's quadrant in pixels, kept clear of the threshold lines and the frame."""
    inset = 4.0
    regions = []
    for code in result.tiers:
        x0, x1, y0, y1 = quadrants[TIERS[int(code)]]
        (px0, py0), (px1, py1) = ax.transData.transform([(x0, y0), (x1, y1)])
        regions.append((px0 + inset, py0 + inset, px1 - inset, py1 - inset))
    return regions


def _fit(layout: LabelLayout, k: int, text, name: str, region, renderer, lang: str) -> None:
    """Place one label: the way of showing its name whose place and shortening together cost
    least; with no free place left for any, the shortest in the least crowded place."""
    widths = (NAME_WIDTH, WRAP_WIDTH, MIN_WIDTH)
    variants = name_variants(name, *(w.get(lang, w["en"]) for w in widths))
    best, best_cost = None, np.inf
    for variant, cost in sorted(variants, key=lambda v: v[1]):
        if cost >= best_cost:
            break
        text.set_text(variant)
        extent = text.get_window_extent(renderer)
        priced = layout.price(k, (extent.width, extent.height), region, bound=best_cost - cost)
        if priced is not None:
            best, best_cost = (variant, priced), priced[0] + cost
    if best is None:
        text.set_text(min(variants, key=lambda v: (display_width(v[0]), v[1]))[0])
        extent = text.get_window_extent(renderer)
        layout.place(k, (extent.width, extent.height), region, hard=False)
        return
    text.set_text(best[0])
    layout.placed[k] = best[1][1:]


def _label_points(ax, fig, result: RankResult, names: list, quadrants: dict, lang: str,
                  size: float = LABEL_FONT_SIZE) -> None:
    """Every material's name beside its dot, inside its quadrant, clear of the others."""
    renderer = fig.canvas.get_renderer()
    x, y = result.lenses["market"].score, result.lenses["government"].score
    dots = ax.transData.transform(np.column_stack([x, y]))
    radius = (DOT_SIZE ** 0.5 / 2 + 0.5) * fig.dpi / 72
    regions = _pixel_regions(ax, result, quadrants)
    layout = LabelLayout(dots, radius, np.array([t.get_window_extent(renderer).extents for t in names]))
    order = placement_order(dots, regions, 60 * fig.dpi / 72)
    texts = {k: ax.text(x[k], y[k], "", fontsize=size, ha="center", va="center", zorder=4,
                        linespacing=1.1, gid=f"label-{result.case.materials[k].id}") for k in order}
    for _ in range(1 + REFINE_ROUNDS):   # then again, the others fixed: an early one may do better now
        for k in order:
            layout.placed.pop(k, None)
            _fit(layout, k, texts[k], result.case.materials[k].name(lang), regions[k], renderer, lang)
    to_data = ax.transData.inverted()
    for k, text in texts.items():
        if k not in layout.placed:   # the quadrant is narrower than the shortest label
            text.set_horizontalalignment("left")
            continue
        box, leader = layout.placed[k]
        text.set_position(to_data.transform(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)))
        text.set_multialignment("left" if box[0] > dots[k][0] else "right" if box[2] < dots[k][0] else "center")
        if leader is not None:
            (lx0, ly0), (lx1, ly1) = to_data.transform([leader[:2], leader[2:]])
            ax.plot([lx0, lx1], [ly0, ly1], color="#777", lw=0.5, zorder=2.5)


def pyplot_for(lang: str, warn: Callable[[str], None] | None):
    """pyplot on the Agg backend, and the fonts: a CJK family first when there is one."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    family = _cjk_fonts(font_manager)
    if not family and lang != "en":
        import warnings
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        if warn is not None:
            warn("no Chinese font found: Chinese labels in the chart show as boxes. "
                 "Install one (e.g. apt-get install fonts-wqy-microhei), or draw it with --lang en")
    return plt, {"font.family": family + ["DejaVu Sans"], "svg.hashsalt": "matrank"}


def quadrant_figure(result: RankResult, lang: str = "en", warn: Callable[[str], None] | None = None,
                    label_size: float = LABEL_FONT_SIZE):
    """The chart as a matplotlib figure (A4 landscape), the materials' names ``label_size`` points
    and placed; the caller saves and closes it."""
    plt, rc = pyplot_for(lang, warn)
    with plt.rc_context(rc):
        fig = plt.figure(figsize=FIGSIZE, dpi=DPI)
        ax = fig.add_subplot()
        fig.subplots_adjust(**MARGINS)
        x, y = result.lenses["market"].score, result.lenses["government"].score
        quadrants, names = _quadrants(ax, result, x, y, lang)
        fig.text(MARGINS["left"], 0.012, "\n".join(caption_lines(result, lang)), ha="left", va="bottom",
                 fontsize=CAPTION_FONT_SIZE, color="#333", linespacing=1.45, gid="caption")
        _label_points(ax, fig, result, names, quadrants, lang, label_size)
    return fig


def draw_quadrant(result: RankResult, path: str | Path, lang: str = "en", *, force: bool = False,
                  inputs=(), warn: Callable[[str], None] | None = None) -> Path:
    path = check_plot_path(path)
    fig = quadrant_figure(result, lang, warn)
    import matplotlib.pyplot as plt

    fmt = path.suffix.lower().lstrip(".")
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    try:
        with plt.rc_context({"svg.hashsalt": "matrank"}):
            return write_atomic(path, lambda p: fig.savefig(p, format=fmt, metadata=metadata),
                                force=force, inputs=inputs)
    finally:
        plt.close(fig)
