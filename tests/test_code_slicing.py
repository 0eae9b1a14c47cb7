"""Parsing only what can hold a fact: same facts as whole files, on every tree we have."""

from __future__ import annotations

import ast
import importlib.util
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.sources.base import SourceContext, SourceResult
from opsdoc.sources.code import CodeSource, _Scan
from opsdoc.sources.code.slicing import (
    SEED_PATTERNS,
    SEED_TEXT,
    Unit,
    _seeds,
    _units,
    parse_reduced,
    reduce_source,
)

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parents[1] / "examples"
TREES = sorted(
    [p for group in ("code", "rq_apps") for p in (FIXTURES / group).iterdir() if p.is_dir()]
    + [p for p in EXAMPLES.iterdir() if p.is_dir()]
)
LIBRARIES = ("rq", "redis", "anthropic", "google.cloud.pubsub_v1", "textual")
"""Installed dependencies: real code of every shape, read as if it were a project."""


def collect(root: Path, reduce: bool) -> SourceResult:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(root), deadline_s=120)
    return CodeSource(str(root), timeout_s=120, reduce=reduce).collect(ctx)


def assert_same_outcome(root: Path) -> None:
    whole, reduced = collect(root, reduce=False), collect(root, reduce=True)
    assert reduced.records == whole.records
    assert reduced.problems == whole.problems
    assert reduced.detail == whole.detail


def reduced_modules(root: Path) -> int:
    scan = _Scan(str(root), 120)
    scan.run()
    return sum(1 for m in scan.parsed.values() if m is not None and m.reduced)


@pytest.mark.parametrize("root", TREES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_reduced_parsing_keeps_every_fact_of_every_fixture(root: Path) -> None:
    assert_same_outcome(root)


@pytest.mark.parametrize("name", LIBRARIES)
def test_reduced_parsing_keeps_every_fact_of_real_libraries(name: str) -> None:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None
    root = Path(spec.origin).parent
    assert_same_outcome(root)


def test_reduced_parsing_on_the_benchmark_tree(tmp_path: Path) -> None:
    script = Path(__file__).parents[1] / "benchmarks" / "scan.py"
    spec = importlib.util.spec_from_file_location("scan_benchmark", script)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate(tmp_path, 1000, 7)
    assert_same_outcome(tmp_path)
    assert reduced_modules(tmp_path) > 20  # the equality above is not vacuous


JOB_MODULE = '''"""Jobs."""

import logging

from rq import Queue

log = logging.getLogger(__name__)


class Base:
    def close(self):
        pass


class Client(Base):
    def fetch(self, key):
        return key


def unrelated_a(rows):
    return [r for r in rows if r]


def unrelated_b(text):
    return text.upper()


def process(key):
    return Client().fetch(key)


def main(queue: Queue) -> None:
    queue.enqueue(process, "k")


def caller_of_main(queue):
    return main(queue)


def unrelated_c(a, b):
    return a + b
'''


def test_inert_definitions_become_blank_lines_and_context_stays() -> None:
    reduced = reduce_source(JOB_MODULE)
    assert reduced is not None
    assert reduced.text.count("\n") == JOB_MODULE.count("\n")
    tree = parse_reduced(reduced, "jobs.py")
    assert tree is not None
    kept = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    # the seed (enqueue), its callee, the class it builds, that class's base, and a caller
    assert kept == {"main", "process", "Client", "Base", "caller_of_main"}
    whole = ast.parse(JOB_MODULE)
    lines = {n.name: n.lineno for n in whole.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    assert {n.name: n.lineno for n in tree.body if hasattr(n, "name")} == {
        k: v for k, v in lines.items() if k in kept
    }


def test_a_module_whose_definitions_all_matter_is_parsed_whole() -> None:
    source = "import threading\n\n\ndef a():\n    threading.Thread(target=b).start()\n\n\ndef b():\n    pass\n"
    assert reduce_source(source) is None


def test_a_definition_inside_a_string_is_never_cut_out() -> None:
    """Text at column 0 inside a string looks like a definition: the check catches it."""
    source = (
        'TEMPLATE = """\ndef generated():\n    return 1\n"""\n\n\n'
        + "".join(f"def filler_{i}(x):\n    return x * {i}\n\n\n" for i in range(6))
        + "def job(q):\n    q.enqueue(print)\n"
    )
    reduced = reduce_source(source)
    assert reduced is not None  # the cut is tried...
    assert parse_reduced(reduced, "t.py") is None  # ...and refused: TEMPLATE spans it


def test_a_function_with_column_0_string_lines_is_kept() -> None:
    sql = 'def query(db):\n    return db.run("""\nSELECT 1\n""")\n\n\n'
    source = (
        sql
        + "".join(f"def filler_{i}(x):\n    return x * {i}\n\n\n" for i in range(6))
        + "def job(q):\n    q.enqueue(print)\n"
    )
    reduced = reduce_source(source)
    assert reduced is not None
    tree = parse_reduced(reduced, "t.py")
    assert tree is not None
    assert ast.dump(tree) == ast.dump(ast.parse(reduced.text))
    assert "def query" in reduced.text  # unbalanced quotes: never left out


def test_decorated_routes_and_tasks_are_seeds() -> None:
    source = (
        "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
        '@router.get("/x")\ndef handler():\n    return {}\n\n\n'
        "@app.task\ndef work():\n    return 1\n\n\n"
        + "".join(f"def filler_{i}(x):\n    return x * {i}\n\n\n" for i in range(8))
    )
    reduced = reduce_source(source)
    assert reduced is not None
    assert "def handler" in reduced.text and '@router.get("/x")' in reduced.text
    assert "@app.task\ndef work" in reduced.text
    assert "filler_" not in reduced.text


def seeded_by_reference(data: bytes, units: list[Unit]) -> set[int]:
    """Every unit tested for every seed text and pattern, one at a time."""
    return {
        i
        for i, u in enumerate(units)
        if not u.name
        or any(n in data[u.start : u.end] for n in SEED_TEXT)
        or any(p.search(data[u.start : u.end]) for p in SEED_PATTERNS)
    }


def test_the_one_pass_seed_search_finds_what_testing_each_unit_finds() -> None:
    spec = importlib.util.find_spec("anthropic")
    assert spec is not None and spec.origin is not None
    checked = 0
    for path in sorted(Path(spec.origin).parent.rglob("*.py")):
        data = path.read_bytes()
        units = _units(data)
        assert _seeds(data, units) == seeded_by_reference(data, units), path.name
        checked += len(units)
    assert checked > 1000


def test_offsets_are_those_of_the_whole_file_with_non_ascii_text() -> None:
    source = (
        '"""Modülé — façade."""\n\nimport threading\n\n\n'
        + "".join(f'def filler_{i}(x):\n    return "ünïcödé {i}" + x\n\n\n' for i in range(6))
        + 'def start(job):\n    label = "naïve"\n    threading.Thread(target=job, name=label).start()\n'
    )
    reduced = reduce_source(source)
    assert reduced is not None
    tree = parse_reduced(reduced, "m.py")
    assert tree is not None
    whole = ast.parse(source)

    def positions(t: ast.AST) -> list[tuple[int, int, str]]:
        out = []
        for node in ast.walk(t):
            if isinstance(node, ast.Call):
                out.append((node.lineno, node.col_offset, ast.dump(node.func)))
        return sorted(out)

    start_fn = [n for n in whole.body if isinstance(n, ast.FunctionDef) and n.name == "start"]
    assert positions(tree) == positions(start_fn[0])


WHOLE_MODULE_GATES = {"log"}
"""Gates of passes that are given whole modules (L001's log calls, see `_Scan._whole`)."""


def gate_words() -> list[tuple[str, str]]:
    """Every text an extractor tests with ``idx.mentions(...)``, constants resolved."""
    code = Path(__file__).parents[1] / "toolkit" / "sources" / "code"
    found = []
    trees = {path: ast.parse(path.read_text()) for path in sorted(code.glob("*.py"))}
    # tuples of any module of the package: a gate may be imported from where it is defined
    constants = {
        t.id: [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
        for tree in trees.values()
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr != "mentions":
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant):
                    found.append((path.name, arg.value))
                elif isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name):
                    found.extend((path.name, w) for w in constants[arg.value.id])
    return found


def test_every_extractor_gate_is_seed_text() -> None:
    """A definition holding an extractor's gate text is always parsed: a new gate must
    come with its seed text, or the extractor would not see the code it looks for."""
    words = gate_words()
    assert len(words) > 30  # the walk above found the gates
    seeds = [s.decode() for s in SEED_TEXT]
    uncovered = [
        (module, word)
        for module, word in words
        if word not in WHOLE_MODULE_GATES and not any(s in word for s in seeds)
    ]
    assert uncovered == []
