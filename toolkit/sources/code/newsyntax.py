"""Reading Python syntax newer than the interpreter running opsdoc.

opsdoc runs on Python 3.11, but the projects it scans may use 3.12+ syntax: type
parameters and ``type`` aliases (PEP 695) and f-strings that reuse their quotes, hold
backslashes or comments, or span lines (PEP 701). ``ast`` of 3.11 rejects those
files. For them, libcst (a maintained parser that reads every released grammar)
locates the new constructs, and each is rewritten into 3.11 syntax *in place*:
the same lines, the same columns, so every fact keeps its ``path:line`` and its
snippet (snippets are taken from the original text):

- ``def f[T](...)`` and ``class C[T]:`` lose their type parameters (blanked);
- ``type Alias[T] = value`` becomes ``Alias = value`` (the value keeps its columns);
- an f-string 3.11 cannot read becomes a parenthesised tuple of its replacement
  fields at their original columns, and the tree gets a ``JoinedStr`` of those
  expressions back after parsing, as ``ast`` would give.

A file libcst cannot read either has a real syntax error, reported as before.
"""

from __future__ import annotations

import ast
import importlib
import re
import threading
import warnings
from collections.abc import Callable, Iterator
from typing import Any


def parse_newer(source: str, path: str, rewrite_all: bool = False) -> ast.Module | None:
    """The tree of a file using syntax newer than this interpreter's, or None.

    None when libcst is missing or cannot read the file either (a real syntax error).
    ``rewrite_all`` rewrites every f-string, not only those 3.11 rejects: the tests use
    it to check that rewritten trees give the same facts as ``ast`` on ordinary files.
    """
    try:
        cst: Any = importlib.import_module("libcst")
        meta: Any = importlib.import_module("libcst.metadata")
    except ImportError:
        return None
    if not hasattr(cst, "TypeAlias"):
        return None  # older than PEP 695 support: it cannot read these files either
    if not rewrite_all and (not NEWER.search(source) or _too_deep(source)):
        return None  # nothing newer to read, or a shape no real file has (hostile input)
    parsed = _on_big_stack(lambda: _cst_positions(cst, meta, source))
    if parsed is None:
        return None
    module, positions = parsed
    lines = source.splitlines(keepends=True)
    buf = _Buffer(lines)
    fstrings: list[tuple[int, int]] = []
    for node in _walk(module, cst):
        if isinstance(node, cst.FunctionDef | cst.ClassDef) and node.type_parameters:
            buf.blank(positions[node.type_parameters])
        elif isinstance(node, cst.TypeAlias):
            start = positions[node].start
            name_end = positions[node.type_parameters or node.name].end
            buf.blank_range(start.line, start.column, name_end.line, name_end.column)
            buf.put(start.line, start.column, node.name.value)
    for node in _outer_fstrings(module, cst):
        where = positions[node]
        text = buf.segment(where)
        if rewrite_all or not _reads_on_this_python(text):
            _rewrite_fstring(node, positions, buf, cst, fstrings)
    text = buf.text()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError):
        return None
    if fstrings:
        starts = {(line, _byte_col(text, line, col)) for line, col in fstrings}
        tree = _Rejoin(starts).visit(tree)
    return tree


NEWER = re.compile(
    r"(?m)^[ \t]*type[ \t]+\w+|(?:def|class)[ \t]+\w+[ \t]*\[|(?:\b[rR]?[fF]|\b[fF][rR])[\"']"
)
"""Text without which a file holds none of the constructs rewritten here."""
MAX_DEPTH = 100
"""Bracket nesting or indentation levels beyond which a file is not handed to libcst (CPython
itself stops at 200 brackets; no real module comes near either)."""
STACK_BYTES = 256 * 1024 * 1024
"""Stack of the thread libcst parses on (reserved address space, not memory used): its
native parser recurses, and a hostile file must not overflow the main thread's stack."""


def _too_deep(source: str) -> bool:
    depth = 0
    for ch in source:
        if ch in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif ch in ")]}":
            depth = max(0, depth - 1)
    indents = (len(line) - len(line.lstrip(" \t")) for line in source.splitlines())
    return max(indents, default=0) > MAX_DEPTH * 4


def _cst_positions(cst: Any, meta: Any, source: str) -> tuple[Any, Any] | None:
    try:
        module = cst.parse_module(source)
        wrapper = meta.MetadataWrapper(module, unsafe_skip_copy=True)
        return module, wrapper.resolve(meta.PositionProvider)
    except Exception:  # any failure of the fallback means "cannot read"
        return None


def _on_big_stack(work: Callable[[], tuple[Any, Any] | None]) -> tuple[Any, Any] | None:
    out: list[tuple[Any, Any] | None] = [None]

    def run() -> None:
        out[0] = work()

    previous = threading.stack_size()
    try:
        threading.stack_size(STACK_BYTES)
        thread = threading.Thread(target=run, name="opsdoc-libcst", daemon=True)
        thread.start()
    except (RuntimeError, ValueError, MemoryError):
        return work()  # no thread with that stack here: parse on this one
    finally:
        threading.stack_size(previous)
    thread.join()
    return out[0]


def _walk(node: Any, cst: Any) -> Iterator[Any]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


def _outer_fstrings(module: Any, cst: Any) -> Iterator[Any]:
    stack = [module]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.FormattedString):
            yield n
            continue
        stack.extend(reversed(n.children))


def _reads_on_this_python(text: str) -> bool:
    try:
        ast.parse(f"(\n{text}\n)", mode="eval")
    except (SyntaxError, ValueError):
        return False
    return True


def _rewrite_fstring(
    node: Any, positions: Any, buf: _Buffer, cst: Any, out: list[tuple[int, int]]
) -> None:
    """Blank the f-string but its expressions; ``(`` and ``)`` at its ends, ``,`` after each."""
    where = positions[node]
    kept = []
    for part in _fields(node, cst):
        kept.append(positions[part])
    buf.blank(where)
    for expr_pos in kept:
        buf.restore(expr_pos)
    buf.put(where.start.line, where.start.column, "(")
    buf.put(where.end.line, where.end.column - 1, ")")
    for expr_pos in kept:
        buf.put_after(expr_pos, ",")
    out.append((where.start.line, where.start.column))
    for part in _fields(node, cst):
        for inner in _outer_fstrings(part, cst):
            _rewrite_fstring(inner, positions, buf, cst, out)


def _fields(node: Any, cst: Any) -> Iterator[Any]:
    """Replacement-field expressions of an f-string, those of its format specs included."""
    for part in node.parts:
        if isinstance(part, cst.FormattedStringExpression):
            yield part.expression
            for spec in part.format_spec or ():
                if isinstance(spec, cst.FormattedStringExpression):
                    yield from _fields(_Spec(spec), cst)


class _Spec:
    """A format-spec field seen as a one-part f-string (for `_fields`)."""

    def __init__(self, part: Any) -> None:
        self.parts = (part,)


class _Buffer:
    """The source as editable lines; positions are libcst's (1-based lines, character columns)."""

    def __init__(self, lines: list[str]) -> None:
        self.original = [list(line) for line in lines]
        self.lines = [list(line) for line in lines]

    def text(self) -> str:
        return "".join("".join(line) for line in self.lines)

    def segment(self, where: Any) -> str:
        s, e = where.start, where.end
        if s.line == e.line:
            return "".join(self.original[s.line - 1][s.column : e.column])
        parts = ["".join(self.original[s.line - 1][s.column :])]
        parts += ["".join(self.original[n - 1]) for n in range(s.line + 1, e.line)]
        parts.append("".join(self.original[e.line - 1][: e.column]))
        return "".join(parts)

    def _cells(self, sl: int, sc: int, el: int, ec: int) -> Iterator[tuple[int, int]]:
        for n in range(sl, el + 1):
            line = self.lines[n - 1]
            first = sc if n == sl else 0
            last = ec if n == el else len(line)
            for c in range(first, min(last, len(line))):
                yield n, c

    def blank_range(self, sl: int, sc: int, el: int, ec: int) -> None:
        for n, c in self._cells(sl, sc, el, ec):
            line = self.lines[n - 1]
            if line[c] not in "\r\n":
                line[c] = " "
        # a blanked span over several lines continues its statement with backslashes
        for n in range(sl, el):
            line = self.lines[n - 1]
            end = len(line) - (2 if line[-2:] == ["\r", "\n"] else 1)
            if end > (sc if n == sl else 0) and line[end - 1] == " ":
                line[end - 1] = "\\"

    def blank(self, where: Any) -> None:
        self.blank_range(where.start.line, where.start.column, where.end.line, where.end.column)

    def restore(self, where: Any) -> None:
        s, e = where.start, where.end
        for n, c in self._cells(s.line, s.column, e.line, e.column):
            self.lines[n - 1][c] = self.original[n - 1][c]
        # inside the brackets of the tuple no continuation is needed
        for n in range(s.line, e.line + 1):
            line = self.lines[n - 1]
            end = len(line) - (2 if line[-2:] == ["\r", "\n"] else 1)
            if end > 0 and line[end - 1] == "\\" and self.original[n - 1][end - 1] != "\\":
                line[end - 1] = " "

    def put(self, line: int, col: int, text: str) -> None:
        row = self.lines[line - 1]
        for i, ch in enumerate(text):
            if col + i < len(row):
                row[col + i] = ch

    def put_after(self, where: Any, text: str) -> None:
        """``text`` at the first blanked cell after ``where`` (a ``}``, ``!``, ``:`` or ``=``)."""
        line, col = where.end.line, where.end.column
        while line <= len(self.lines):
            row = self.lines[line - 1]
            while col < len(row):
                if row[col] == " " and self.original[line - 1][col] != " ":
                    row[col] = text
                    return
                col += 1
            line, col = line + 1, 0


def _byte_col(text: str, line: int, col: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    end = text.find("\n", start)
    row = text[start : end if end >= 0 else len(text)]
    return len(row[:col].encode("utf-8"))


class _Rejoin(ast.NodeTransformer):
    """Turns the tuples that stand for f-strings back into ``JoinedStr`` nodes."""

    def __init__(self, starts: set[tuple[int, int]]) -> None:
        self.starts = starts

    def visit_Tuple(self, node: ast.Tuple) -> ast.AST:
        self.generic_visit(node)
        if (node.lineno, node.col_offset) not in self.starts:
            return node
        values: list[ast.expr] = [
            ast.copy_location(ast.FormattedValue(value=e, conversion=-1, format_spec=None), e)
            for e in node.elts
        ]
        return ast.copy_location(ast.JoinedStr(values=values), node)
