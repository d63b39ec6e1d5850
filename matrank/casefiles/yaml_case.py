"""Read a case from YAML (PyYAML's safe loader) into a validated :class:`Case`."""

from __future__ import annotations

from pathlib import Path

from matrank.casefiles.build import build_case
from matrank.casefiles.fast_yaml import fast_load
from matrank.errors import InputError, InputErrors
from matrank.inputfile import read_input
from matrank.model import Case
from matrank.reports.files import write_text_atomic

#: Nesting deeper than this is no case (one is six levels deep).
MAX_DEPTH = 64
#: Aliases may repeat a node: a document expanding to more than this many times the nodes it
#: writes (and more than MAX_EXPANDED_NODES) is refused.
EXPANSION_RATIO = 4
#: Aliases may repeat a node; beyond this many nodes once expanded, a file is refused
#: (a "billion laughs" document is a few hundred bytes that expand to 10^9 nodes). The
#: shipped default case has about 3,500 nodes; a 5 MB file written out in full has fewer.
MAX_EXPANDED_NODES = 1_000_000


class _CaseYAMLProblem(Exception):
    """Raised inside the loader; turned into an InputError with the line and column."""

    def __init__(self, problem: str, mark, **detail):
        super().__init__(problem)
        self.problem, self.mark, self.detail = problem, mark, detail


def _case_loader():
    import yaml

    # libyaml's C parser where PyYAML was built with it (it is on every platform's wheels):
    # a 10,000-material case composes several times faster than with the Python one.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class CaseLoader(base):
        """PyYAML's safe loader, refusing what it would otherwise accept in silence:
        a key given twice (the last would win) and a key that is not text."""

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        seen: dict = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise _CaseYAMLProblem(
                    "a key is not text", key_node.start_mark, found=repr(key),
                    fix=f'quote it: "{key_node.value}" (YAML reads yes/no/on/off as true/false and '
                        f'digits as numbers)')
            if key in seen:
                raise _CaseYAMLProblem(
                    f"the key {key!r} is given twice in one mapping", key_node.start_mark,
                    found=f"also at line {seen[key].line + 1}",
                    fix="keep one of them (YAML would silently keep only the last)")
            seen[key] = key_node.start_mark
        return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)

    CaseLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return CaseLoader


def _check_expansion(root) -> None:
    """Refuse alias bombs, self-referring aliases and deep nesting before anything walks the
    document: one pass over the composed nodes, no recursion."""
    import yaml

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack = [(root, False, 1)]
    while stack:
        node, children_done, depth = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(k)] for k in _children(node))
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise _CaseYAMLProblem("an alias refers to a node that contains it", node.start_mark,
                                   fix="remove the alias: a case cannot contain itself")
        if depth > MAX_DEPTH:
            raise _CaseYAMLProblem("the YAML is nested too deeply", node.start_mark,
                                   found=f"more than {MAX_DEPTH} levels", expected="a case (six levels at most)",
                                   fix="check that this is the right file")
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        open_nodes.add(key)
        stack.append((node, True, depth))
        stack.extend((k, False, depth + 1) for k in _children(node) if id(k) not in sizes)
    limit = max(MAX_EXPANDED_NODES, EXPANSION_RATIO * len(sizes))
    if sizes[id(root)] > limit:
        raise _CaseYAMLProblem(
            "the YAML's aliases expand it beyond what a case can be", root.start_mark,
            found=f"{sizes[id(root)]:,} nodes once expanded, from {len(sizes):,} written",
            expected="a case written out (aliases that repeat a few values are fine)",
            fix="write the repeated parts out, or check that this is the right file")


def _children(node) -> list:
    """A collection node's children: a mapping's keys and values, a sequence's items."""
    import yaml
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value)


def parse_yaml(data: bytes, file: str):
    """The YAML document as Python objects: through the fast path when the document is plain
    (:mod:`.fast_yaml`), else through PyYAML's checked loader, which names every problem."""
    import yaml

    fast = fast_load(data, MAX_DEPTH)
    if fast is not None:
        return fast
    try:
        loader = _case_loader()(data.decode("utf-8"))
        try:
            root = loader.get_single_node()
            if root is None:
                return None
            _check_expansion(root)
            return loader.construct_document(root)
        finally:
            loader.dispose()
    except UnicodeDecodeError as exc:
        raise InputError("the file is not UTF-8 text", file=file, found=f"byte {exc.start}",
                         fix="save it as UTF-8") from None
    except _CaseYAMLProblem as exc:
        raise InputError(exc.problem, file=file, where=_line_column(exc.mark), **exc.detail) from None
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):
            raise InputError("the YAML is nested too deeply", file=file, where=_line_column(exc.problem_mark),
                             expected="a case (six levels at most)", fix="check that this is the right file") from None
        raise InputError(f"malformed YAML: {exc.problem}", file=file, where=_line_column(exc.problem_mark),
                         fix="check the indentation and quoting at that place") from None
    except yaml.reader.ReaderError as exc:      # a byte YAML does not allow, placed by offset only
        line, column = _place(data, exc.position, counts_bytes=hasattr(yaml, "CSafeLoader"))
        raise InputError("a character YAML does not allow", file=file, where=f"line {line}, column {column}",
                         found=f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character),
                         fix="remove it (a control character such as NUL is never part of a case)") from None
    except yaml.YAMLError as exc:  # every known YAML error is one of the above: a safety net
        raise InputError(f"malformed YAML: {exc}", file=file) from None  # pragma: no cover


def _place(data: bytes, position: int, counts_bytes: bool) -> tuple[int, int]:
    """Line and column (1-based) of ``position``: a byte offset for libyaml's reader, a
    character offset for PyYAML's own."""
    before = (data[:position].decode("utf-8", errors="replace") if counts_bytes
              else data.decode("utf-8", errors="replace")[:position])
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _line_column(mark) -> str | None:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else None


def read_yaml_case(path: str | Path) -> Case:
    source = read_input(path, "case")
    raw = parse_yaml(source.data, source.path)
    if raw is None:
        raise InputErrors(source.path, [InputError("the file holds no YAML document", file=source.path)])
    return build_case(raw, file=source.path, input_hash=source.sha256)


def write_yaml_case(raw: dict, path: str | Path, *, force: bool = False, inputs=()) -> Path:
    """A case's raw mapping as YAML (readable, in the order of the format), written atomically."""
    import yaml

    from_text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110)
    return write_text_atomic(path, "# matrank case (format matrank-case/1)\n" + from_text, force=force, inputs=inputs)
