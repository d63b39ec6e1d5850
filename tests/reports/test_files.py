"""Safe output: never over an input, never over a file unasked, every OS error one line."""

from __future__ import annotations

import os

import pytest
from conftest import DATA, error_line, invoke

from matrank.errors import OutputError
from matrank.reports.files import check_output, write_text_atomic

MINI = str(DATA / "mini.yaml")


@pytest.mark.parametrize("target, extra, fragments", [
    ("<long>", [], ["cannot write", "file name is too long"]),
    ("", [], ["the output path is empty"]),
    ("/dev/null", ["--force"], ["is not a regular file"]),
    ("<in a file>", [], ["is a file, not a folder"]),
    ("<no folder>", [], ["does not exist; create it first"]),
    ("<the case>", ["--force"], ["refusing to overwrite an input file"]),
])
def test_outputs_that_cannot_or_must_not_be_written(runner, tmp_path, target, extra, fragments):
    places = {"<folder>": str(tmp_path / "dir"), "<long>": str(tmp_path / ("x" * 300 + ".json")),
              "<in a file>": str(tmp_path / "file.txt" / "out.json"), "<no folder>": str(tmp_path / "no" / "o.json"),
              "<the case>": str(tmp_path / "case.yaml")}
    (tmp_path / "dir").mkdir()
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "case.yaml").write_bytes(open(MINI, "rb").read())
    case = places["<the case>"] if target == "<the case>" else MINI
    result = invoke(runner, "rank", case, "--format", "json", "-o", places.get(target, target), *extra)
    error_line(result, 1, *fragments)


def test_a_folder_is_no_output(runner, tmp_path):
    with pytest.raises(OutputError, match="is a folder; give a file name"):
        check_output(tmp_path, force=True)
    error_line(invoke(runner, "rank", MINI, "-o", str(tmp_path), "--force"), 2, "is a directory")


def test_an_unwritable_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    with pytest.raises(OutputError, match="is not writable"):
        check_output(tmp_path / "out.json")


def test_an_error_while_writing_leaves_nothing_behind(tmp_path, monkeypatch):
    def refuse(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="out.json: cannot write: No space left on device"):
        write_text_atomic(tmp_path / "out.json", "text")
    assert list(tmp_path.iterdir()) == []
