"""The decision brief's content and its files, without an office suite: what page 1 says, what
would change a borderline tier (checked against an independent re-ranking), the weights,
panel and evidence parts, the Word file's fonts, page and tables, the HTML's independence,
reproducibility, and every refusal of ``matrank report``."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import numpy as np
import pytest
from conftest import DATA, error_line, invoke
from panel_helpers import GOV, INCONSISTENT, MARKET, fill, templates

from matrank.api import load_case, rank_case
from matrank.labels import LABELS, label
from matrank.model import TIERS
from matrank.options import SensitivityOptions
from matrank.reports.brief.content import BORDERLINE, MARK, borderline, build
from matrank.reports.brief.data import BriefData
from matrank.reports.brief.flips import flips
from matrank.reports.brief.model import Figure, Paragraph, Table, cell_text
from matrank.sensitivity import sensitivity

pytest.importorskip("docx")
MINI = str(DATA / "mini.yaml")
DATE = "2026-03-31"


def _data(case=MINI, samples=4000) -> BriefData:
    s = sensitivity(rank_case(load_case(case)), SensitivityOptions(samples=samples))
    return BriefData(s, None, None, None, "matrank report", DATE)


@pytest.fixture(scope="module")
def mini():
    return _data()


def _text(blocks) -> str:
    out = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, Table):
            out += list(b.headers) + [cell_text(c) for row in b.rows for c in row]
        elif isinstance(b, Figure):
            out.append(b.caption)
    return "\n".join(out)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_one_answers_with_every_material_its_tier_and_probability(mini, lang):
    brief = build(mini, lang)
    text = _text(brief.answer)
    r, s = mini.rank, mini.sensitivity
    for tier in TIERS:
        assert label(f"tier.{tier}", lang) in text
        assert label(f"tier.{tier}.instruments", lang) in text
    table = next(b for b in brief.answer if isinstance(b, Table))
    for i, m in enumerate(r.case.materials):
        p = float(s.confidence[i])
        row = cell_text(table.rows[int(r.tiers[i])][1])
        assert f"{m.name(lang)} {p:.2f}{MARK if p < BORDERLINE else ''}" in row
    assert any(isinstance(b, Figure) and b.kind == "quadrant" for b in brief.answer)
    assert label("brief.who.illustrative", lang) in text          # the case's weights are not a panel's
    assert label("brief.caveat.heading", lang) in text


def test_borderline_materials_are_explained_with_a_computed_flip(mini):
    shaky = borderline(mini)
    r = mini.rank
    assert [r.case.materials[i].id for i in shaky] == ["euv", "pem", "cathode"]
    section = build(mini, "en").sections[0]
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert [row[0] for row in table.rows] == [r.case.materials[i].name("en") for i in shaky]
    for i in shaky:
        f = flips(r, mini.sensitivity.stability, i)
        assert f.weight is not None and f.weight.tier_after != r.tier(i)
        ranged = any(v.has_range for v in r.case.materials[i].indicators.values())
        assert (f.value is not None) == ranged


def test_the_value_flip_agrees_with_ranking_the_case_again(mini):
    """Set the chosen estimate to the chosen end in the case itself and rank it from scratch."""
    r = mini.rank
    checked = 0
    for i in range(len(r.case.materials)):
        f = flips(r, mini.sensitivity.stability, i).value
        if f is None:
            continue
        checked += 1
        m = r.case.materials[i]
        changed = replace(m, indicators={**m.indicators, f.indicator: replace(f.value, value=f.end)})
        case = replace(r.case, materials=tuple(changed if x is m else x for x in r.case.materials))
        again = rank_case(case)
        assert again.tier(i) == f.tier_after
        np.testing.assert_allclose([again.lenses["government"].score[i], again.lenses["market"].score[i]],
                                   f.scores_after, atol=1e-12)
    assert checked == 2


def test_the_weight_flip_is_the_nearest_end_of_the_stability_intervals(mini):
    r, st = mini.rank, mini.sensitivity.stability
    i = borderline(mini)[0]
    f = flips(r, st, i).weight
    ends = [abs(e - iv.weight) for iv in st.intervals for e, free in ((iv.low[i], 0.0), (iv.high[i], 1.0))
            if e != free]
    assert abs(f.end - f.weight) == pytest.approx(min(ends))


def test_weights_section_names_cr_ri_table_gci_and_completed_judgments(mini):
    text = _text(build(mini, "en").sections[1].blocks)
    assert "saaty1980" in text and "GCI" in text and "CR = CI / RI" in text
    assert "0.58" in text and "1.59" in text                   # the RI table itself
    assert label("brief.weights.explicit", "en") in text       # the market lens's weights are given directly


def test_evidence_counts_each_criterions_quoted_and_estimated_values(mini):
    section = next(s for s in build(mini, "en").sections if s.id == "evidence")
    share = next(b for b in section.blocks if isinstance(b, Table))
    rows = {row[0]: row for row in share.rows}
    assert rows["Import dependence"][1:] == ("6", "1 (17%)", "0 (0%)", "0 (0%)", "5 (83%)")
    text = _text(section.blocks)
    assert "约80%依赖进口" in text and "[s002]" in text


def test_zh_labels_of_the_brief_need_no_english():
    """Chinese brief text: only ids, units and method names may be Latin."""
    allowed = {"AHP", "TOPSIS", "VIKOR", "SMAA", "CR", "CI", "RI", "GCI", "Dirichlet", "Harker", "Alonso",
               "Lamata", "max", "sha", "values", "fixed", "panel", "weights"}
    for key, entry in LABELS.items():
        if key.startswith("brief."):
            words = set(re.findall(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}|--[a-z-]+", "", entry["zh"])))
            assert words <= allowed, (key, words - allowed)


# ---- the files ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def files(tmp_path_factory):
    from click.testing import CliRunner
    tmp = tmp_path_factory.mktemp("brief")
    runner = CliRunner()
    for name, lang in (("a.docx", "zh"), ("a.html", "zh"), ("en.html", "en")):
        result = invoke(runner, "report", MINI, "--samples", "2000", "--lang", lang, "--date", DATE,
                        "-o", str(tmp / name))
        assert result.exit_code == 0, result.output
    return tmp


def test_the_same_seed_gives_the_same_files(files, runner, tmp_path, monkeypatch):
    monkeypatch.chdir(files)
    assert invoke(runner, "report", MINI, "--samples", "2000", "--lang", "zh", "--date", DATE,
                  "-o", "a.docx", "--force").exit_code == 0
    first = (files / "a.docx").read_bytes()
    monkeypatch.chdir(tmp_path)
    assert invoke(runner, "report", MINI, "--samples", "2000", "--lang", "zh", "--date", DATE,
                  "-o", "a.docx").exit_code == 0
    assert (tmp_path / "a.docx").read_bytes() == first


def test_word_file_is_a4_with_east_asian_fonts_page_numbers_and_real_tables(files):
    with zipfile.ZipFile(files / "a.docx") as z:
        styles = z.read("word/styles.xml").decode()
        body = z.read("word/document.xml").decode()
        footer = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    fonts = re.findall(r"<w:rFonts [^>]*/>", styles)
    assert fonts and all('w:eastAsia="' in f and "Theme" not in f and "theme" not in f for f in fonts)
    assert 'w:w="11906"' in body and 'w:h="16838"' in body           # A4 in twentieths of a point
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert body.count("<w:tbl>") >= 6
    import docx
    doc = docx.Document(str(files / "a.docx"))
    widths = [shape.width.inches for shape in doc.inline_shapes]
    pixels = sorted(_png_width(m) for m in media)
    assert len(pixels) == len(widths) == 3
    assert min(p / w for p, w in zip(pixels, sorted(widths))) >= 199


def _png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big")


def test_html_is_one_file_that_asks_for_nothing_else(files):
    for name in ("a.html", "en.html"):
        text = (files / name).read_text(encoding="utf-8")
        assert not re.search(r"<(link|script|img|iframe|object|embed)\b", text)
        assert not re.search(r"@import|url\((?!#)", text)
        assert all(ref.startswith(("#", "data:")) for ref in re.findall(r'(?:src|href)="([^"]*)"', text))
        assert text.count("<svg") == 3 and 'name="viewport"' in text and "@page" in text


def test_the_date_line_is_all_that_changes_with_the_date(tmp_path, runner):
    out = []
    for day in ("2026-01-01", "2026-02-02"):
        path = tmp_path / f"{day}.html"
        assert invoke(runner, "report", MINI, "--samples", "500", "--date", day, "-o", str(path)).exit_code == 0
        out.append(path.read_text(encoding="utf-8").replace(day, "DATE"))
    assert out[0] == out[1]


def test_the_brief_names_the_command_that_makes_it_again(files):
    text = (files / "en.html").read_text(encoding="utf-8")
    assert "matrank report" in text and "--samples 2000" in text and "--seed 20261123" in text
    assert f"--date {DATE}" in text


# ---- refusals -----------------------------------------------------------------------------------

def test_unknown_extension_is_a_usage_error(runner, tmp_path):
    error_line(invoke(runner, "report", MINI, "-o", str(tmp_path / "brief.txt")), 2, "brief.docx", "brief.pdf")


def test_pdf_without_libreoffice_names_the_package(runner, tmp_path, monkeypatch):
    from matrank.reports.brief import pdf_writer
    monkeypatch.setattr(pdf_writer.shutil, "which", lambda name: None)
    error_line(invoke(runner, "report", MINI, "-o", str(tmp_path / "brief.pdf")), 1,
               "apt-get install libreoffice-writer-nogui")
    assert not (tmp_path / "brief.pdf").exists()


def test_a_bad_date_is_a_usage_error(runner, tmp_path):
    error_line(invoke(runner, "report", MINI, "--date", "31/03/2026", "-o", str(tmp_path / "b.html")), 2,
               "YYYY-MM-DD")


def test_baseline_of_a_case_with_no_shared_material(runner, tmp_path):
    base = tmp_path / "base.json"
    assert invoke(runner, "rank", "shenzhen-2022", "--format", "json", "-o", str(base)).exit_code == 0
    error_line(invoke(runner, "report", MINI, "--baseline", str(base), "-o", str(tmp_path / "b.html")), 1,
               "share no material")


def test_baseline_comparison_is_a_section(runner, tmp_path):
    base = tmp_path / "base.json"
    assert invoke(runner, "rank", MINI, "--policy-mix", "0.9", "--threshold-gov", "0.7", "--format", "json",
                  "-o", str(base)).exit_code == 0
    out = tmp_path / "b.html"
    assert invoke(runner, "report", MINI, "--samples", "500", "--baseline", str(base), "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert label("brief.baseline.heading", "en") in text and "Tier changes" in text


def test_a_case_without_ranges_says_the_sensitivity_covers_weights_only(runner, tmp_path):
    fixed = tmp_path / "fixed.yaml"
    text = (DATA / "mini.yaml").read_text(encoding="utf-8")
    text = re.sub(r", estimate: true, low: [\d.]+, high: [\d.]+, basis: test", "", text)
    fixed.write_text(text.replace("{value: 0.1, low: 0.08, high: 0.12}", "0.1"), encoding="utf-8")
    out = tmp_path / "b.html"
    result = invoke(runner, "report", str(fixed), "--samples", "500", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert label("brief.caveat.weights_only", "en") in out.read_text(encoding="utf-8")
    error_line(invoke(runner, "report", str(fixed), "--values", "ranges", "-o", str(tmp_path / "c.html")), 1,
               "no indicator in the case has a range")


# ---- with a panel -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    from click.testing import CliRunner
    tmp = tmp_path_factory.mktemp("panel")
    blank = templates(tmp / "blank", 4)
    for k, path in enumerate(blank):
        gov = INCONSISTENT if k == 3 else GOV[k]
        fill(path, tmp / "filled" / path.name, name=f"Expert {k + 1}", role="user",
             judgments={"government": gov, "market": MARKET[k]})
    runner = CliRunner()
    result = invoke(runner, "panel", "collect", str(tmp / "filled"), "--case", MINI, "--format", "json",
                    "--weights-out", str(tmp / "w.json"))
    (tmp / "results.json").write_text(result.stdout, encoding="utf-8")
    return tmp


def test_panel_brief_accounts_for_the_experts(runner, panel, tmp_path):
    out = tmp_path / "b.html"
    result = invoke(runner, "report", MINI, "--weights", str(panel / "w.json"), "--panel",
                    str(panel / "results.json"), "--samples", "500", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "expert panel, 3 used, 1 excluded, 0 rejected; consensus S*" in text
    assert "expert-04.xlsx" in text and label("heading.revise", "en") in text
    assert label("brief.caveat.illustrative", "en").split("{")[0] not in text


def test_panel_results_of_another_case_are_refused(runner, panel, tmp_path):
    other = tmp_path / "other.json"
    other.write_text((panel / "results.json").read_text(encoding="utf-8").replace('"case": "mini"',
                                                                                 '"case": "shenzhen-2022"', 1),
                     encoding="utf-8")
    error_line(invoke(runner, "report", MINI, "--weights", str(panel / "w.json"), "--panel", str(other),
                      "-o", str(tmp_path / "b.html")), 1, "other.json", "another case", "'shenzhen-2022'")


def test_panel_results_need_their_weights_file(runner, panel, tmp_path):
    error_line(invoke(runner, "report", MINI, "--panel", str(panel / "results.json"),
                      "-o", str(tmp_path / "b.html")), 2, "--weights")


def test_panel_results_of_another_collection_are_refused(runner, panel, tmp_path):
    text = (panel / "results.json").read_text(encoding="utf-8")
    first = re.search(r'"aggregate": \{\s*"government": \{\s*"import_dependence": ([0-9.e-]+)', text)
    other = tmp_path / "other.json"
    other.write_text(text[:first.start(1)] + "0.9" + text[first.end(1):], encoding="utf-8")
    error_line(invoke(runner, "report", MINI, "--weights", str(panel / "w.json"), "--panel", str(other),
                      "-o", str(tmp_path / "b.html")), 1, "different collections")


def test_a_file_that_is_not_panel_results_is_refused(runner, panel, tmp_path):
    error_line(invoke(runner, "report", MINI, "--weights", str(panel / "w.json"), "--panel", str(panel / "w.json"),
                      "-o", str(tmp_path / "b.html")), 1, "not a panel results JSON", "matrank panel collect")
