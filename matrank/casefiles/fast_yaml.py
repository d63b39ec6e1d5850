"""A fast path for reading large case files: rapidyaml parses the text in C++, and one
iterative pass builds the Python objects, with PyYAML's own resolver deciding what a plain
scalar is (so ``yes``, ``1_000``, ``0x10`` or ``2024-01-01`` mean exactly what PyYAML makes of
them) and PyYAML's own constructors converting it.

The fast path takes only plain documents. Anything else returns None, and the caller reads
the file with the checked PyYAML loader, which reports every problem with its line and
column: a parse error, anchors and aliases (where alias bombs live), tags, block scalars
(``|``, ``>``: their line-ending rules), a key given twice or a key that is not text,
nesting deeper than the limit, more than one document. Why: PyYAML's C loader builds a
Python node with two position marks for every scalar, five seconds for a 10,000-material
case; rapidyaml's tree is built in a fraction of a second.
"""

from __future__ import annotations

import re
from typing import Any

#: A cache miss.
_UNAVAILABLE = object()
#: Characters YAML does not allow in a document (PyYAML refuses them; rapidyaml would not).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_STR = "tag:yaml.org,2002:str"


def _modules():
    try:
        import ryml
    except ImportError:
        return None
    import yaml
    return ryml, yaml


class _Fallback(Exception):
    """The document needs the checked PyYAML loader."""


def fast_load(data: bytes, max_depth: int) -> Any:
    """The document as Python objects, or None when the PyYAML path must read it."""
    modules = _modules()
    if modules is None:
        return None
    ryml, yaml = modules
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.startswith("\ufeff") or _CONTROL.search(text):
        return None         # PyYAML names the character (or the byte) and its place
    try:
        tree = ryml.parse_in_arena(data)
    except Exception:  # any parse problem: the PyYAML path reports it with line and column
        return None
    try:
        return _Builder(tree, ryml, yaml, max_depth).build()
    except _Fallback:
        return None


class _Builder:
    def __init__(self, tree, ryml, yaml, max_depth: int):
        self.tree, self.none, self.max_depth = tree, ryml.NONE, max_depth
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        self.ScalarNode = yaml.ScalarNode
        self.cache: dict[str, Any] = {}
        # one type() call per node gives every flag; these sets send a node to the PyYAML path
        self.MAP, self.SEQ, self.VAL = ryml.MAP, ryml.SEQ, ryml.VAL
        self.KEYQUO, self.VALQUO = ryml.KEYQUO, ryml.VALQUO
        self.REFUSED_VAL = ryml.VALANCH | ryml.VALREF | ryml.VALTAG | ryml.VAL_LITERAL | ryml.VAL_FOLDED
        self.REFUSED_KEY = ryml.KEYANCH | ryml.KEYREF | ryml.KEYTAG | ryml.KEY_LITERAL | ryml.KEY_FOLDED

    def children(self, n: int) -> list[int]:
        t, none = self.tree, self.none
        out = []
        c = t.first_child(n)
        while c != none:
            out.append(c)
            c = t.next_sibling(c)
        return out

    def build(self) -> Any:
        t = self.tree
        root = t.root_id()
        if t.is_stream(root):
            docs = self.children(root)
            if len(docs) != 1:
                raise _Fallback
            root = docs[0]
        return self.node(root, t.type(root), 1)

    def node(self, n: int, flags: int, depth: int) -> Any:
        if depth > self.max_depth or flags & self.REFUSED_VAL:
            raise _Fallback
        t, none, plain = self.tree, self.none, self.plain
        if flags & self.MAP:
            out: dict = {}
            c = t.first_child(n)
            while c != none:
                cf = t.type(c)
                if cf & self.REFUSED_KEY:
                    raise _Fallback
                key = bytes(t.key(c)).decode("utf-8")
                if key in out or key == "<<" or (not cf & self.KEYQUO and not isinstance(plain(key), str)):
                    raise _Fallback       # a key twice, a merge, a key YAML reads as a number or truth value
                if cf & self.VAL and not cf & self.REFUSED_VAL:       # a scalar: no call needed
                    text = bytes(t.val(c)).decode("utf-8")
                    out[key] = text if cf & self.VALQUO else plain(text)
                else:
                    out[key] = self.node(c, cf, depth + 1)
                c = t.next_sibling(c)
            return out
        if flags & self.SEQ:
            items = []
            c = t.first_child(n)
            while c != none:
                items.append(self.node(c, t.type(c), depth + 1))
                c = t.next_sibling(c)
            return items
        if not flags & self.VAL:
            raise _Fallback
        text = bytes(t.val(n)).decode("utf-8")
        return text if flags & self.VALQUO else plain(text)

    def plain(self, text: str) -> Any:
        """A plain scalar as PyYAML reads it."""
        hit = self.cache.get(text, _UNAVAILABLE)
        if hit is not _UNAVAILABLE:
            return hit
        tag = self.resolver.resolve(self.ScalarNode, text, (True, False))
        value = text if tag == _STR else self.constructor.construct_object(self.ScalarNode(tag, text))
        if len(self.cache) < 100_000:
            self.cache[text] = value
        return value
