"""The one door for input files: size-limited, read once, hashed, errors on one line."""

from __future__ import annotations

import os

import pytest

from matrank.errors import InputError
from matrank.inputfile import read_input


def test_a_file_is_read_once_and_hashed(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x,1\n")
    source = read_input(path, "CSV")
    assert source.data == b"x,1\n" and source.name == "a.csv"
    assert source.sha256 == "sha256:" + __import__("hashlib").sha256(b"x,1\n").hexdigest()


@pytest.mark.parametrize("make, message", [
    (lambda tmp: "", "the path is empty"),
    (lambda tmp: str(tmp), "is a folder, not a file"),
    (lambda tmp: str(tmp / "missing.csv"), "no such file"),
    (lambda tmp: "/dev/null", "is not a regular file"),
    (lambda tmp: str(tmp / ("x" * 300)), "the file name is too long"),
])
def test_paths_that_are_no_file(tmp_path, make, message):
    with pytest.raises(InputError, match=message) as info:
        read_input(make(tmp_path), "CSV")
    assert "\n" not in str(info.value)


def test_a_file_that_grows_while_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * 100)
    real = os.stat

    def small(p, *a, **k):           # the size seen before reading: 10 bytes
        info = real(p, *a, **k)
        return os.stat_result((info.st_mode, 0, 0, 0, 0, 0, 10) + tuple(info)[7:])
    monkeypatch.setattr(os, "stat", small)
    with pytest.raises(InputError, match="too large for a CSV; found more than"):
        read_input(path, "CSV", limit=50)


def test_permission_denied_is_said_so(tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x")

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(InputError, match="permission denied"):
        read_input(path, "CSV")
