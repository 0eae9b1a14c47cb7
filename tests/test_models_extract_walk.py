"""The model extractor's one-pass walk gives the facts of the plain walks it replaced.

`python_model_facts` used to walk each module three times with `ast.walk`, and each
function again (for its locals and its returns: quadratic in nesting). The reference
below is that code, kept literally; every Python file of the fixtures, of opsdoc itself
and a set of scoping corner cases must give equal facts (same literals in the same
order, same uses, flows and env reads). A tree handed in by the code scan (one parse
for both) must give what parsing the text gives.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

from opsdoc.models.catalog import load_catalog
from opsdoc.models.extract import (
    MODEL_KWARGS,
    ProjectModels,
    PyModelFacts,
    _argument_flows,
    _choice_flows,
    _dataclass_flows,
    _env_name,
    _holder,
    _is_reply,
    _last,
    _loop_flows,
    _names_in,
    _param_flows,
    _targets,
    _whole_id,
    python_model_facts,
)
from opsdoc.sources.code.newsyntax import parse_newer

ROOT = Path(__file__).resolve().parents[1]


class _ReferenceScopes:
    def __init__(self, tree: ast.AST, parents: dict[ast.AST, ast.AST], path: str) -> None:
        self.parents = parents
        self.path = path
        self.locals: dict[ast.AST, set[str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                args = node.args
                star = [x for x in (args.vararg, args.kwarg) if x is not None]
                names = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, *star)}
                declared: set[str] = set()
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                        names.add(sub.id)
                    elif isinstance(sub, ast.Global | ast.Nonlocal):
                        declared.update(sub.names)
                self.locals[node] = names - declared

    def function_of(self, node: ast.AST) -> ast.AST | None:
        parent = self.parents.get(node)
        while parent is not None and parent not in self.locals:
            parent = self.parents.get(parent)
        return parent

    def qualifier(self, func: ast.AST | None):  # type: ignore[no-untyped-def]
        if func is None:
            return lambda name: name
        local = self.locals[func]
        prefix = f"{self.path}:{getattr(func, 'lineno', 0)}:"
        return lambda name: prefix + name if name in local else name

    def at(self, node: ast.AST):  # type: ignore[no-untyped-def]
        return self.qualifier(self.function_of(node))


def reference_facts(source: str, path: str) -> PyModelFacts:
    """`python_model_facts` as it was, walk for walk."""
    catalog = load_catalog()
    facts = PyModelFacts()
    try:
        tree: ast.Module | None = ast.parse(source)
    except SyntaxError:
        tree = parse_newer(source, path)  # the walks compared, over the same tree
    except (ValueError, RecursionError, MemoryError):
        tree = None
    if tree is None:
        facts.parsed = False
        return facts
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    scopes = _ReferenceScopes(tree, parents, path)
    settings_classes: list[ast.ClassDef] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in MODEL_KWARGS:
            facts.uses |= _names_in(node.value, scopes.at(node))
        elif isinstance(node, ast.Dict) and not _is_reply(node):
            for key, value in zip(node.keys, node.values, strict=False):
                if isinstance(key, ast.Constant) and key.value in MODEL_KWARGS:
                    facts.uses |= _names_in(value, scopes.at(node))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            q = scopes.at(node)
            for name in _targets(node, q):
                facts.flows.setdefault(name, set()).update(_names_in(node.value, q))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inner, outer = scopes.qualifier(node), scopes.at(node)
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            for arg, default in zip(
                positional[len(positional) - len(args.defaults) :], args.defaults, strict=False
            ):
                facts.flows.setdefault(inner(arg.arg), set()).update(_names_in(default, outer))
            for arg, kwdefault in zip(args.kwonlyargs, args.kw_defaults, strict=False):
                if kwdefault is not None:
                    facts.flows.setdefault(inner(arg.arg), set()).update(
                        _names_in(kwdefault, outer)
                    )
            for sub in ast.walk(node):
                if (
                    isinstance(sub, ast.Return)
                    and sub.value is not None
                    and scopes.function_of(sub) is node
                ):
                    facts.flows.setdefault(node.name, set()).update(_names_in(sub.value, inner))
            _param_flows(node, parents.get(node), inner, facts.flows)
            if node.decorator_list:
                _choice_flows(node, scopes, facts.flows)  # type: ignore[arg-type]
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            _loop_flows(node, scopes.at(node), facts.flows)
        elif isinstance(node, ast.Call):
            _argument_flows(node, scopes.at(node), facts.flows)
            if node.keywords and _last(node.func) == "add_argument":
                _choice_flows(node, scopes, facts.flows)  # type: ignore[arg-type]
            env = _env_name(node)
            if env:
                facts.env_reads.add(env)
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
            and "environ" in ast.unparse(node.value)
        ):
            facts.env_reads.add(node.slice.value.upper())
        if isinstance(node, ast.ClassDef) and any(
            "Settings" in (_last(b) or "") for b in node.bases
        ):
            settings_classes.append(node)
    _dataclass_flows(list(ast.walk(tree)), scopes, facts.flows)  # type: ignore[arg-type]
    for cls in settings_classes:
        for stmt in cls.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                facts.env_reads.add(stmt.target.id.upper())
    for node in ast.walk(tree):
        parts: Iterable[ast.AST]
        if isinstance(node, ast.JoinedStr):
            parts = node.values
        elif isinstance(node, ast.Constant) and not isinstance(parents.get(node), ast.JoinedStr):
            parts = (node,)
        else:
            continue
        for part in parts:
            if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                continue
            model_id = _whole_id(part.value, catalog)
            if model_id is None:
                continue
            binding, direct = _holder(node, parents, scopes)  # type: ignore[arg-type]
            if binding is not None and binding.endswith("]"):
                facts.flows.setdefault(binding.rpartition("[")[0], set()).add(binding)
            facts.literals.append((getattr(node, "lineno", 0) or 0, model_id, binding, direct))
    return facts


CORNER_CASES = {
    "nested_scopes.py": """
import os
DEFAULT = os.environ.get("CLAUDE_MODEL", "claude-3-haiku-20240307")

def outer(model=DEFAULT):
    chosen = model
    def inner():
        nonlocal chosen
        chosen = "claude-3-5-sonnet-20241022"
        def deepest(x=(alias := chosen)):
            global DEFAULT
            DEFAULT = "claude-3-opus-20240229"
            return alias
        return deepest()
    lam = lambda m="claude-3-sonnet-20240229": m
    return client.messages.create(model=inner() or lam())

class Settings(BaseSettings):
    anthropic_model: str = "claude-3-5-haiku-20241022"

def pick(tier):
    table = {"fast": "claude-3-haiku-20240307", "model": "x"}
    body = {"model": table[tier], "max_tokens": 10}
    return os.environ["MODEL_" + tier] if tier else f"claude-{tier}"
""",
    "comprehensions.py": """
MODELS = [m for m in ("claude-3-haiku-20240307", "claude-2.1") if m]
async def run(settings, *, model: str = settings.model):
    async with session() as s:
        result = await s.send(model=[x async for x in aiter(MODELS)][0])
    try:
        pass
    except Exception as model:
        return {"model": model}
    match settings:
        case {"model": chosen}:
            return chosen
""",
}


def _python_files() -> list[Path]:
    files = sorted((ROOT / "tests" / "fixtures").rglob("*.py"))
    files += sorted((ROOT / "toolkit").rglob("*.py"))
    return files


def _facts_tuple(facts: PyModelFacts) -> tuple[object, ...]:
    return (facts.parsed, facts.literals, facts.uses, list(facts.flows.items()), facts.env_reads)


def test_one_pass_walk_equals_the_plain_walks_on_every_fixture_and_opsdoc_module() -> None:
    files = _python_files()
    assert len(files) > 100
    compared = 0
    for path in files:
        source = path.read_text(encoding="utf-8", errors="replace")
        rel = str(path.relative_to(ROOT))
        assert _facts_tuple(python_model_facts(source, rel)) == _facts_tuple(
            reference_facts(source, rel)
        ), rel
        compared += 1
    assert compared == len(files)


@pytest.mark.parametrize("name", sorted(CORNER_CASES))
def test_one_pass_walk_equals_the_plain_walks_on_scoping_corner_cases(name: str) -> None:
    source = CORNER_CASES[name]
    fast, reference = python_model_facts(source, name), reference_facts(source, name)
    assert _facts_tuple(fast) == _facts_tuple(reference)
    assert fast.literals  # the cases hold model IDs, so the comparison says something


def test_a_tree_handed_in_gives_the_facts_of_parsing_the_text() -> None:
    files = [p for p in _python_files() if "claude" in p.read_text(errors="replace")]
    assert files
    with_tree, parsed_here = ProjectModels(), ProjectModels()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = str(path.relative_to(ROOT))
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        with_tree.add(rel, text, tree)
        parsed_here.add(rel, text)
    assert with_tree.records() == parsed_here.records()
    assert with_tree.records()


def test_the_reading_step_gate_for_model_uses_answers_as_the_regex() -> None:
    from opsdoc.sources.code.prefetch import _MODEL_USE, _model_use

    cases = [
        b"model = 'x'",
        b"model_name=name",
        b"modelId =x",
        b"model == other",
        b"{'model': m}",
        b'"model" :',
        b"remodel = 1",
        b"os.getenv('X')",
        b"os.environ",
        b"class S(BaseSettings): pass",
        b"models = []",
        b"",
    ]
    cases += [p.read_bytes() for p in _python_files()]
    for data in cases:
        assert _model_use(data) == (_MODEL_USE.search(data) is not None), data[:80]


def test_uses_read_before_any_model_id_still_judge_it(tmp_path: Path) -> None:
    """A module that passes the model on (no ID in it) is read before the module holding
    the ID: set aside, then read once the ID turns up, the ID is still in use."""
    from datetime import UTC, datetime

    from opsdoc.evidence import ModelRef
    from opsdoc.sources.base import SourceContext
    from opsdoc.sources.code import CodeSource

    (tmp_path / "a_client.py").write_text(
        "from z_settings import CHOSEN\n\n\n"
        "def ask(client, text):\n"
        "    return client.messages.create(model=CHOSEN, max_tokens=10, messages=text)\n"
    )
    (tmp_path / "z_settings.py").write_text('CHOSEN = PICKED\nPICKED = "claude-3-haiku-20240307"\n')
    (tmp_path / "z_table.py").write_text('PRICES = {"claude-3-opus-20240229": 15}\n')
    ctx = SourceContext(as_of=datetime.now(UTC), root=str(tmp_path), deadline_s=60)
    records = CodeSource(str(tmp_path)).collect(ctx).records
    refs = {(r.model_id, r.context) for r in records if isinstance(r, ModelRef)}
    assert refs == {("claude-3-haiku-20240307", "code"), ("claude-3-opus-20240229", "mention")}
