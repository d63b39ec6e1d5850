"""The weights-file door (``--weights`` of rank and sensitivity): every malformed file is a
one-line error naming the file and the key path, exit 1, never a traceback; a file
``panel collect --weights-out`` wrote is always accepted."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import DATA, error_line, invoke

from matrank.casefiles import load_case
from matrank.weightsfile import read_weights

MINI = str(DATA / "mini.yaml")
IDS = ("import_dependence", "patent_control", "validation_cycle", "market_pull")


def good() -> dict:
    case = load_case(MINI)
    even = {c: 0.25 for c in IDS}
    return {"format": "matrank-weights/1", "case": case.id, "criteria_hash": case.criteria_hash,
            "criteria": list(IDS), "weights": {"government": dict(even), "market": dict(even)},
            "consistency": {"government": {"cr": 0.01, "consistent": True}},
            "basis": {"government": "a panel"},
            "experts": {"government": [{"id": "e1.xlsx", "weights": dict(even)}]},
            "ratings": {"euv": {"validation_years": {"value": 6.0, "low": 5.0, "high": 8.0, "experts": 2}}}}


def changed(path: str, value):
    """The good file with the value at a dotted key path replaced (or removed, for ...)."""
    doc = good()
    keys = path.split(".")
    node = doc
    for key in keys[:-1]:
        node = node[key]
    if value is ...:
        del node[keys[-1]]
    else:
        node[keys[-1]] = value
    return doc


def deep(levels: int) -> str:
    return json.dumps({**good(), "provenance": {}})[:-1] + ', "x": ' + "[" * levels + "]" * levels + "}"


# (name, the file's text or bytes, fragments of the one-line error)
BAD = [
    ("experts not objects", changed("experts.government", ["x"]), ["experts.government[0]", "not of type 'object'"]),
    ("a list under ratings", changed("ratings", [1, 2]), ["ratings", "not of type 'object'"]),
    ("consistency not an object", changed("consistency.government", 0.3),
     ["consistency.government", "not of type 'object'"]),
    ("NaN weight", json.dumps(good()).replace('"market_pull": 0.25', '"market_pull": NaN', 1),
     ["NaN is not a number in JSON"]),
    ("negative weight", changed("weights.market.patent_control", -0.2), ["weights.market.patent_control", "-0.2"]),
    ("zero weight", changed("weights.market.patent_control", 0), ["weights.market.patent_control"]),
    ("a weight as text", changed("weights.market.patent_control", "0.2"), ["weights.market.patent_control",
                                                                           "not of type 'number'"]),
    ("no lens", changed("weights", {}), ["weights", "empty"]),
    ("unknown lens", changed("weights.society", {c: 1 for c in IDS}), ["weights", "'society'"]),
    ("a lens's weights missing", changed("weights.government", ...),
     ["consistency.government", "names the government lens, which has no weights"]),
    ("a criterion missing", changed("weights.market", {c: 1 for c in IDS[:3]}),
     ["weights.market", "must name every criterion", "missing market_pull"]),
    ("an unknown criterion", changed("weights.market", {**{c: 1 for c in IDS}, "cost": 1}),
     ["weights.market", "unknown cost"]),
    ("another case", changed("case", "shenzhen-2022"), ["case", "made for another case", "'shenzhen-2022'"]),
    ("other criteria", changed("criteria_hash", "0000"), ["criteria_hash", "made for other criteria"]),
    ("another format", changed("format", "matrank-weights/2"), ["format", "this matrank reads"]),
    ("no format", changed("format", ...), ["(top level)", "'format' is required"]),
    ("unknown key", changed("weigths", {}), ["(top level)", "unknown key", "'weigths'"]),
    ("not an object", "[1, 2, 3]", ["(top level)", "not of type 'object'"]),
    ("not JSON", "{weights: 1}", ["not JSON", "line 1, column 2"]),
    ("a key twice", '{"format": "matrank-weights/1", "format": "x"}', ["given twice"]),
    ("nested 100 deep", deep(100), ["nested too deeply", "64"]),
    ("nested 1,000 deep", deep(1000), ["nested too deeply", "64"]),
    ("nested 100,000 deep", deep(100_000), ["nested too deeply"]),
    ("not UTF-8", b'{"format": "\xff"}', ["not UTF-8"]),
    ("empty", "", ["the file is empty"]),
    ("rating of an unknown material", changed("ratings", {"unobtainium": {"validation_years":
                                                                          {"value": 1, "low": 0, "high": 2}}}),
     ["ratings.unobtainium", "unknown material"]),
    ("rating of an indicator the material lacks", changed("ratings.euv", {"market_size": {"value": 1, "low": 0,
                                                                                          "high": 2}}),
     ["ratings.euv.market_size", "does not have"]),
    ("rating outside its range", changed("ratings.euv.validation_years.value", 9.0),
     ["ratings.euv.validation_years", "outside its range"]),
    ("rating without a range", changed("ratings.euv.validation_years.low", ...),
     ["ratings.euv.validation_years", "'low' is required"]),
]


def _file(tmp_path: Path, content) -> str:
    path = tmp_path / "w.json"
    if isinstance(content, dict):
        content = json.dumps(content)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name, content, fragments", BAD, ids=[row[0] for row in BAD])
def test_weights_file_door(runner, tmp_path, name, content, fragments):
    path = _file(tmp_path, content)
    result = invoke(runner, "rank", MINI, "--weights", path)
    error_line(result, 1, path, *fragments)


def test_a_50_mb_file_is_refused_before_it_is_read(runner, tmp_path):
    path = tmp_path / "w.json"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    error_line(invoke(runner, "rank", MINI, "--weights", str(path)), 1, "too large for a weights file",
               "50 MiB", "at most 20 MiB")


@pytest.mark.parametrize("where", ["missing", "folder"])
def test_a_path_that_is_no_file(runner, tmp_path, where):
    path = tmp_path / "nothing.json" if where == "missing" else tmp_path
    result = invoke(runner, "rank", MINI, "--weights", str(path))
    if where == "missing":
        error_line(result, 1, "nothing.json", "no such file")
    else:
        error_line(result, 2, "is a directory")


def test_the_good_file_is_read(tmp_path):
    wf = read_weights(_file(tmp_path, good()), load_case(MINI))
    assert set(wf.lenses) == {"government", "market"} and wf.from_panel
    assert wf.input_hash.startswith("sha256:") and len(wf.input_hash) == 71


def test_a_value_a_rounding_step_below_its_range_is_clamped(tmp_path):
    doc = good()
    doc["ratings"]["euv"]["validation_years"] = {"value": 4.624999999999999, "low": 4.625, "high": 5.0}
    wf = read_weights(_file(tmp_path, doc), load_case(MINI))
    assert wf.ratings["euv"]["validation_years"]["value"] == 4.625


def test_one_lens_is_enough(runner, tmp_path):
    doc = good()
    for key in ("weights", "consistency", "basis", "experts"):
        doc[key].pop("market", None)
    result = invoke(runner, "rank", MINI, "--weights", _file(tmp_path, doc), "--format", "json")
    data = json.loads(result.stdout)
    assert data["weights_basis"]["market"]["origin"] == "case"
    assert data["weights_basis"]["government"]["basis"] == "a panel"


def test_an_input_is_never_changed(tmp_path):
    doc = good()
    path = _file(tmp_path, doc)
    before = Path(path).read_bytes()
    read_weights(path, load_case(MINI))
    assert Path(path).read_bytes() == before and copy.deepcopy(doc) == doc
