"""``matrank compare A B``: two ``matrank rank --format json`` files, written by the real CLI,
compared; every expected figure is recomputed here from the two JSON documents alone."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from conftest import DATA, error_line, invoke

from matrank.compare import compare_files
from matrank.errors import OptionError

MINI = str(DATA / "mini.yaml")
#: A contribution that moved by no more than this did not move (the rank grid, 2^-40).
NEGLIGIBLE = 2.0 ** -40
CONTRACT_KEYS = {"a", "b", "same", "shared", "weights", "tier_changes", "rank_moves", "only_a", "only_b"}


# ---- helpers ----------------------------------------------------------------------------

def rank_file(runner, path: Path, *args: str) -> dict:
    result = invoke(runner, "rank", *args, "--format", "json", "-o", str(path))
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text(encoding="utf-8"))


def compare_json(runner, a: Path, b: Path, *args: str) -> dict:
    result = invoke(runner, "compare", str(a), str(b), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def compare_text(runner, a: Path, b: Path, *args: str) -> str:
    result = invoke(runner, "compare", str(a), str(b), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def mini_with_market_weights(tmp_path: Path) -> Path:
    """mini.yaml with other explicit market weights (and nothing else changed)."""
    text = (DATA / "mini.yaml").read_text(encoding="utf-8")
    old = "weights: {import_dependence: 0.3, patent_control: 0.15, validation_cycle: 0.15, market_pull: 0.4}"
    assert text.count(old) == 1
    path = tmp_path / "mini-reweighted.yaml"
    path.write_text(text.replace(old, "weights: {import_dependence: 0.1, patent_control: 0.3, "
                                      "validation_cycle: 0.3, market_pull: 0.3}"), encoding="utf-8")
    return path


def expected(a: dict, b: dict, threshold: int = 5) -> dict:
    """The comparison, worked out from the two documents in plain Python."""
    in_a = {m["id"]: m for m in a["materials"]}
    in_b = {m["id"]: m for m in b["materials"]}
    shared = [i for i in in_a if i in in_b]
    tiers = {}
    for i in shared:
        ma, mb = in_a[i], in_b[i]
        if ma["tier"] == mb["tier"]:
            continue
        moved = []
        for lens, row in mb["contributions"].items():
            for crit, x in row.items():
                delta = x - ma["contributions"][lens][crit]
                if abs(delta) > NEGLIGIBLE:
                    moved.append((crit, lens, delta))
        moved.sort(key=lambda d: abs(d[2]), reverse=True)
        tiers[i] = {"a": ma["tier"], "b": mb["tier"], "rank_a": ma["rank"], "rank_b": mb["rank"],
                    "scores": {lens: [ma[lens], mb[lens]] for lens in ("government", "market")},
                    "drivers": moved[:3]}
    moves = {i: (in_a[i]["rank"], in_b[i]["rank"], in_b[i]["rank"] - in_a[i]["rank"]) for i in shared
             if abs(in_b[i]["rank"] - in_a[i]["rank"]) >= threshold}
    weights = {lens: {c: [a["weights"][lens][c], b["weights"][lens][c]] for c in a["weights"][lens]}
               for lens in a["weights"]}
    return {"shared": len(shared), "tiers": tiers, "moves": moves, "weights": weights,
            "only_a": [i for i in in_a if i not in in_b], "only_b": [i for i in in_b if i not in in_a]}


def check_against_independent(got: dict, a: dict, b: dict, threshold: int = 5) -> dict:
    want = expected(a, b, threshold)
    assert CONTRACT_KEYS <= set(got)
    assert got["shared"] == want["shared"]
    assert got["weights"] == want["weights"]
    assert got["only_a"] == want["only_a"] and got["only_b"] == want["only_b"]
    tiers = {t["id"]: t for t in got["tier_changes"]}
    assert set(tiers) == set(want["tiers"])
    for i, w in want["tiers"].items():
        t = tiers[i]
        assert (t["a"], t["b"], t["rank_a"], t["rank_b"]) == (w["a"], w["b"], w["rank_a"], w["rank_b"])
        assert t["scores"] == w["scores"]
        assert [(d["criterion"], d["lens"]) for d in t["drivers"]] == [(c, lens) for c, lens, _ in w["drivers"]]
        assert [d["delta"] for d in t["drivers"]] == pytest.approx([x for _, _, x in w["drivers"]], abs=1e-15)
    assert [t["rank_b"] for t in got["tier_changes"]] == sorted(t["rank_b"] for t in got["tier_changes"])
    assert {m["id"]: (m["rank_a"], m["rank_b"], m["move"]) for m in got["rank_moves"]} == want["moves"]
    assert [abs(m["move"]) for m in got["rank_moves"]] == sorted((abs(m["move"]) for m in got["rank_moves"]),
                                                                reverse=True)
    for m in got["rank_moves"]:
        assert set(m) == {"id", "rank_a", "rank_b", "move"}
    return want


@pytest.fixture
def base(runner, tmp_path) -> tuple[Path, dict]:
    path = tmp_path / "a.json"
    return path, rank_file(runner, path, MINI)


# ---- what is compared -------------------------------------------------------------------

def test_policy_mix_moves_ranks_but_no_tier(runner, tmp_path, base):
    a_path, a = base
    b_path = tmp_path / "b.json"
    b = rank_file(runner, b_path, MINI, "--policy-mix", "0.8")
    got = compare_json(runner, a_path, b_path, "--threshold", "1")
    want = check_against_independent(got, a, b, threshold=1)
    assert got["tier_changes"] == [] and want["moves"] and got["same"] is False
    assert got["settings"]["policy_mix"] == [0.5, 0.8]
    assert compare_json(runner, a_path, b_path)["rank_moves"] == []          # default: 5 places


def test_a_government_threshold_changes_a_tier_with_no_driver(runner, tmp_path, base):
    a_path, a = base
    b_path = tmp_path / "b.json"
    b = rank_file(runner, b_path, MINI, "--threshold-gov", "0.7")
    got = compare_json(runner, a_path, b_path)
    check_against_independent(got, a, b)
    assert [(t["id"], t["a"], t["b"], t["drivers"]) for t in got["tier_changes"]] == [("pem", "joint", "market-led", [])]
    assert got["settings"]["threshold_government"] == [0.5, 0.7]
    text = compare_text(runner, a_path, b_path)
    assert "pem: no criterion's contribution changed" in text and "Government threshold" in text


def test_other_market_weights_change_tiers_and_name_the_criteria_that_moved_them(runner, tmp_path, base):
    a_path, a = base
    b_path = tmp_path / "b.json"
    b = rank_file(runner, b_path, str(mini_with_market_weights(tmp_path)))
    got = compare_json(runner, a_path, b_path, "--threshold", "1")
    check_against_independent(got, a, b, threshold=1)
    assert got["weights"]["market"]["import_dependence"] == [0.3, 0.1]
    assert got["weights"]["government"] == {c: [w, w] for c, w in a["weights"]["government"].items()}
    assert len(got["tier_changes"]) >= 2
    assert all(len(t["drivers"]) == 3 for t in got["tier_changes"])
    # only the market weights changed, so only market contributions moved
    assert {d["lens"] for t in got["tier_changes"] for d in t["drivers"]} == {"market"}
    wafer = next(t for t in got["tier_changes"] if t["id"] == "wafer")
    assert (wafer["a"], wafer["b"]) == ("joint", "government-led")
    assert wafer["drivers"][0]["criterion"] == "import_dependence" and wafer["drivers"][0]["delta"] < 0


def test_vikor_against_topsis(runner, tmp_path, base):
    a_path, a = base
    b_path = tmp_path / "b.json"
    b = rank_file(runner, b_path, MINI, "--ranking", "vikor")
    got = compare_json(runner, a_path, b_path, "--threshold", "2")
    check_against_independent(got, a, b, threshold=2)
    assert (got["a"]["ranking"], got["b"]["ranking"]) == ("topsis", "vikor")
    assert got["tier_changes"]
    assert "different ranking methods" in compare_text(runner, a_path, b_path)


def test_a_and_b_name_their_files_cases_rankings_and_hashes(runner, tmp_path, base):
    a_path, _ = base
    b_path = tmp_path / "b.json"
    rank_file(runner, b_path, MINI, "--policy-mix", "0.7")
    got = compare_json(runner, a_path, b_path)
    for side, path in (("a", a_path), ("b", b_path)):
        entry = got[side]
        assert entry["file"] == str(path) and entry["case"] == "mini" and entry["ranking"] == "topsis"
        assert entry["sha256"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_identical_files_make_no_difference(runner, tmp_path, base):
    a_path, _ = base
    b_path = tmp_path / "copy.json"
    b_path.write_bytes(a_path.read_bytes())
    got = compare_json(runner, a_path, b_path)
    assert got["same"] is True and got["tier_changes"] == [] and got["rank_moves"] == []
    assert got["only_a"] == [] and got["only_b"] == [] and got["shared"] == 6
    result = invoke(runner, "compare", str(a_path), str(b_path))
    assert result.exit_code == 0 and "no difference" in result.stdout.lower()
    zh = invoke(runner, "compare", str(a_path), str(b_path), "--lang", "zh")
    assert zh.exit_code == 0 and "无差异" in zh.stdout


def test_a_material_in_one_file_only(runner, tmp_path, base):
    a_path, a = base
    b = json.loads(a_path.read_text(encoding="utf-8"))
    dropped = b["materials"].pop(2)["id"]
    b_path = tmp_path / "fewer.json"
    b_path.write_text(json.dumps(b), encoding="utf-8")
    got = compare_json(runner, a_path, b_path)
    check_against_independent(got, a, b)
    assert got["only_a"] == [dropped] and got["only_b"] == [] and got["same"] is False
    assert "Only in A: 1" in compare_text(runner, a_path, b_path)


def test_shenzhen_and_the_default_case_share_one_material(runner, tmp_path):
    a = rank_file(runner, tmp_path / "ksm.json")
    b = rank_file(runner, tmp_path / "sz.json", "shenzhen-2022")
    got = compare_json(runner, tmp_path / "ksm.json", tmp_path / "sz.json")
    want = check_against_independent(got, a, b)
    assert want["shared"] == 1 and got["shared"] == 1
    assert (got["a"]["case"], got["b"]["case"]) == ("key-strategic-materials", "shenzhen-2022")
    assert len(got["only_a"]) == len(a["materials"]) - 1 and len(got["only_b"]) == len(b["materials"]) - 1
    text = compare_text(runner, tmp_path / "ksm.json", tmp_path / "sz.json")
    assert "rank different cases" in text


# ---- the words: English and Chinese ----------------------------------------------------

def test_table_and_markdown_in_english_and_chinese(runner, tmp_path, base):
    a_path, a = base
    b_path = tmp_path / "b.json"
    rank_file(runner, b_path, str(mini_with_market_weights(tmp_path)), "--policy-mix", "0.9")
    en = compare_text(runner, a_path, b_path, "--threshold", "1")
    for words in ("Criterion weights", "Tier changes", "What moved them", "Import dependence", "Silicon carbide"):
        assert words in en
    zh = compare_text(runner, a_path, b_path, "--threshold", "1", "--lang", "zh")
    for words in ("准则权重", "梯队变化", "变化来源", "进口依赖度", "大尺寸硅片", "政府主导"):
        assert words in zh
    md = compare_text(runner, a_path, b_path, "--format", "md", "--lang", "zh")
    assert md.startswith("# 比较") and "| 编号 |" in md
    # nothing English a reader needs: what is left once ids, file names and method names go
    allowed = {m["id"] for m in a["materials"]} | {"mini", "TOPSIS", "A", "B"}
    allowed |= {m["names"]["zh"] for m in a["materials"]}
    for text in (zh, md):
        rest = text.replace(str(a_path), "").replace(str(b_path), "")
        for token in sorted(allowed, key=len, reverse=True):
            rest = rest.replace(token, "")
        assert re.findall(r"[A-Za-z]{2,}", rest) == [], rest


# ---- output -----------------------------------------------------------------------------

def test_output_file_and_force(runner, tmp_path, base):
    a_path, _ = base
    b_path = tmp_path / "b.json"
    rank_file(runner, b_path, MINI, "--threshold-gov", "0.7")
    out = tmp_path / "changes.md"
    result = invoke(runner, "compare", str(a_path), str(b_path), "--format", "md", "-o", str(out))
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Comparing")
    error_line(invoke(runner, "compare", str(a_path), str(b_path), "-o", str(out)), 1, str(out))
    assert invoke(runner, "compare", str(a_path), str(b_path), "-o", str(out), "--force").exit_code == 0
    error_line(invoke(runner, "compare", str(a_path), str(b_path), "-o", str(a_path), "--force"), 1)


def test_threshold_must_be_a_positive_whole_number(runner, base):
    a_path, _ = base
    result = invoke(runner, "compare", str(a_path), str(a_path), "--threshold", "0")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_help_shows_an_example(runner):
    result = invoke(runner, "compare", "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout and "matrank compare" in result.stdout


# ---- bad input --------------------------------------------------------------------------

def _weights_file(path: Path) -> Path:
    path.write_text(json.dumps({"format": "matrank-weights/1", "case": "mini", "criteria_hash": "x",
                                "criteria": ["import_dependence"], "weights": {"government": {}, "market": {}}}),
                    encoding="utf-8")
    return path


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _edited(base_path: Path, path: Path, edit) -> Path:
    doc = json.loads(base_path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _duplicate_id(doc):
    doc["materials"][3]["id"] = doc["materials"][1]["id"]


def _no_contributions(doc):
    del doc["materials"][2]["contributions"]


def _text_rank(doc):
    doc["materials"][0]["rank"] = "1"


def _set(*keys, value):
    """An edit that puts ``value`` at ``doc[k1][k2]…`` (or deletes it when value is ``...``)."""
    def edit(doc):
        node = doc
        for key in keys[:-1]:
            node = node[key]
        if value is ...:
            del node[keys[-1]]
        else:
            node[keys[-1]] = value
    return edit


#: (file name, edit of a good rank JSON, fragments of the one-line message)
EDITS = [
    ("names.json", _set("materials", 1, "names", value="Silicon"), ("materials[1].names", "a string")),
    ("tier.json", _set("materials", 0, "tier", value="urgent"), ("materials[0].tier", "'urgent'", "monitor")),
    ("entry.json", _set("materials", 4, value=[1]), ("materials[4]", "not an object", "a list")),
    ("nomaterials.json", _set("materials", value=[]), ("materials", "non-empty list")),
    ("lens.json", _set("materials", 0, "contributions", "market", value=...),
     ("materials[0].contributions", "lenses differ", "expected government, market")),
    ("crit.json", _set("materials", 5, "contributions", "government", "market_pull", value=...),
     ("materials[5].contributions", "criteria differ")),
    ("values.json", _set("materials", 2, "values", "patent_control", value=...),
     ("materials[2].values", "criteria differ")),
    ("score.json", _set("materials", 3, "market", value=None), ("materials[3].market", "expected a number", "null")),
    ("huge.json", _set("weights", "market", "market_pull", value="0.4"),
     ("weights.market.market_pull", "expected a number", "'0.4'")),
    ("wlens.json", _set("weights", "market", "market_pull", value=...), ("weights.market", "criteria differ")),
    ("case.json", _set("case", value=""), ("case", "non-empty string")),
    ("mix.json", _set("policy_mix", value=[0.5]), ("policy_mix", "a number or a word", "a list")),
    ("weights.json", _set("weights", value=[]), ("weights", "numbers by lens", "a list")),
    ("values2.json", _set("materials", 0, "values", value={}), ("materials[0].values", "numbers by criterion")),
    ("id.json", _set("materials", 0, "id", value=7), ("materials[0].id", "non-empty string", "7")),
]


@pytest.mark.parametrize("name, edit, fragments", EDITS, ids=[e[0].removesuffix(".json") for e in EDITS])
def test_a_damaged_rank_json_names_the_place(runner, tmp_path, base, name, edit, fragments):
    a_path, _ = base
    bad = _edited(a_path, tmp_path / name, edit)
    error_line(invoke(runner, "compare", str(a_path), str(bad)), 1, name, "Fix: pass a file written by", *fragments)


def test_an_infinite_number_is_refused(runner, tmp_path, base):
    a_path, _ = base
    text = a_path.read_text(encoding="utf-8").replace('"composite": ', '"composite": 1e400, "x": ', 1)
    bad = _write(tmp_path / "inf.json", text)
    error_line(invoke(runner, "compare", str(a_path), str(bad)), 1, "inf.json", "materials[0].composite",
               "expected a number")


def test_the_library_refuses_a_threshold_below_one(tmp_path, runner, base):
    a_path, _ = base
    with pytest.raises(OptionError, match="threshold"):
        compare_files(str(a_path), str(a_path), threshold=0)


@pytest.mark.parametrize("make, fragments", [
    (lambda d, a: d / "missing.json", ("missing.json", "no such file")),
    (lambda d, a: _write(d / "empty.json", ""), ("empty.json", "empty", "rank JSON")),
    (lambda d, a: _write(d / "bad.json", '{"case": "mini",\n'),
     ("bad.json", "line 2", "not JSON", "matrank rank --format json")),
    (lambda d, a: _write(d / "list.json", "[1, 2]"), ("list.json", "top level", "not an object")),
    (lambda d, a: _write(d / "other.json", '{"id": "x", "rows": []}'),
     ("other.json", "top level", "'case' is missing", "found keys id, rows")),
    (lambda d, a: _weights_file(d / "weights.json"), ("weights.json", "top level", "'ranking' is missing", "weights file")),
    (lambda d, a: _edited(a, d / "dup.json", _duplicate_id), ("dup.json", "materials[3].id", "given twice", "'sic'")),
    (lambda d, a: _edited(a, d / "old.json", _no_contributions),
     ("old.json", "materials[2]", "'contributions' is missing")),
    (lambda d, a: _edited(a, d / "rank.json", _text_rank), ("rank.json", "materials[0].rank", "'1'")),
    (lambda d, a: _write(d / "twice.json", '{"case": "a", "case": "b"}'),
     ("twice.json", "not a rank JSON", "given twice")),
], ids=["missing", "empty", "not-json", "not-an-object", "other-json", "weights-file", "duplicate-id", "no-contributions",
        "rank-not-a-number", "duplicate-key"])
def test_bad_input_is_one_line_naming_the_file_and_the_place(runner, tmp_path, base, make, fragments):
    a_path, _ = base
    bad = make(tmp_path, a_path)
    error_line(invoke(runner, "compare", str(a_path), str(bad)), 1, *fragments)
    error_line(invoke(runner, "compare", str(bad), str(a_path), "--format", "json"), 1, *fragments)


def test_a_sensitivity_json_is_not_a_rank_json(runner, tmp_path, base):
    a_path, _ = base
    smaa = tmp_path / "smaa.json"
    result = invoke(runner, "sensitivity", MINI, "--samples", "200", "--format", "json", "-o", str(smaa))
    assert result.exit_code == 0, result.output
    error_line(invoke(runner, "compare", str(a_path), str(smaa)), 1, "smaa.json", "top level", "is missing",
               "sensitivity JSON")


def test_two_cases_sharing_no_material(runner, tmp_path, base):
    a_path, a = base
    sz = tmp_path / "sz.json"
    b = rank_file(runner, sz, "shenzhen-2022")
    assert not {m["id"] for m in a["materials"]} & {m["id"] for m in b["materials"]}
    error_line(invoke(runner, "compare", str(a_path), str(sz)), 1, str(a_path), str(sz), "materials",
               "share no material", "'mini'", "'shenzhen-2022'")
