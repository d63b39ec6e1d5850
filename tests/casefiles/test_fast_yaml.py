"""The fast path for large case files reads exactly what PyYAML reads, and hands every
document it does not take to PyYAML (which names the problems)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from conftest import DATA

from matrank.casefiles import shipped_cases
from matrank.casefiles.fast_yaml import fast_load

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from big_case import big_case_text  # noqa: E402

README = Path(__file__).resolve().parents[2] / "README.md"


def pyyaml(data: bytes):
    return yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def documents():
    yield "mini", (DATA / "mini.yaml").read_bytes()
    for name, path in shipped_cases().items():
        yield name, path.read_bytes()
    yield "readme", re.search(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1).encode()
    yield "generated", big_case_text(300).encode()
    yield "scalars", ("a: 1\nb: [x, 'y', \"z\\t\", 1_000, 0x10, 010, 1.5e3, 1e-3, .inf, 2024-01-01, 1:30, true, "
                      "null, '3', -2, 3.0]\nc: {d: long text, e: \"1/3\"}\nd: multi\n  line plain\n"
                      "f: 'it''s'\n# a comment\ng: []\nh: {}\n中文: 值\n").encode()


@pytest.mark.parametrize("name, data", list(documents()), ids=[n for n, _ in documents()])
def test_the_fast_path_reads_what_pyyaml_reads(name, data):
    fast = fast_load(data, 64)
    assert fast is not None, f"{name} should take the fast path"
    assert fast == pyyaml(data)
    assert [type(x) for x in _leaves(fast)] == [type(x) for x in _leaves(pyyaml(data))]


def _leaves(node):
    if isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from _leaves(v)
    elif isinstance(node, list):
        for v in node:
            yield from _leaves(v)
    else:
        yield node


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",                      # anchors and aliases: where alias bombs live
    "a: !!str 3\n",                          # tags
    "a: |\n  two\n  lines\n",                # block scalars: their own line-ending rules
    "a: >\n  folded\n",
    "a: 1\na: 2\n",                          # a key twice
    "yes: 1\n",                              # a key that is not text
    "1: 1\n",
    "<<: {a: 1}\n",                          # a merge key
    "a: 1\n---\nb: 2\n",                     # two documents
    "a: [b: [c: [d: [e: 1]]]]\n",            # deeper than the limit given below
    "a: x\x00y\n",                           # control characters
    "\ufeffa: 1\n",                          # a byte-order mark
    "a: [1, 2\n",                            # malformed
])
def test_anything_else_goes_to_pyyaml(text):
    assert fast_load(text.encode("utf-8"), 4) is None


def test_bytes_that_are_not_utf8_go_to_pyyaml():
    assert fast_load(b"a: \xff\n", 64) is None
