"""A per-module index of a Python file, and def-use tracing over it.

Facts depend on where a value comes from (a future from ``subscribe``, a worker
from an rq class), not on what the variable is called. The index records every
binding a module makes (imports, module and local assignments, ``self.x``
attributes set in any method of a class) so `ModuleIndex.origins` can walk from a
use back to the expressions that may have produced it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

FuncNode = ast.FunctionDef | ast.AsyncFunctionDef
SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
MAX_TRACE_DEPTH = 8


@dataclass
class FuncDef:
    """A function or method and where it sits."""

    qualname: str
    node: FuncNode
    cls: str = ""
    """Qualified name of the class whose ``self`` this function sees (methods and their closures)."""
    parent: str = ""
    """Qualified name of the enclosing function, for closures."""


def module_name(path: str) -> str:
    """Dotted module name of a relative ``.py`` path (``app/workers/x.py`` -> ``app.workers.x``)."""
    stem = path[:-3] if path.endswith(".py") else path
    parts = [p for p in stem.split("/") if p]
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def dotted(expr: ast.AST) -> str:
    """``a.b.c`` for a Name/Attribute chain; calls in the chain are shown as ``f()``."""
    parts: list[str] = []
    node: ast.AST = expr
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        elif isinstance(node, ast.Call):
            inner = dotted(node.func)
            parts.append(f"{inner}()" if inner else "()")
            break
        else:
            return ""
    return ".".join(reversed(parts))


def walk_scope(nodes: list[ast.stmt] | ast.AST) -> Iterator[ast.AST]:
    """Every node of a body without entering nested functions, classes or lambdas.

    Given a list (a body), definitions in it are not entered either; given a single
    node, that node is walked whatever it is. Pre-order, children left to right.
    The loop is written out by hand because every extractor walks with it: a helper
    call per node was most of the cost of a scan.
    """
    stack: list[ast.AST] = []
    if isinstance(nodes, list):
        _push(stack, list(nodes))
    else:
        stack.append(nodes)
    pop = stack.pop
    fields_of = _FIELDS
    while stack:
        node = pop()
        yield node
        cls = node.__class__
        fields = fields_of.get(cls)
        if fields is None:
            fields = _fields(cls)
        if not fields:
            continue
        children: list[ast.AST] = []
        for name in fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                children.extend(v for v in value if isinstance(v, AST))
            elif isinstance(value, AST):
                children.append(value)
        if children:
            _push(stack, children)


def _push(stack: list[ast.AST], children: list[ast.AST]) -> None:
    for child in reversed(children):
        if isinstance(child, SCOPE_NODES):
            # decorators run in the enclosing scope
            if not isinstance(child, ast.Lambda):
                stack.extend(reversed(child.decorator_list))
            continue
        stack.append(child)


AST = ast.AST
_SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})
_SCALAR_FIELDS = frozenset(
    {"id", "attr", "arg", "name", "module", "level", "kind", "conversion", "is_async", "simple"}
)
"""Fields that never hold a node in any class that has them (skipped by walks for speed)."""
_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = [f for f in cls._fields if f not in _SKIPPED_FIELDS]  # type: ignore[attr-defined]
    fast = tuple(f for f in names if f not in _SCALAR_FIELDS)
    if cls.__name__ == "TypeAlias":  # 3.12+: its ``name`` is a Name node
        fast = tuple(names)
    if cls in (ast.Constant, ast.MatchSingleton):
        fast = ()
    _FIELDS[cls] = fast
    return fast


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """Like `ast.iter_child_nodes`, without the context and operator singletons.

    Every ``Name`` carries a ``Load``/``Store`` node and every operator an ``Add``-like
    one; no extractor looks at them through a walk, and skipping them makes walks
    markedly cheaper on large modules.
    """
    cls = node.__class__
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _fields(cls)
    out: list[ast.AST] = []
    for name in fields:
        value = getattr(node, name, None)
        if value.__class__ is list:
            out.extend(v for v in value if isinstance(v, AST))
        elif isinstance(value, AST):
            out.append(value)
    return out


def const_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def kwarg(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def has_timeout(call: ast.Call, positional: int = 0, within: FuncNode | None = None) -> bool:
    """True when ``call`` passes a timeout that is not None.

    ``positional`` is the index of the timeout among positional arguments
    (``future.result(30)``, ``thread.join(5)``). ``within``: the function making the call;
    a parameter of it that defaults to None (``def call(self, coro, timeout=None):
    return future.result(timeout)``) passes no timeout unless a caller gives one.
    """
    value = kwarg(call, "timeout")
    if value is None and len(call.args) > positional:
        value = call.args[positional]
    if value is None:
        return False
    if isinstance(value, ast.Name) and within is not None and _defaults_to_none(within, value.id):
        return False
    return not (isinstance(value, ast.Constant) and value.value is None)


def _defaults_to_none(fn: FuncNode, name: str) -> bool:
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    pairs = [
        *zip(positional[len(positional) - len(a.defaults) :], a.defaults, strict=False),
        *zip(a.kwonlyargs, a.kw_defaults, strict=False),
    ]
    return any(p.arg == name and isinstance(d, ast.Constant) and d.value is None for p, d in pairs)


@dataclass
class ModuleIndex:
    """Bindings and definitions of one parsed module."""

    path: str
    tree: ast.Module
    lines: list[str]
    text: str = ""
    module: str = ""
    imports: dict[str, str] = field(default_factory=dict)
    funcs: dict[str, FuncDef] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    class_attrs: dict[tuple[str, str], list[tuple[ast.expr, str]]] = field(default_factory=dict)
    """(class, attribute) -> values assigned to ``self.attribute`` and the method assigning it."""
    module_assigns: dict[str, list[ast.expr]] = field(default_factory=dict)
    reduced: bool = False
    """The tree leaves out definitions that cannot seed a fact (see `slicing`)."""
    _locals: dict[str, dict[str, list[ast.expr]]] = field(default_factory=dict)
    _scoped: dict[str, list[ast.AST]] = field(default_factory=dict)
    _target_names: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, tree: ast.Module, path: str, text: str) -> ModuleIndex:
        idx = cls(
            path=path, tree=tree, lines=text.splitlines(), text=text, module=module_name(path)
        )
        idx._index_body(tree.body, prefix="", cls_name="", parent="")
        return idx

    # -- construction -------------------------------------------------------------------------

    def _index_body(self, body: list[ast.stmt], prefix: str, cls_name: str, parent: str) -> None:
        """Index the statements of one scope, then recurse into the scopes it defines.

        Only statements are visited here (bindings and definitions are statements);
        expressions are walked later, and only by the extractors that need them.
        """
        for node in iter_statements(body):
            if isinstance(node, ast.Import | ast.ImportFrom):
                self._index_import(node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                qual = f"{prefix}{node.name}"
                self.funcs[qual] = FuncDef(qual, node, cls=cls_name, parent=parent)
                self._index_body(node.body, prefix=f"{qual}.", cls_name=cls_name, parent=qual)
            elif isinstance(node, ast.ClassDef):
                qual = f"{prefix}{node.name}"
                self.classes[qual] = node
                self._index_body(node.body, prefix=f"{qual}.", cls_name=qual, parent="")
            elif not parent and not cls_name:
                self._index_assign(node, self.module_assigns)
            elif cls_name and parent and isinstance(node, ast.Assign | ast.AnnAssign):
                self._index_self_attr(node, cls_name, parent)

    def _index_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.imports[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    self.imports[top] = top
            return
        base = node.module or ""
        if node.level:
            pkg = self.module.split(".")
            if not self.path.endswith("__init__.py"):
                pkg = pkg[:-1]
            pkg = pkg[: max(0, len(pkg) - (node.level - 1))]
            base = ".".join([*pkg, base] if base else pkg)
        for alias in node.names:
            if alias.name != "*":
                self.imports[alias.asname or alias.name] = f"{base}.{alias.name}".lstrip(".")

    @staticmethod
    def _index_assign(node: ast.AST, table: dict[str, list[ast.expr]]) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    table.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            if isinstance(node.target, ast.Name):
                table.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, ast.NamedExpr):
            table.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if isinstance(item.optional_vars, ast.Name):
                    table.setdefault(item.optional_vars.id, []).append(item.context_expr)

    def _index_self_attr(self, node: ast.Assign | ast.AnnAssign, cls_name: str, owner: str) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if node.value is None:
            return
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id in ("self", "cls")
            ):
                entry = (node.value, owner)
                self.class_attrs.setdefault((cls_name, target.attr), []).append(entry)

    # -- queries ------------------------------------------------------------------------------

    def mentions(self, *needles: str) -> bool:
        """Cheap text test that lets extractors skip modules they cannot match."""
        return any(n in self.text for n in needles)

    def nodes_of(self, func: FuncDef | None) -> list[ast.AST]:
        """`walk_scope` of a function's body (the module's body for None), walked once.

        Several extractors visit the same scopes; sharing the walk keeps a module's
        cost to one pass whatever the number of extractors that look at it.
        """
        key = func.qualname if func is not None else ""
        nodes = self._scoped.get(key)
        if nodes is None:
            body = func.node.body if func is not None else self.tree.body
            nodes = self._scoped[key] = list(walk_scope(body))
        return nodes

    def locals_of(self, func: FuncDef) -> dict[str, list[ast.expr]]:
        table = self._locals.get(func.qualname)
        if table is None:
            table = {}
            for node in self.nodes_of(func):
                self._index_assign(node, table)
            self._locals[func.qualname] = table
        return table

    def resolve(self, expr: ast.AST) -> str:
        """Dotted name of ``expr`` with its first segment replaced by what it was imported as."""
        text = dotted(expr)
        if not text:
            return ""
        head, _, rest = text.partition(".")
        full = self.imports.get(head)
        if full is None:
            return text
        return f"{full}.{rest}" if rest else full

    def resolve_import(self, expr: ast.AST, scope: FuncDef | None) -> str:
        """Like `resolve`, but only when the first name is an import that ``scope`` sees.

        ``requests.append(...)`` on a local list named ``requests`` is not the library:
        a parameter, local binding or loop variable of that name (in the function or one
        enclosing it) or a module-level assignment shadows the import. '' otherwise.
        """
        text = dotted(expr)
        head, _, rest = text.partition(".")
        full = self.imports.get(head) if head else None
        if full is None or self.shadowed(head, scope):
            return ""
        return f"{full}.{rest}" if rest else full

    def shadowed(self, name: str, scope: FuncDef | None) -> bool:
        """True when ``name`` is bound by something other than an import where ``scope`` sees it."""
        fn = scope
        while fn is not None:
            if name in self.locals_of(fn) or name in _param_names(fn.node):
                return True
            if name in self._loop_and_handler_names(fn):
                return True
            fn = self.funcs.get(fn.parent) if fn.parent else None
        # ``except ImportError: requests = None`` keeps the import's meaning
        return any(
            not (isinstance(v, ast.Constant) and v.value is None)
            for v in self.module_assigns.get(name, ())
        )

    def _loop_and_handler_names(self, func: FuncDef) -> frozenset[str]:
        """Names a function binds as loop or comprehension targets and ``except ... as``
        names: read once per function, since every call in it asks (asking by walking the
        function each time made a large module's scan quadratic)."""
        names = self._target_names.get(func.qualname)
        if names is None:
            found: set[str] = set()
            for node in self.nodes_of(func):
                if isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
                    found.update(t.id for t in ast.walk(node.target) if isinstance(t, ast.Name))
                elif isinstance(node, ast.ExceptHandler) and node.name:
                    found.add(node.name)
            names = self._target_names[func.qualname] = frozenset(found)
        return names

    def class_is(self, name: str, pred: Callable[[str], bool], depth: int = 0) -> bool:
        """True when class ``name`` (resolved dotted) or a local base of it satisfies ``pred``."""
        if pred(name):
            return True
        local = self.classes.get(name)
        if local is None or depth > 5:
            return False
        return any(self.class_is(self.resolve(b), pred, depth + 1) for b in local.bases)

    def origins(self, expr: ast.expr, func: FuncDef | None) -> Iterator[ast.expr]:
        """Expressions ``expr`` may evaluate to: itself, then what its names were bound to."""
        for node, _scope in self.scoped_origins(expr, func):
            yield node

    def scoped_origins(
        self, expr: ast.expr, func: FuncDef | None
    ) -> Iterator[tuple[ast.expr, FuncDef | None]]:
        """`origins`, each with the function whose scope it belongs to."""
        seen: set[int] = set()
        stack: list[tuple[ast.expr, FuncDef | None, int]] = [(expr, func, 0)]
        while stack:
            node, scope, depth = stack.pop()
            if id(node) in seen or depth > MAX_TRACE_DEPTH:
                continue
            seen.add(id(node))
            yield node, scope
            for nxt, nscope in self._bound(node, scope):
                stack.append((nxt, nscope, depth + 1))

    def _bound(
        self, node: ast.expr, scope: FuncDef | None
    ) -> Iterator[tuple[ast.expr, FuncDef | None]]:
        if isinstance(node, ast.Await):
            yield node.value, scope
        elif isinstance(node, ast.Name):
            fn = scope
            while fn is not None:
                values = self.locals_of(fn).get(node.id)
                if values:
                    for v in values:
                        yield v, fn
                    return
                fn = self.funcs.get(fn.parent) if fn.parent else None
            for v in self.module_assigns.get(node.id, ()):
                yield v, None
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
            and scope is not None
            and scope.cls
        ):
            for v, owner in self.class_attrs.get((scope.cls, node.attr), ()):
                yield v, self.funcs.get(owner)
        elif isinstance(node, ast.Call):
            target = self.local_callee(node, scope)
            if target is not None:
                for sub in self.nodes_of(target):
                    if isinstance(sub, ast.Return) and sub.value is not None:
                        yield sub.value, target

    def local_callee(self, call: ast.Call, scope: FuncDef | None) -> FuncDef | None:
        """The function of this module a call runs (``f()``, ``self.m()``, ``Cls.m()``), if any."""
        f = call.func
        if isinstance(f, ast.Name):
            fn = scope
            while fn is not None:
                nested = self.funcs.get(f"{fn.qualname}.{f.id}")
                if nested is not None:
                    return nested
                fn = self.funcs.get(fn.parent) if fn.parent else None
            return self.funcs.get(f.id)
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
            owner = f.value.id
            if owner in ("self", "cls") and scope is not None and scope.cls:
                return self.method(scope.cls, f.attr)
            if owner in self.classes:
                return self.method(owner, f.attr)
        return None

    def method(self, cls_name: str, name: str, depth: int = 0) -> FuncDef | None:
        found = self.funcs.get(f"{cls_name}.{name}")
        if found is not None or depth > 5:
            return found
        node = self.classes.get(cls_name)
        for base in node.bases if node else ():
            base_name = dotted(base)
            if base_name in self.classes:
                found = self.method(base_name, name, depth + 1)
                if found is not None:
                    return found
        return None


def _param_names(node: FuncNode) -> set[str]:
    a = node.args
    names = {p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)}
    names.update(p.arg for p in (a.vararg, a.kwarg) if p is not None)
    return names


def param_annotation(node: FuncNode, name: str) -> ast.expr | None:
    """The annotation of parameter ``name`` of a function, if it has one."""
    a = node.args
    for p in (*a.posonlyargs, *a.args, *a.kwonlyargs):
        if p.arg == name:
            return p.annotation
    return None


def iter_statements(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Statements of a scope, including those nested in if/for/while/try/with/match blocks.

    Definitions are yielded but not entered.
    """
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, SCOPE_NODES):
            continue
        for name in ("handlers", "cases", "finalbody", "orelse", "body"):
            sub = getattr(node, name, None)
            if isinstance(sub, list) and sub:
                stack.extend(reversed(sub))
