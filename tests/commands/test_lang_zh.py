"""`--lang zh`: what each command prints for the shipped cases has no English word a reader
must understand (issue 11). Allowed: ids in id columns, the case's own Latin terms in its
Chinese names (KrF, OLED…), units, method names and file names."""

from __future__ import annotations

import re

import pytest

from matrank.casefiles import load_case

from conftest import invoke

#: Method names, statistics, units and symbols a Chinese reader reads as they are.
ALLOWED = {
    "AHP", "TOPSIS", "VIKOR", "SMAA", "CR", "CI", "RI", "GCI", "max", "S", "C", "D", "HHI", "Q", "R", "Harker",
    "saaty1980", "alonso_lamata", "eigen", "geometric", "vector", "minmax", "dirichlet", "panel", "uniform",
    "fixed", "ranges", "median", "t", "kt", "CNY", "USD", "x", "e", "w", "v", "sha256", "matrank", "json",
    "yaml", "xlsx", "csv", "md", "PCG64", "SeedSequence", "Lahdelma", "Salminen", "OLED",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*[A-Za-z0-9]")


def allowed_words(*case_names: str) -> set[str]:
    """Every word of the allow-list, the cases' ids, and the Latin terms of their Chinese texts."""
    words = set(ALLOWED)
    for name in case_names:
        case = load_case(name)
        words |= {case.id, *case.id.split("-")}
        for m in case.materials:
            words |= set(WORD.findall(m.id)) | {m.id}
            words |= set(WORD.findall(m.name("zh")))
        for c in case.categories.values():
            words |= set(WORD.findall(c.names.get("zh", "")))
        words |= set(WORD.findall(case.title.get("zh", "")))
        for lens in case.weights.values():
            words |= set(WORD.findall(getattr(lens, "basis", "") or ""))
        words |= set(case.sources) | {c.id for c in case.criteria}
    return words


def english_words(text: str, allowed: set[str]) -> list[str]:
    found = []
    for line in text.splitlines():
        stripped = re.sub(r"\S+\.(yaml|xlsx|csv|json|md|png|txt)\b", "", line)   # file names
        stripped = re.sub(r"sha256:[0-9a-f]+", "", stripped)
        stripped = re.sub(r"--format \w+( 或 \w+)?|--[a-z-]+", "", stripped)      # options one types
        stripped = re.sub(r"\b[a-z0-9]+(-[a-z0-9]+)+\b", "", stripped)          # ids with hyphens
        stripped = re.sub(r"\b[a-z]+(_[a-z0-9]+)+\b", "", stripped) if "=" in stripped else stripped
        for word in WORD.findall(stripped):
            if word not in allowed:
                found.append(f"{word!r} in {line.strip()[:100]!r}")
    return found


CASES = ["key-strategic-materials", "shenzhen-2022"]
COMMANDS = [
    ("rank", ["rank", "{case}", "--lang", "zh"]),
    ("rank md", ["rank", "{case}", "--lang", "zh", "--format", "md"]),
    ("rank csv", ["rank", "{case}", "--lang", "zh", "--format", "csv"]),
    ("explain", ["rank", "{case}", "--lang", "zh", "--explain", "{material}"]),
    ("sensitivity", ["sensitivity", "{case}", "--lang", "zh", "--samples", "500"]),
    ("validate", ["validate", "{case}", "--lang", "zh"]),
    ("cases", ["cases", "--lang", "zh"]),
    ("criteria", ["criteria", "--lang", "zh"]),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name, args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_chinese_output_has_no_english(runner, case, name, args):
    material = load_case(case).materials[0].id
    result = invoke(runner, *[a.format(case=case, material=material) for a in args])
    assert result.exit_code == 0, result.output
    text = result.stdout + result.stderr
    assert not english_words(text, allowed_words(case)), "\n".join(english_words(text, allowed_words(case)))


def test_ahp_in_chinese(runner, tmp_path):
    matrix = tmp_path / "m.csv"
    matrix.write_text(",成本,质量,速度\n成本,1,3,5\n质量,,1,2\n速度,,,1\n", encoding="utf-8")
    result = invoke(runner, "ahp", str(matrix), "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert not english_words(result.stdout + result.stderr, set(ALLOWED))


def test_the_formula_labels_are_the_formulas():
    """The criteria's formulas in the labels table (for the Chinese) say what the code computes."""
    from matrank.criteria import BUILTIN, Registry
    from matrank.labels import label
    for c in Registry(BUILTIN):
        written = " | or | ".join(b.formula + (f" (optional: {', '.join(b.optional)})" if b.optional else "")
                                  for b in c.bases)
        assert label(f"criterion.{c.id}.formula", "en") == written


def test_an_error_is_framed_in_chinese(runner, tmp_path, monkeypatch):
    result = invoke(runner, "rank", str(tmp_path / "nosuch.yaml"), "--lang", "zh")
    assert result.exit_code == 1 and result.stderr.startswith("错误：") and "。修正：" in result.stderr
    monkeypatch.setenv("MATRANK_LANG", "zh")
    assert invoke(runner, "validate", str(tmp_path / "nosuch.yaml")).stderr.startswith("错误：")
    monkeypatch.delenv("MATRANK_LANG")
    assert invoke(runner, "validate", str(tmp_path / "nosuch.yaml")).stderr.startswith("Error: ")


def test_matrank_lang_sets_the_language(runner, monkeypatch):
    monkeypatch.setenv("MATRANK_LANG", "zh")
    assert "联合攻关" in invoke(runner, "rank").stdout
    assert "Joint priority" in invoke(runner, "rank", "--lang", "en").stdout


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_compare_in_chinese(runner, tmp_path, fmt):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert invoke(runner, "rank", "--format", "json", "-o", str(a)).exit_code == 0
    assert invoke(runner, "rank", "--format", "json", "-o", str(b), "--policy-mix", "0.8",
                  "--threshold-gov", "0.55").exit_code == 0
    result = invoke(runner, "compare", str(a), str(b), "--lang", "zh", "--format", fmt)
    assert result.exit_code == 0, result.output
    words = english_words(result.stdout, allowed_words("key-strategic-materials"))
    assert not words, "\n".join(words)


def test_panel_collect_in_chinese(runner, tmp_path):
    """The panel's report and its results.xlsx name criteria, bands and what the CR is of in
    Chinese; the experts' files, names and the options typed stay as they are."""
    import openpyxl
    from panel_helpers import GOV, INCONSISTENT, MARKET, MINI, fill, templates

    filled = [fill(t, tmp_path / "filled" / t.name, name=f"专家{k}", role="user",
                   judgments={"government": GOV[k], "market": INCONSISTENT if k == 2 else MARKET[k]})
              for k, t in enumerate(templates(tmp_path / "tpl", 3, lang="zh"))]
    out = tmp_path / "results.xlsx"
    done = invoke(runner, "panel", "collect", str(tmp_path / "filled"), "--case", str(MINI), "--lang", "zh",
                  "-o", str(out))
    assert done.exit_code == 0, done.stderr
    allowed = allowed_words() | {"AIJ", "AIP", "exclude", "include", "fail", "mini"}
    assert english_words(done.stdout, allowed) == []
    assert "进口依赖度" in done.stdout and "很高" in done.stdout or "高" in done.stdout
    wb = openpyxl.load_workbook(out)
    summary = wb.worksheets[0]
    texts = " \n".join(str(v) for row in summary.iter_rows(values_only=True) for v in row if isinstance(v, str))
    assert english_words(texts, allowed) == [], texts
    assert len(filled) == 3


def test_status_lines_are_in_chinese(runner, tmp_path):
    """What the commands say on standard error with --lang zh: written, notes and warnings."""
    from panel_helpers import GOV, MINI, fill

    made = invoke(runner, "panel", "template", str(MINI), "-o", str(tmp_path / "tpl"), "--experts", "2",
                  "--lang", "zh")
    assert made.exit_code == 0 and made.stderr.startswith("已将案例 mini 的 2 份工作簿（政府、市场）"), made.stderr
    fill(tmp_path / "tpl" / "expert-01.xlsx", tmp_path / "r1" / "expert-01.xlsx", name="专家", role="user",
         judgments={"government": GOV[0]})
    done = invoke(runner, "panel", "collect", str(tmp_path / "r1"), "--case", str(MINI), "--lang", "zh",
                  "-o", str(tmp_path / "results.xlsx"), "--weights-out", str(tmp_path / "w.json"))
    assert done.exit_code == 0, done.stderr
    ranked = invoke(runner, "rank", "--lang", "zh", "-o", str(tmp_path / "ranked.xlsx"))
    assert ranked.exit_code == 0, ranked.stderr
    said = made.stderr + done.stderr + ranked.stderr
    assert "警告：市场视角：没有采用任何专家" in said and "注：用专家组权重排序" in said and "已写出" in said
    allowed = allowed_words("key-strategic-materials") | {"mini", "weights", "rank"}
    assert english_words(said, allowed) == [], said
