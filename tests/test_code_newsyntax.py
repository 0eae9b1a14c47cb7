"""Files using syntax newer than the interpreter (PEP 695, PEP 701) are scanned, not skipped.

On Python 3.11 ``ast`` rejects them; libcst reads them and the new constructs are
rewritten in place. The rewriting is checked where ``ast`` can be the oracle: every
Python file of every fixture and example, with every f-string rewritten, gives the
same facts as ``ast`` gives.
"""

from __future__ import annotations

import ast
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource, scan_python
from opsdoc.sources.code.newsyntax import parse_newer
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
