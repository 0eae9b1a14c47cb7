"""Reading Python syntax newer than the interpreter running opsdoc.

opsdoc runs on Python 3.11 and later, but the projects it scans may use the syntax of any
released Python: type parameters and ``type`` aliases (PEP 695, 3.12) and their defaults
(PEP 696, 3.13), f-strings that reuse their quotes, hold backslashes or comments, or span
lines (PEP 701, 3.12), ``except`` and ``except*`` naming several exceptions without
parentheses (PEP 758, 3.14) and template strings (PEP 750, 3.14). ``ast`` of an older
interpreter rejects those files. For them, libcst (a maintained parser that reads every
released grammar) locates the new constructs, and each one this interpreter cannot read is
rewritten into syntax it can, *in place*: the same lines, and every node's position mapped
back to the original text, so every fact keeps its ``path:line`` and its snippet (snippets
are taken from the original text):

- ``def f[T](...)`` and ``class C[T]:`` lose their type parameters (blanked), or only
  their defaults where this interpreter reads type parameters;
- ``type Alias[T] = value`` becomes ``Alias = value`` (the value keeps its columns);
- ``except A, B:`` gets the parentheses it means, ``except (A, B):``; the tuple keeps the
  position ``ast`` of 3.14 gives it (from ``A`` to ``B``);
- an f-string or t-string this interpreter cannot read becomes a parenthesised tuple of
  its replacement fields at their original columns, and the tree gets a ``JoinedStr`` of
  those expressions back after parsing, as ``ast`` gives for an f-string (a t-string's
  interpolations are evaluated where it stands, as an f-string's are).

A file libcst cannot read either has a real syntax error, reported as before; so does a
t-string implicitly concatenated with a plain string, which 3.14 rejects. Every rewritten
text is parsed by ``ast`` again, which catches any other error the rewrite left in place.
"""

from __future__ import annotations

import ast
import functools
import importlib
import re
import threading
import warnings
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import Any


def parse_newer(source: str, path: str, rewrite_all: bool = False) -> ast.Module | None:
    """The tree of a file using syntax newer than this interpreter's, or None.

    None when libcst is missing, too old to read every released grammar, or cannot read
    the file either (a real syntax error). ``rewrite_all`` rewrites every f-string, not
    only those this interpreter rejects: the tests use it to check that rewritten trees
    give the same facts as ``ast`` on ordinary files.

    The model-ID extractor and the code scan read the same file one after the other:
    the last few answers are kept, so libcst reads each file once (the tree is shared, as
    the scan shares ``ast``'s tree with the extractor).
    """
    if rewrite_all:
        return _parse_newer(source, path, True)
    return _parse_newer_kept(source, path)


@functools.lru_cache(maxsize=4)
def _parse_newer_kept(source: str, path: str) -> ast.Module | None:
    return _parse_newer(source, path, False)


def _parse_newer(source: str, path: str, rewrite_all: bool) -> ast.Module | None:
    libcst = _libcst()
    if libcst is None:
        return None
    cst, meta = libcst
    if not rewrite_all and (not NEWER.search(source) or _too_deep(source)):
        return None  # nothing newer to read, or a shape no real file has (hostile input)
    templates = _template_starts(source)
    text_for_cst = _as_fstrings(source) if templates else source
    parsed = _on_big_stack(lambda: _cst_positions(cst, meta, text_for_cst))
    if parsed is None:
        return None
    module, positions = parsed
    lines = source.splitlines(keepends=True)
    buf = _Buffer(lines)
    fstrings: list[tuple[int, int]] = []
    nodes, strings = _walk(module, cst)
    for node in nodes:
        if isinstance(node, cst.FunctionDef | cst.ClassDef) and node.type_parameters:
            _rewrite_type_params(node.type_parameters, positions, buf)
        elif isinstance(node, cst.TypeAlias):
            if not reads(TYPE_PARAMS):
                start = positions[node].start
                name_end = positions[node.type_parameters or node.name].end
                buf.blank_range(start.line, start.column, name_end.line, name_end.column)
                buf.put(start.line, start.column, node.name.value)
            elif node.type_parameters:
                _rewrite_type_params(node.type_parameters, positions, buf)
        elif isinstance(node, cst.ExceptHandler | cst.ExceptStarHandler):
            kind = node.type
            if isinstance(kind, cst.Tuple) and not kind.lpar and not reads(BARE_EXCEPT_TUPLE):
                where = positions[kind]
                buf.insert(where.start.line, where.start.column, "(")
                buf.insert(where.end.line, where.end.column, ")")
    for parts in strings:
        if templates and len({_starts_at(p, positions) in templates for p in parts}) > 1:
            return None  # "cannot mix t-string literals with string or bytes literals"
        text = buf.segment(positions[parts[0]].start, positions[parts[-1]].end)
        if rewrite_all or not _reads_on_this_python(text):
            _rewrite_fstring(parts, positions, buf, cst, fstrings)
    text, moved = buf.render()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError):
        return None
    if moved:
        _relocate(tree, moved)
    if fstrings:
        starts = {(line, _byte_col(source, line, col)) for line, col in fstrings}
        tree = _Rejoin(starts).visit(tree)
    return tree


NEWER = re.compile(
    r"(?m)^[ \t]*type[ \t]+\w+|(?:def|class)[ \t]+\w+[ \t]*\["
    r"|\b(?:[rR]?[fFtT]|[fFtT][rR])[\"']|\bexcept\b[^:\n]*,"
)
"""Text without which a file holds none of the constructs rewritten here."""
MAX_DEPTH = 100
"""Bracket nesting or indentation levels beyond which a file is not handed to libcst (CPython
itself stops at 200 brackets; no real module comes near either)."""
STACK_BYTES = 256 * 1024 * 1024
"""Stack of the thread libcst parses on (reserved address space, not memory used): its
native parser recurses, and a hostile file must not overflow the main thread's stack."""

TYPE_PARAMS = "def f[T](): pass\n"
TYPE_DEFAULTS = "def f[T = int](): pass\n"
BARE_EXCEPT_TUPLE = "try:\n    pass\nexcept A, B:\n    pass\n"
TEMPLATE_STRING = "t''\n"
LIBCST_PROBE = TYPE_DEFAULTS + BARE_EXCEPT_TUPLE + "x = f'{a}'\n"
"""What a libcst must read to be used: PEP 696 and PEP 758, the newest grammar besides
t-strings, which reach it spelt as f-strings (`_as_fstrings`). libcst reads PEP 758
from 1.8.4 on (pyproject.toml asks for that)."""


@functools.cache
def reads(sample: str) -> bool:
    """Whether this interpreter's ``ast`` reads ``sample`` (one of the samples above)."""
    try:
        ast.parse(sample)
    except SyntaxError:
        return False
    return True


@functools.cache
def _libcst() -> tuple[Any, Any] | None:
    """libcst and its metadata module, when installed and new enough (`LIBCST_PROBE`)."""
    try:
        cst: Any = importlib.import_module("libcst")
        meta: Any = importlib.import_module("libcst.metadata")
    except ImportError:
        return None
    try:
        cst.parse_module(LIBCST_PROBE)
    except Exception:  # any failure: this libcst cannot read what the files here may hold
        return None
    return cst, meta


_TEMPLATE_PREFIX = re.compile(r"(?<!\w)(?:[rR][tT]|[tT][rR]?)(?=[\"'])")
"""A t-string's prefix, where it stands in code (in a string or comment it is text)."""


def _template_starts(source: str) -> set[tuple[int, int]]:
    """(line, column) of every place a t-string may start, libcst's way (1-based lines)."""
    starts: set[tuple[int, int]] = set()
    line, seen = 1, 0
    for m in _TEMPLATE_PREFIX.finditer(source):
        line += source.count("\n", seen, m.start())
        seen = m.start()
        starts.add((line, m.start() - (source.rfind("\n", 0, m.start()) + 1)))
    return starts


def _as_fstrings(source: str) -> str:
    """``source`` with every t-string spelt as an f-string, for libcst: the grammar of both
    is the same (PEP 750), and libcst 1.9 rejects ``Tr''``/``tR''`` and implicitly
    concatenated t-strings. The same length, so every position is the original's; a
    prefix-like pair inside a string or comment only changes that text, never a token."""
    return _TEMPLATE_PREFIX.sub(lambda m: m.group().replace("t", "f").replace("T", "F"), source)


def _starts_at(node: Any, positions: Any) -> tuple[int, int]:
    start = positions[node].start
    return start.line, start.column


def _concatenated(node: Any, cst: Any) -> Iterator[Any]:
    """The string literals an implicit concatenation joins."""
    for part in (node.left, node.right):
        if isinstance(part, cst.ConcatenatedString):
            yield from _concatenated(part, cst)
        else:
            yield part


def _rewrite_type_params(params: Any, positions: Any, buf: _Buffer) -> None:
    """Blank a type parameter list this interpreter cannot read, or only the defaults."""
    if not reads(TYPE_PARAMS):
        buf.blank(positions[params])
        return
    if reads(TYPE_DEFAULTS):
        return
    for param in params.params:
        if param.default is not None:
            end = positions[param.default].end
            start = positions[param.param].end
            buf.blank_range(start.line, start.column, end.line, end.column)


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


def _walk(module: Any, cst: Any) -> tuple[list[Any], list[list[Any]]]:
    """In one pass (libcst's ``children`` is costly): the statements that may hold a
    construct to rewrite, and the outermost strings (`_outer_fstrings`)."""
    kinds = (
        cst.FunctionDef,
        cst.ClassDef,
        cst.TypeAlias,
        cst.ExceptHandler,
        cst.ExceptStarHandler,
    )
    leaves = (cst.Name, cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.Comment)
    nodes: list[Any] = []
    strings: list[list[Any]] = []
    stack = [module]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.FormattedString | cst.ConcatenatedString):
            strings.extend(_outer_fstrings(n, cst))
            continue
        if isinstance(n, kinds):
            nodes.append(n)
        elif isinstance(n, leaves):
            continue  # their children are parentheses and whitespace
        stack.extend(reversed(n.children))
    return nodes, strings


def _outer_fstrings(node: Any, cst: Any) -> Iterator[list[Any]]:
    """The outermost f-strings (and t-strings) below ``node``, each with the literals it is
    implicitly concatenated with: ``ast`` reads such a concatenation as one string."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.FormattedString):
            yield [n]
            continue
        if isinstance(n, cst.ConcatenatedString):
            parts = list(_concatenated(n, cst))
            if any(isinstance(p, cst.FormattedString) for p in parts):
                yield parts
            continue  # plain literals hold no expression
        stack.extend(reversed(n.children))


def _reads_on_this_python(text: str) -> bool:
    try:
        ast.parse(f"(\n{text}\n)", mode="eval")
    except (SyntaxError, ValueError):
        return False
    return True


def _rewrite_fstring(
    parts: list[Any], positions: Any, buf: _Buffer, cst: Any, out: list[tuple[int, int]]
) -> None:
    """Blank the string but its expressions; ``(`` and ``)`` at its ends, ``,`` after each."""
    start, end = positions[parts[0]].start, positions[parts[-1]].end
    strings = [p for p in parts if isinstance(p, cst.FormattedString)]
    kept = [positions[field] for p in strings for field in _fields(p, cst)]
    buf.blank_range(start.line, start.column, end.line, end.column)
    for expr_pos in kept:
        buf.restore(expr_pos)
    buf.put(start.line, start.column, "(")
    buf.put(end.line, end.column - 1, ")")
    for expr_pos in kept:
        buf.put_after(expr_pos, ",")
    out.append((start.line, start.column))
    for p in strings:
        for field in _fields(p, cst):
            for inner in _outer_fstrings(field, cst):
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
        self.inserts: dict[tuple[int, int], str] = {}
        """(line, column) -> text put before the character there (the line grows)."""

    def insert(self, line: int, col: int, text: str) -> None:
        self.inserts[(line, col)] = self.inserts.get((line, col), "") + text

    def render(self) -> tuple[str, dict[int, tuple[list[int], list[int]]]]:
        """The rewritten text, and for each line whose bytes moved (an insertion, a blanked
        non-ASCII character) the byte offsets where each character starts in the rewritten
        line and in the original one (`_relocate` maps positions back with them)."""
        by_line: dict[int, dict[int, str]] = {}
        for (line, col), text in self.inserts.items():
            by_line.setdefault(line, {})[col] = text
        out: list[str] = []
        moved: dict[int, tuple[list[int], list[int]]] = {}
        for n, (cells, orig) in enumerate(zip(self.lines, self.original, strict=True), start=1):
            ins = by_line.get(n)
            if not ins and cells == orig:
                out.append("".join(cells))
                continue
            pieces = list(cells)
            for col, text in (ins or {}).items():
                if col < len(pieces):
                    pieces[col] = text + pieces[col]
                elif pieces:
                    pieces[-1] += text
            new_starts, orig_starts = [0], [0]
            for piece, ch in zip(pieces, orig, strict=True):
                new_starts.append(new_starts[-1] + _utf8_len(piece))
                orig_starts.append(orig_starts[-1] + _utf8_len(ch))
            if new_starts != orig_starts:
                moved[n] = (new_starts, orig_starts)
            out.append("".join(pieces))
        return "".join(out), moved

    def segment(self, s: Any, e: Any) -> str:
        """The original text from position ``s`` to position ``e``."""
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


def _utf8_len(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def _relocate(tree: ast.AST, moved: dict[int, tuple[list[int], list[int]]]) -> None:
    """Positions in the rewritten text -> positions in the original (``ast``'s byte columns).

    A position inside or right after an insertion maps to the original character the
    insertion stands before: ``(`` put before ``A`` starts where ``A`` starts, and a tuple
    ending after the ``)`` put before ``:`` ends where the ``:`` starts."""
    for node in ast.walk(tree):
        line = getattr(node, "lineno", None)
        if line in moved:
            node.col_offset = _original_col(moved[line], node.col_offset)  # type: ignore[attr-defined]
        end = getattr(node, "end_lineno", None)
        if end in moved and node.end_col_offset is not None:  # type: ignore[attr-defined]
            node.end_col_offset = _original_col(moved[end], node.end_col_offset)  # type: ignore[attr-defined]


def _original_col(starts: tuple[list[int], list[int]], col: int) -> int:
    new_starts, orig_starts = starts
    return orig_starts[max(0, bisect_right(new_starts, col) - 1)]


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
