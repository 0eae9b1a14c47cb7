"""Files using syntax newer than the interpreter (PEP 695, 696, 701, 750, 758) are scanned.

On Python 3.11 ``ast`` rejects them; libcst reads them and the new constructs are
rewritten in place. The rewriting is checked where ``ast`` can be the oracle: every
Python file of every fixture and example, with every f-string rewritten, gives the
same facts as ``ast`` gives, and a module written for 3.14 gives the facts of the same
module written for 3.11.
"""

from __future__ import annotations

import ast
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource, scan_python
from opsdoc.sources.code.newsyntax import LIBCST_PROBE, _libcst, parse_newer
from opsdoc.sources.code.pyindex import ModuleIndex
from opsdoc.sources.code.pyscan import analyze, analyze_index

ROOT = Path(__file__).parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
PY_FILES = sorted(
    p
    for base in (FIXTURES / "code", FIXTURES / "rq_apps", ROOT / "examples")
    for p in base.rglob("*.py")
    if p.parent.name != "syntax_error" and "A003_typed_event_bus" not in p.parts
)
BUS = FIXTURES / "code" / "A003_typed_event_bus"
NEWER = FIXTURES / "newer_syntax"


def _collect(root: Path) -> tuple[list[tuple[object, ...]], list[str]]:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(root), deadline_s=30)
    result = CodeSource(str(root)).collect(ctx)
    facts = [(r.kind, r.where, r.function, r.attrs) for r in result.records]
    return facts, [f"{p.input}: {p.reason}" for p in result.problems]


def _positions_spell_the_source(tree: ast.AST, source: str) -> None:
    """Every name sits where the original text spells it (``ast``'s byte columns)."""
    lines = source.encode().splitlines()
    names = [n for n in ast.walk(tree) if isinstance(n, ast.Name)]
    assert names
    for n in names:
        assert n.end_lineno == n.lineno
        assert lines[n.lineno - 1][n.col_offset : n.end_col_offset].decode() == n.id, n.id


def test_the_event_bus_written_for_python_312_is_scanned() -> None:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(BUS), deadline_s=30)
    result = CodeSource(str(BUS)).collect(ctx)
    assert result.problems == []
    assert [(r.kind, r.where, r.function) for r in result.records] == [
        ("thread-loop-bridge", "events/bus.py:38", "Bus._from_reader_thread"),
        ("blocking-in-async", "events/bus.py:47", "audit"),
    ]


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_rewritten_trees_give_the_facts_ast_gives(path: Path) -> None:
    source = path.read_text()
    rel = str(path.relative_to(ROOT))
    tree = parse_newer(source, rel, rewrite_all=True)
    assert tree is not None
    rewritten = analyze_index(ModuleIndex.build(tree, rel, source), source)
    assert rewritten.sites == analyze(source, rel).sites
    if "f'" not in source and 'f"' not in source:
        assert ast.dump(tree, include_attributes=True) == ast.dump(
            ast.parse(source), include_attributes=True
        )


def test_fstrings_keep_their_calls_and_columns() -> None:
    source = textwrap.dedent(
        """
        import time

        async def handler(d):
            a = f"{d["k"]} {time.sleep(1)}"
            b = f'''{
                time.sleep(2)  # why
            }'''
            c = f"{'\\n'.join(d["v"])}{f"{d["x"]!r:>{time.sleep(3)}}"}"
            return a, b, c
        """
    )
    sites = scan_python(source, "svc/h.py")
    assert [(s.line, s.attr("call")) for s in sites if s.kind == "blocking-in-async"] == [
        (5, "time.sleep"),
        (7, "time.sleep"),
        (9, "time.sleep"),
    ]
    tree = parse_newer(source, "svc/h.py")
    assert tree is not None
    sleeps = [
        n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "time.sleep"
    ]
    assert len(sleeps) == 3
    lines = source.splitlines()
    for call in sleeps:
        assert lines[call.lineno - 1][call.col_offset :].startswith("time.sleep")


def test_type_parameters_over_several_lines_and_aliases() -> None:
    source = textwrap.dedent(
        """
        import time

        type Table[K, V] = dict[K,
                                V]

        def first[
            T: (int, str),
            U,
        ](items: list[T], extra: U) -> T:
            time.sleep(1)
            return items[0]

        class Repo[T]:
            async def get(self, key: str) -> T:
                time.sleep(1)
        """
    )
    tree = parse_newer(source, "m.py")
    assert tree is not None
    assert [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)] == [
        "first",
        "Repo",
    ]
    sites = scan_python(source, "m.py")
    assert [(s.line, s.function) for s in sites if s.kind == "blocking-in-async"] == [
        (16, "Repo.get")
    ]


@pytest.mark.parametrize(
    "source",
    [
        "async def f[T](x: T) -> T:\n    return x +\n",  # new syntax and a real error
        'x = f"{a["b"]}" +\n',
        "def f(:\n    pass\n",
        "try:\n    pass\nexcept OSError, ValueError as exc:\n    pass\n",  # 3.14 wants (...)
        "x = t'{a}' 'plain'\n",  # 3.14: cannot mix t-string literals with string literals
        "x = b'' t'{a}'\n",
        "x = bt'{a}'\n",
        "async def f[T = int](x: T) -> T:\n    return x +\n",
        "x = t'{a!z}'\n",
    ],
)
def test_a_real_syntax_error_is_still_reported(tmp_path: Path, source: str) -> None:
    (tmp_path / "bad.py").write_text("async def tick():\n    pass\n" + source)
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(tmp_path), deadline_s=30)
    result = CodeSource(str(tmp_path)).collect(ctx)
    assert [p.input for p in result.problems] == ["bad.py"]
    assert result.problems[0].reason.startswith("Python syntax error at line ")


@pytest.mark.parametrize(
    "source",
    [
        'x = f"{' + "[" * 5000,
        "def f[" + "[" * 5000 + "]:\n    pass\n",
        "type T = " + "(" * 150 + "int" + ")" * 150 + "\n",
        "def f():\n" + "".join("    " * i + "if x:\n" for i in range(1, 120)) + 'f"{d["k"]}"\n',
    ],
)
def test_hostile_files_with_new_syntax_markers_yield_nothing(source: str) -> None:
    assert scan_python(source, "garbage.py") == []  # no fact in them, none invented, no crash
    parse_newer(source, "garbage.py", rewrite_all=True)  # libcst's own limits: no crash


LOOP = "import queue\nq = queue.Queue()\nwhile True:\n    q.get()\n"


@pytest.mark.parametrize(
    "marker",
    [
        "type T = " + "(" * 20 + "int" + ")" * 20 + "\n",
        'y = f"{d["k"]}"\n',
        "def f():\n"
        + "".join("    " * i + "if x:\n" for i in range(1, 60))
        + "    " * 60
        + 'f"{d["k"]}"\n',
    ],
    ids=["type-alias", "nested-quotes", "59-ifs-deep"],
)
def test_a_file_with_new_syntax_markers_keeps_its_facts(marker: str) -> None:
    """The near miss of the hostile files above: the same markers, parseable, still scanned."""
    sites = scan_python(LOOP + marker, "newer.py")
    assert [(s.kind, s.line, s.attr("mechanism")) for s in sites] == [
        ("blocking-wait", 3, "consume-loop")
    ]


def test_the_installed_libcst_reads_every_released_grammar() -> None:
    """pyproject.toml asks for a libcst that reads PEP 696 and PEP 758; the one installed does."""
    assert _libcst() is not None, LIBCST_PROBE


def test_a_module_written_for_python_314_gives_the_facts_of_its_311_twin() -> None:
    """The same module, line for line, in 3.14 syntax (type parameter defaults, ``except A, B:``,
    ``except* A, B:``, t-strings) and in 3.11 syntax: the same facts, none lost to X001."""
    new, new_problems = _collect(NEWER / "py314")
    old, old_problems = _collect(NEWER / "py311")
    assert new_problems == old_problems == []
    assert new == old
    assert [(kind, where) for kind, where, *_ in new] == [
        ("blocking-in-async", "agent/mounts.py:34"),
        ("blocking-in-async", "agent/mounts.py:38"),
        ("background-work", "agent/mounts.py:46"),
        ("blocking-in-async", "agent/mounts.py:53"),
    ]


def test_except_without_parentheses_keeps_the_positions_of_python_314() -> None:
    source = textwrap.dedent(
        """
        import time

        async def poll(dev):
            try:
                await dev.read()
            except OSError, TimeoutError: note = "é"; time.sleep(1)
            try:
                pass
            except* ValueError, KeyError,:
                time.sleep(2)
        """
    )
    tree = parse_newer(source, "poll.py")
    assert tree is not None
    _positions_spell_the_source(tree, source)
    handlers = [n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)]
    lines = source.encode().splitlines()
    spans = [
        lines[h.type.lineno - 1][h.type.col_offset : h.type.end_col_offset].decode()
        for h in handlers
        if h.type is not None
    ]
    assert spans == ["OSError, TimeoutError", "ValueError, KeyError,"]  # as ast of 3.14 has them
    assert [
        [ast.unparse(e) for e in h.type.elts] for h in handlers if isinstance(h.type, ast.Tuple)
    ] == [
        ["OSError", "TimeoutError"],
        ["ValueError", "KeyError"],
    ]
    sites = scan_python(source, "poll.py")
    assert [(s.line, s.attr("call")) for s in sites if s.kind == "blocking-in-async"] == [
        (7, "time.sleep"),
        (11, "time.sleep"),
    ]


T_STRINGS = textwrap.dedent(
    """
    import time

    async def report(rows, width):
        a = t"é{rows!r:>{width}} {time.sleep(1)}"
        b = (t"{len(rows)}"  # note
             T'{time.sleep(2)}')
        c = rt"\\d{rows[0]}" + Tr'{time.sleep(3)}' + tR"{rows}" + RT'{rows}'
        return a, b, c
    """
)
AS_FSTRINGS = textwrap.dedent(
    """
    import time

    async def report(rows, width):
        a = f"é{rows!r:>{width}} {time.sleep(1)}"
        b = (f"{len(rows)}"  # note
             F'{time.sleep(2)}')
        c = rf"\\d{rows[0]}" + Fr'{time.sleep(3)}' + fR"{rows}" + RF'{rows}'
        return a, b, c
    """
)


def test_template_strings_are_read_as_their_interpolations() -> None:
    """A t-string's interpolations are evaluated where it stands, like an f-string's: its
    tree is the one the same text spelt with ``f`` gives (every f-string rewritten), whose
    facts are ``ast``'s (`test_rewritten_trees_give_the_facts_ast_gives`)."""
    tree = parse_newer(T_STRINGS, "report.py")
    assert tree is not None
    twin = parse_newer(AS_FSTRINGS, "report.py", rewrite_all=True)
    assert twin is not None
    assert ast.dump(tree, include_attributes=True) == ast.dump(twin, include_attributes=True)
    assert analyze_index(ModuleIndex.build(twin, "report.py", AS_FSTRINGS), AS_FSTRINGS).sites == (
        analyze(AS_FSTRINGS, "report.py").sites
    )
    _positions_spell_the_source(tree, T_STRINGS)
    sites = scan_python(T_STRINGS, "report.py")
    assert [(s.line, s.attr("call")) for s in sites if s.kind == "blocking-in-async"] == [
        (5, "time.sleep"),
        (7, "time.sleep"),
        (8, "time.sleep"),
    ]


def test_implicitly_concatenated_fstrings_are_one_string() -> None:
    """``f"{d["k"]}" f"{x}"``: ``ast`` reads one ``JoinedStr``; rewriting only the part 3.11
    cannot read left a tuple beside a string, a syntax error reported as an X001."""
    source = 'import time\nasync def h(d):\n    x = (f"{d["k"]}"  # why\n         f"{time.sleep(1)}" "tail")\n'
    tree = parse_newer(source, "h.py")
    assert tree is not None
    (joined,) = [n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)]
    assert [ast.unparse(v.value) for v in joined.values if isinstance(v, ast.FormattedValue)] == [
        "d['k']",
        "time.sleep(1)",
    ]
    assert (joined.lineno, joined.col_offset) == (3, 9)
    sites = scan_python(source, "h.py")
    assert [(s.line, s.attr("call")) for s in sites if s.kind == "blocking-in-async"] == [
        (4, "time.sleep")
    ]
