"""The quadrant chart, checked as the renderer draws it: every material labelled by its name,
each label inside its dot's quadrant and clear of every other label and dot; the title, axes
and caption in the chosen language and inside the page; PNG at 200 dpi; SVG reproducible."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import DATA, invoke

from matrank.api import load_case, rank_case
from matrank.labels import label
from matrank.model import TIERS, Thresholds
from matrank.options import RankOptions
from matrank.reports import quadrant_plot
from matrank.reports.brief.figures import QUADRANT_LABEL_SIZE
from matrank.reports.quadrant_plot import draw_quadrant, name_variants, quadrant_figure, short_name, wrap_name

pytest.importorskip("matplotlib")

CASES = {
    "key-strategic-materials": ("key-strategic-materials", RankOptions()),
    "shenzhen-2022": ("shenzhen-2022", RankOptions()),
    "mini": (str(DATA / "mini.yaml"), RankOptions()),
    "mini-median-vikor": (str(DATA / "mini.yaml"), RankOptions(thresholds=Thresholds(split="median"),
                                                                ranking="vikor")),
    "brief-page-1": ("key-strategic-materials", RankOptions()),
}
#: The brief draws the chart with larger names (they print at about 5 pt on page 1).
LABEL_SIZES = {"brief-page-1": QUADRANT_LABEL_SIZE}


def _has_cjk_font() -> bool:
    from matplotlib import font_manager
    return bool(quadrant_plot._cjk_fonts(font_manager))


@pytest.fixture(scope="module")
def drawn():
    """(result, figure) per case and language, drawn once for the module."""
    cache = {}

    def get(case: str, lang: str):
        if lang == "zh" and not _has_cjk_font():
            pytest.skip("no CJK font (apt-get install fonts-wqy-microhei)")
        if (case, lang) not in cache:
            source, options = CASES[case]
            result = rank_case(load_case(source), options)
            fig = quadrant_figure(result, lang, label_size=LABEL_SIZES.get(case, quadrant_plot.LABEL_FONT_SIZE))
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                fig.canvas.draw()
            cache[case, lang] = (result, fig, [str(w.message) for w in caught])
        return cache[case, lang]

    yield get
    import matplotlib.pyplot as plt
    for _, fig, _ in cache.values():
        plt.close(fig)


def _boxes(fig, result) -> dict:
    """Each material's label box (display pixels) as the renderer drew it."""
    renderer = fig.canvas.get_renderer()
    texts = {t.get_gid(): t for t in fig.axes[0].texts}
    return {m.id: (texts[f"label-{m.id}"], texts[f"label-{m.id}"].get_window_extent(renderer))
            for m in result.case.materials if f"label-{m.id}" in texts}


def _subsequence(short: str, full: str) -> bool:
    rest = iter(full)
    return all(ch in rest for ch in short)


def _area(a, b) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", list(CASES))
def test_every_material_is_labelled_by_its_name(drawn, case, lang):
    result, fig, caught = drawn(case, lang)
    boxes = _boxes(fig, result)
    assert set(boxes) == {m.id for m in result.case.materials}
    for m in result.case.materials:
        shown = boxes[m.id][0].get_text()
        assert shown and shown != m.id or m.name(lang) == m.id
        core = shown.replace("\n", "").replace(" ", "").rstrip("…")
        assert len(core) >= 4 or core == m.name(lang).replace(" ", "")
        assert _subsequence(core, m.name(lang).replace(" ", "")), (shown, m.name(lang))
    assert not [w for w in caught if "missing from" in w]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", list(CASES))
def test_labels_stay_in_their_quadrant_and_clear_of_labels_and_dots(drawn, case, lang):
    result, fig, _ = drawn(case, lang)
    ax = fig.axes[0]
    boxes = _boxes(fig, result)
    frame = ax.get_window_extent()
    tm_px, tg_px = ax.transData.transform((result.thresholds.market, result.thresholds.government))
    dots = ax.collections[-1]
    centres = ax.transData.transform(dots.get_offsets())
    radius = (np.sqrt(dots.get_sizes()[0]) / 2 + dots.get_linewidths()[0] / 2) * fig.dpi / 72
    ids = [m.id for m in result.case.materials]
    for i, mid in enumerate(ids):
        tier = TIERS[int(result.tiers[i])]
        box = boxes[mid][1]
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, mid
        if tier in ("joint", "market-led"):
            assert box.x0 >= tm_px, (mid, "crosses the market threshold")
        else:
            assert box.x1 <= tm_px, (mid, "crosses the market threshold")
        if tier in ("joint", "government-led"):
            assert box.y0 >= tg_px, (mid, "crosses the government threshold")
        else:
            assert box.y1 <= tg_px, (mid, "crosses the government threshold")
        for j, other in enumerate(ids[i + 1:], start=i + 1):
            assert _area(box, boxes[other][1]) == 0, (mid, other)
        for j, (cx, cy) in enumerate(centres):
            nearest = np.hypot(np.clip(cx, box.x0, box.x1) - cx, np.clip(cy, box.y0, box.y1) - cy)
            assert nearest >= radius, (mid, "covers the dot of", ids[j])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_title_axes_and_caption_in_the_language_and_on_the_page(drawn, lang):
    result, fig, _ = drawn("key-strategic-materials", lang)
    ax = fig.axes[0]
    score = label("method.topsis.score", lang)
    assert ax.get_title() == label("chart.title", lang).format(title=result.case.title_text(lang))
    assert label("lens.market", lang) in ax.get_xlabel() and score in ax.get_xlabel()
    assert label("lens.government", lang) in ax.get_ylabel() and score in ax.get_ylabel()
    tier_names = {t.get_text() for t in ax.texts}
    assert {label(f"tier.{t}", lang) for t in TIERS} <= tier_names
    caption = next(t for t in fig.texts if t.get_gid() == "caption").get_text()
    # the caveats every output carries: in Chinese the kind of basis, in English also its words
    assert label("caveat.basis.illustrative", lang) in caption
    if lang == "en":
        assert "Illustrative judgments by the matrank maintainers" in caption and "…" in caption
    assert caption.count(label("lens.government", lang)) == 1 and label("lens.market", lang) in caption
    assert "0.500" in caption and label("summary.split.fixed", lang) in caption
    assert score in caption and result.case.date in caption
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    for text in [ax.title, ax.xaxis.label, ax.yaxis.label, *fig.texts, *ax.texts]:
        box = text.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, text.get_text()


def test_caption_names_split_and_method_of_the_run(drawn):
    result, fig, _ = drawn("mini-median-vikor", "en")
    caption = next(t for t in fig.texts if t.get_gid() == "caption").get_text()
    assert "median split" in caption and label("method.vikor.score", "en") in caption
    assert "test judgments" in caption and "test weights" in caption and "2024-01-01" in caption


def test_png_is_a4_landscape_at_200_dpi(runner, tmp_path):
    from PIL import Image
    out = tmp_path / "q.png"
    assert invoke(runner, "rank", str(DATA / "mini.yaml"), "--plot", str(out)).exit_code == 0
    with Image.open(out) as image:
        assert round(image.info["dpi"][0]) >= 200
        width, height = image.size
    assert width >= 200 * 11.5 and abs(width / height - 2 ** 0.5) < 0.01


def test_svg_is_reproducible(tmp_path):
    result = rank_case(load_case(str(DATA / "mini.yaml")))
    first = draw_quadrant(result, tmp_path / "a.svg").read_bytes()
    second = draw_quadrant(result, tmp_path / "b.svg").read_bytes()
    assert first == second
    assert b"label-wafer" in first


def test_shortening_keeps_the_start_of_the_name():
    name = "Large-diameter gallium nitride single crystals (bulk GaN substrates)"
    assert short_name("Polarizers", 34) == "Polarizers"
    assert short_name(name, 50) == "Large-diameter gallium nitride single crystals"
    assert short_name(name, 34) == "Large-diameter gallium nitride…"
    assert wrap_name("Large-diameter gallium nitride single crystals", 26) == \
        "Large-diameter gallium\nnitride single crystals"
    assert wrap_name("有机发光二极管材料", 10) == "有机发光\n二极管材料"
    assert wrap_name("光掩模（集成电路用）", 16) == "光掩模\n（集成电路用）"
    assert wrap_name("Large-diameter (300 mm) silicon wafers", 24) == "Large-diameter\n(300 mm) silicon wafers"
    assert wrap_name("5G高端通讯器件材料", 4) is None
    variants = dict(name_variants(name, 40, 26, 20))
    assert all(text for text in variants) and min(variants.values()) > 0
    assert dict(name_variants("Polarizers", 40, 26, 20)) == {"Polarizers": 0.0}


class _FontManager:
    """A stand-in for matplotlib's font_manager: a cache without CJK fonts, and files on disk."""

    def __init__(self, files: dict[str, str]):
        self.files = files
        self.fontManager = self
        self.ttflist = [type("F", (), {"name": "DejaVu Sans"})()]

    def findSystemFonts(self):
        return sorted(self.files)

    def addfont(self, path):
        self.ttflist.append(type("F", (), {"name": self.files[path]})())


@pytest.mark.parametrize("files, expected", [
    ({"C:/Windows/Fonts/msyh.ttc": "Microsoft YaHei", "C:/Windows/Fonts/simhei.ttf": "SimHei"},
     ["Microsoft YaHei", "SimHei"]),
    ({"/System/Library/Fonts/PingFang.ttc": "PingFang SC"}, ["PingFang SC"]),
    ({"/usr/share/fonts/wqy-microhei.ttc": "WenQuanYi Micro Hei",
      "/usr/share/fonts/NotoSansCJK-Regular.ttc": "Noto Sans CJK SC"}, ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]),
    ({"/usr/share/fonts/DejaVuSans.ttf": "DejaVu Sans"}, []),
])
def test_cjk_fonts_found_after_the_cache_was_built_in_order(files, expected):
    assert quadrant_plot._cjk_fonts(_FontManager(files)) == expected


def test_the_brief_draws_the_names_larger(drawn):
    """Page 1 prints the chart at about half its drawn size: 9 pt names print near 5 pt."""
    result, fig, _ = drawn("brief-page-1", "en")
    sizes = {t.get_fontsize() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label-")}
    assert sizes == {QUADRANT_LABEL_SIZE} and QUADRANT_LABEL_SIZE > quadrant_plot.LABEL_FONT_SIZE
