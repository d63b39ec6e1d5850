"""The two CSV doors (``matrank ahp`` reads a pairwise matrix, ``matrank topsis`` a decision
matrix): every bad input is a one-line error naming the file and the place, exit 1 (or 2
for a usage error), never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import error_line, invoke

GOOD_PAIRWISE = ",a,b,c\na,1,2,4\nb,,1,2\nc,,,1\n"
GOOD_DECISION = "id,price,comfort\nx,10,3\ny,12,5\nz,9,4\n"


def _write(tmp_path: Path, content) -> str:
    path = tmp_path / "in.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


# (name, file content or a special path, extra args, exit code, fragments of the one-line error)
PAIRWISE = [
    ("missing", None, [], 1, ["no such file"]),
    ("folder", "<dir>", [], 2, ["is a directory"]),
    ("device", "/dev/null", [], 1, ["/dev/null", "is not a regular file"]),
    ("empty", "", [], 1, ["the file is empty"]),
    ("blank lines only", "\n\n", [], 1, ["the file is empty"]),
    ("not utf-8", b",a,b\na,1,\xff\nb,,1\n", [], 1, ["not UTF-8", "byte"]),
    ("not square", ",a,b,c\na,1,2,3\nb,,1,2\n", [], 1, ["not square", "3 column labels and 2 rows"]),
    ("unlabelled", ",,\na,1,2\nb,,1\n", [], 1, ["row 1", "unlabelled"]),
    ("labels differ", ",a,b\na,1,2\nc,,1\n", [], 1, ["row 3", "row and column labels differ"]),
    ("row without label", ",a,b\na,1,2\n,,1\n", [], 1, ["row 3", "a row has no label"]),
    ("extra cells", ",a,b\na,1,2,9\nb,,1\n", [], 1, ["row a", "more cells than there are labels"]),
    ("a word", ",a,b\na,1,lots\nb,,1\n", [], 1, ["row a, column b", "not a number", "'lots'"]),
    ("zero", ",a,b\na,1,0\nb,,1\n", [], 1, ["row a, column b", "zero or negative"]),
    ("negative", ",a,b\na,1,-3\nb,,1\n", [], 1, ["row a, column b", "zero or negative"]),
    ("division by zero", ",a,b\na,1,1/0\nb,,1\n", [], 1, ["row a, column b", "denominator cannot be 0"]),
    ("infinite", ",a,b\na,1,inf\nb,,1\n", [], 1, ["row a, column b", "not a finite number"]),
    ("off the scale", ",a,b\na,1,12\nb,,1\n", [], 1, ["in.csv", "12"]),
    ("not reciprocal", ",a,b\na,1,2\nb,3,1\n", [], 1, ["in.csv", "not reciprocal"]),
    ("disconnected", ",a,b,c,d\na,1,2,,\nb,,1,,\nc,,,1,3\nd,,,,1\n", [], 1, ["in.csv", "disconnected"]),
    ("one element", ",a\na,1\n", [], 1, ["in.csv"]),
    ("too large", "<big>", [], 1, ["too large for a CSV", "MiB"]),
    ("threshold and graduated", GOOD_PAIRWISE, ["--threshold", "0.1", "--graduated"], 2, ["--graduated"]),
    ("threshold out of range", GOOD_PAIRWISE, ["--threshold", "1.5"], 2, ["--threshold"]),
]

DECISION = [
    ("missing", None, [], 1, ["no such file"]),
    ("empty", "", [], 1, ["the file is empty"]),
    ("not utf-8", b"id,a\nx,\xff\n", [], 1, ["not UTF-8"]),
    ("no criteria", "id\nx\n", [], 1, ["row 1", "name an id column and then each criterion"]),
    ("criterion twice", "id,a,a\nx,1,2\n", [], 1, ["row 1", "criterion names repeat", "a"]),
    ("no alternatives", "id,price,comfort\n", [], 1, ["no alternatives"]),
    ("row without id", "id,price,comfort\n,1,2\n", [], 1, ["row 2", "a row has no id"]),
    ("short row", "id,price,comfort\nx,1\n", [], 1, ["row 2 (x)", "wrong number of cells"]),
    ("a word", "id,price,comfort\nx,1,cheap\ny,2,3\n", [], 1, ["row x, column comfort", "not a number"]),
    ("infinite", "id,price,comfort\nx,1,inf\ny,2,3\n", [], 1, ["row x, column comfort", "not a finite number"]),
    ("id twice", "id,price,comfort\nx,1,2\nx,2,3\n", [], 1, ["alternative ids repeat", "x"]),
    ("weights count", GOOD_DECISION, ["--weights", "1,2,3"], 1, ["--weights", "differ in number"]),
    ("weight a word", GOOD_DECISION, ["--weights", "1,heavy"], 1, ["--weights", "'heavy' (position 2)"]),
    ("weight zero", GOOD_DECISION, ["--weights", "1,0"], 1, ["--weights", "comfort", "not a positive"]),
    ("type unknown", GOOD_DECISION, ["--types", "cost,better"], 1, ["--types", "'better' (position 2)"]),
    ("types count", GOOD_DECISION, ["--types", "cost"], 1, ["--types", "differ in number"]),
]


def _path(tmp_path, content):
    if content is None:
        return str(tmp_path / "missing.csv")
    if content == "<dir>":
        return str(tmp_path)
    if content == "/dev/null":
        return content
    if content == "<big>":
        path = tmp_path / "big.csv"
        with open(path, "wb") as handle:          # sparse: 21 MiB of nothing on disk
            handle.truncate(21 * 1024 * 1024)
        return str(path)
    return _write(tmp_path, content)


@pytest.mark.parametrize("name, content, extra, code, fragments", PAIRWISE, ids=[row[0] for row in PAIRWISE])
def test_pairwise_csv_door(runner, tmp_path, name, content, extra, code, fragments):
    path = _path(tmp_path, content)
    result = invoke(runner, "ahp", path, *extra)
    error_line(result, code, *fragments)


@pytest.mark.parametrize("name, content, extra, code, fragments", DECISION, ids=[row[0] for row in DECISION])
def test_decision_csv_door(runner, tmp_path, name, content, extra, code, fragments):
    path = _path(tmp_path, content)
    args = {"--weights": "1,1", "--types": "cost,benefit"}
    for flag, value in zip(extra[::2], extra[1::2]):
        args[flag] = value
    result = invoke(runner, "topsis", path, *[x for kv in args.items() for x in kv])
    message = error_line(result, code, *fragments)
    if content not in (None, "<dir>", "/dev/null") and "--" not in " ".join(fragments):
        assert os.path.basename(path) in message


def test_good_files_pass_the_doors(runner, tmp_path):
    assert invoke(runner, "ahp", _write(tmp_path, GOOD_PAIRWISE)).exit_code == 0
    assert invoke(runner, "topsis", _write(tmp_path, GOOD_DECISION), "--weights", "1,1",
                  "--types", "cost,benefit").exit_code == 0
