"""Read a case from YAML (PyYAML's safe loader) into a validated :class:`Case`."""

from __future__ import annotations

from pathlib import Path

from matrank.casefiles.build import build_case
from matrank.errors import InputError, InputErrors
from matrank.inputfile import read_input
from matrank.model import Case

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

    class CaseLoader(yaml.SafeLoader):
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
        return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)

    CaseLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return CaseLoader


def _check_expansion(root) -> None:
    """Refuse alias bombs and self-referring aliases before anything walks the document."""
    import yaml

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(k)] for k in _children(node))
            if sizes[key] > MAX_EXPANDED_NODES:
                raise _CaseYAMLProblem(
                    "the YAML's aliases expand it beyond what a case can be", node.start_mark,
                    found=f"more than {MAX_EXPANDED_NODES:,} nodes once expanded",
                    expected="a case written out (aliases that repeat a few values are fine)",
                    fix="write the repeated parts out, or check that this is the right file")
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise _CaseYAMLProblem("an alias refers to a node that contains it", node.start_mark,
                                   fix="remove the alias: a case cannot contain itself")
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in _children(node) if id(k) not in sizes)


def _children(node) -> list:
    """A collection node's children: a mapping's keys and values, a sequence's items."""
    import yaml
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value)


def parse_yaml(data: bytes, file: str):
    import yaml

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
        raise InputError(f"malformed YAML: {exc.problem}", file=file, where=_line_column(exc.problem_mark),
                         fix="check the indentation and quoting at that place") from None
    except yaml.reader.ReaderError as exc:      # a byte YAML does not allow, placed by offset only
        line, column = _place(data, exc.position)
        raise InputError("a character YAML does not allow", file=file, where=f"line {line}, column {column}",
                         found=f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character),
                         fix="remove it (a control character such as NUL is never part of a case)") from None
    except yaml.YAMLError as exc:  # every known YAML error is one of the above: a safety net
        raise InputError(f"malformed YAML: {exc}", file=file) from None  # pragma: no cover


def _place(data: bytes, position: int) -> tuple[int, int]:
    """Line and column (1-based) of character ``position`` in the decoded text."""
    before = data.decode("utf-8", errors="replace")[:position]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _line_column(mark) -> str | None:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else None


def read_yaml_case(path: str | Path) -> Case:
    source = read_input(path, "case")
    raw = parse_yaml(source.data, source.path)
    if raw is None:
        raise InputErrors(source.path, [InputError("the file holds no YAML document", file=source.path)])
    return build_case(raw, file=source.path, input_hash=source.sha256)
