"""Find Anthropic model IDs in code, config files and log lines.

Pure functions (no I/O): sources hand them text and get `ModelRef`s back. Only
strings that are a whole model ID count, so prose that mentions Claude, product
names like ``claude-code`` and URLs are never flagged. Whether an ID is retired,
deprecated or invented is for the checks to judge.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass, field

from opsdoc.evidence import CodeSite, ModelRef, Record, Ref
from opsdoc.models.catalog import DOTTED_VERSION, Catalog, load_catalog
from opsdoc.models.reach import owners
from opsdoc.redact import redact

SOURCE = "code"
MODEL_SITE = "model-id"
"""`CodeSite.kind` of the line a model ID sits on (lets a check spell out a diff)."""

# A model-ID-shaped token inside free text (config values, Dockerfile ENV, JSON).
_TOKEN = re.compile(
    r"(?:(?<=anthropic/)|(?<![\w.\-/]))"
    r"(?:(?:[a-z]{2,6}(?:-[a-z]+)?\.)?anthropic\.claude-[a-z0-9.\-]+(?::\d+)?(?::\d+k)?"
    r"|claude-[a-z0-9.\-]+(?:@\d{8})?)"
)
_ARN_TOKEN = re.compile(r"arn:aws[a-z-]*:bedrock:[^\s\"'/]*/[^\s\"',;]+")
_COMMENT_LINE = re.compile(r"^\s*(?:#|//|;|--)")
# 404s from the Anthropic API: ``'type': 'not_found_error', 'message': 'model: claude-...'``.
_NOT_FOUND = re.compile(r"not_found_error|NotFoundError", re.I)
"""The API's own 404 type, as the error body and the SDKs' exception name it."""
_HTTP_404 = re.compile(r"\b404\b")
_MODEL_MESSAGE = re.compile(r"""['"]message\\?['"]\s*:\s*\\?['"]model:""")
"""The error body's ``'message': 'model: <id>'``, when its type was cut off."""
_MODEL_IN_ERROR = re.compile(
    r"\bmodel:\s*\\?['\"]?(?P<id>[A-Za-z0-9][A-Za-z0-9._:@/\-]*)"
    r"|publishers/anthropic/models/(?P<vertex>[A-Za-z0-9][A-Za-z0-9._:@\-]*)"
)
"""The ID in a 404: the Claude API's ``model: <id>``, or the resource path of Vertex AI's
``Publisher Model `projects/P/locations/L/publishers/anthropic/models/<id>` was not found``."""
_EDGE_PUNCT = " \t.:/,;"


IN_USE_CONTEXTS = ("code", "config")
"""`ModelRef.context` of an ID that reaches a request: a client call in code, or a deploy
config value / env var the code reads. Everything else is a ``mention``."""
MENTION = "mention"
COMPARED = "compared"
UNREACHED = "unreached"
"""`ModelRef.context` of an ID passed to a request only inside a function or class that
nothing in the project refers to (`reach`): dead code sends no request."""
DEPRECATION_WARNED = "log-deprecation"
"""A log line where the anthropic SDK warned that the model it was asked for is
deprecated: evidence that the ID is in use, and of its end-of-life date."""
_SDK_DEPRECATION = re.compile(
    r"The model '(?P<id>[^'\s]{1,120})' is deprecated and will reach end-of-life"
)
"""The SDK's own ``DeprecationWarning`` text (``resources/messages``), as it is logged."""
"""An ID the code tests a value against (``if model in ["claude-3.5", ...]:``): a name the
application recognises, and may translate before any request. Never a use by itself."""
"""`ModelRef.context` of an ID no request uses: tables, docs, data, dead settings."""
LIVE_API_TEST = "live-api-test"
"""A test module (it defines tests) that authenticates to the Anthropic API with the key from the environment
(``os.environ["ANTHROPIC_API_KEY"]``, or the variable's name handed to a helper that reads
it) and replays no recorded cassette: its requests reach the real API, so a retired model
in it fails the test run rather than sitting in a mocked fixture."""
_TEST_MODULE = re.compile(
    r"(?:^|/)(?:tests?|testing)/|(?:^|/)(?:test_[^/]*|[^/]*_test|conftest)\.py$"
)
_KEY_NAME = re.compile(r"""(['"])ANTHROPIC_API_KEY\1""")
_DEFINES_TEST = re.compile(r"^\s*(?:async\s+)?def test\w*\s*\(|^class Test\w*", re.M)
_FAKE_KEY = re.compile(
    r"""(?:set|del)env\(\s*(['"])ANTHROPIC_API_KEY\1"""
    r"""|(['"])ANTHROPIC_API_KEY\2\s*:\s*['"]"""
    r"""|environ\[\s*(['"])ANTHROPIC_API_KEY\3\s*\]\s*=(?!=)"""
    r"""|:\s*(['"])ANTHROPIC_API_KEY\4"""
)
"""The test writes a stand-in key into the environment (``monkeypatch.setenv``,
``patch.dict(os.environ, {"ANTHROPIC_API_KEY": "test-key"})``), removes it
(``monkeypatch.delenv``), or names the variable as data (``{"env_var": "ANTHROPIC_API_KEY"}``,
a settings API under test): no real request is meant."""
_REPLAYED = re.compile(r"\bvcr\b|cassette|respx|\bresponses\b\.activate|httpx_mock", re.I)

MODEL_KWARGS = frozenset({"model", "model_name", "modelId"})
"""Keyword arguments (and request-body keys) that name the model of a client call:
``messages.create(model=...)`` and friends, LangChain's ``model_name``, Bedrock's
``converse(modelId=...)``. Not ``model_id``: records and helpers name their fields so."""
REPLY_KEYS = frozenset(
    {"stop_reason", "stop_sequence", "finish_reason", "usage", "choices", "output_tokens"}
)
"""Keys only a model API's *reply* carries (Anthropic's Messages, Bedrock's and OpenAI-style
chat replies). A ``model`` beside one of them records which model answered: a sample
response, a cassette, a fixture - data, never the model a request asks for."""
_RECORDED_REPLY = re.compile(
    r"""(?<![\w-])["']?(?:stop_reason|finish_reason|output_tokens|completion_tokens)["']?\s*:"""
)
_PREFIXES = ("anthropic/", "anthropic:", "bedrock/", "vertex_ai/", "vertex/")
"""Router spellings (LiteLLM ``anthropic/claude-...``, pydantic-ai ``anthropic:claude-...``)."""
_ENV_FUNCS = frozenset({"getenv", "get", "setdefault", "environ", "pop"})
_PASS_THROUGH_CALLS = frozenset(
    {"getenv", "get", "setdefault", "Field", "str", "field", "environ", "config", "env", "pop"}
)
_USE_HINT = re.compile(rb"\bmodel(?:_name|Id)?\s*=[^=]|[\"']model[\"']\s*:|getenv|environ|Settings")
"""Bytes a Python file must hold to be read for model uses (cheap gate before parsing)."""


_GATEWAY = re.compile(r"openrouter|ai-gateway\.vercel|requesty\.ai|aihubmix", re.I)
"""Multi-vendor gateways whose own catalogues name models ``vendor/model`` (OpenRouter's
``anthropic/claude-sonnet-4``). In a file that sends requests to one, an ``anthropic/``
slug is that gateway's ID, judged by its catalogue, not the Claude API's; elsewhere the
prefix is LiteLLM's, which sends the rest to the Claude API unchanged."""


def gateway_slugs(text: str) -> bool:
    """Whether ``anthropic/...`` in ``text`` is a gateway's slug (see `_GATEWAY`)."""
    return _GATEWAY.search(text) is not None


def _clean(token: str) -> str:
    return token.rstrip(".-,;:")


def _strip_prefix(text: str) -> str:
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _whole_id(text: str, catalog: Catalog, gateway: bool = False) -> str | None:
    """``text`` when the whole string is a model ID (or a Bedrock ARN naming one); a router
    prefix such as ``anthropic/`` is dropped, so a fix replaces only the ID. ``gateway``:
    the file talks to a multi-vendor gateway, whose ``anthropic/`` slugs are its own."""
    if "claude" not in text:
        return None
    if gateway and text.lstrip().startswith("anthropic/"):
        return None
    candidate = _strip_prefix(text.strip())
    if "/" in text and DOTTED_VERSION.search(candidate):
        return None  # another provider's spelling (OpenRouter's anthropic/claude-3.5-sonnet)
    if catalog.looks_like_model_id(candidate):
        return candidate
    trimmed = candidate.strip(_EDGE_PUNCT)
    if trimmed != candidate and catalog.looks_like_model_id(trimmed):
        return trimmed
    return None


@dataclass
class PyModelFacts:
    """What one Python module says about model IDs, before the project is put together.

    A literal is *in use* when it reaches the model argument of a call (``model=``, a
    request body's ``"model"`` key) directly, or through names that flow there: a
    variable, an attribute, a settings field, a function's default or return value, an
    env-var default, a loop over a table's values, an argument handed to a project
    function's parameter. The flow is followed on the AST, across modules by name.
    """

    literals: list[tuple[int, str, str | None, bool]] = field(default_factory=list)
    """(line, model ID, name it is bound to or None, reaches a call directly)."""
    uses: set[str] = field(default_factory=set)
    """Names (last dotted segment) read in a model argument."""
    flows: dict[str, set[str]] = field(default_factory=dict)
    """Name -> the names its value is computed from."""
    env_reads: set[str] = field(default_factory=set)
    """Environment variables the module reads (upper-cased)."""
    listed: set[tuple[int, str]] = field(default_factory=set)
    """(line, model ID) of literals that are elements of a list or tuple (`_listed`)."""
    compared: set[tuple[int, str]] = field(default_factory=set)
    """(line, model ID) of literals that are an operand of a comparison (`COMPARED`)."""
    tables: dict[tuple[int, str], int] = field(default_factory=dict)
    """(line, model ID) -> line of the container literal holding it (`_table_of`)."""
    owners: dict[tuple[int, str], tuple[str, ...]] = field(default_factory=dict)
    """(line, model ID) -> the module-level definitions holding it whose reachability
    their name settles (`reach.owners`)."""
    defaults: dict[tuple[int, str], tuple[str, str, int]] = field(default_factory=dict)
    """(line, model ID) of a parameter default -> (what callers call: the function's name,
    or its class's for ``__init__``; the parameter; its position in a call, -1 when it is
    keyword-only)."""
    calls: dict[str, list[tuple[int, frozenset[str], bool]]] = field(default_factory=dict)
    """Called name (last segment) -> (positional arguments, keywords, unpacks ``*``/``**``)
    of each call in the module."""
    parsed: bool = True


def _last(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


Qualify = Callable[[str], str]
"""Maps a variable name to its key: local variables get their function's scope."""


def _global(name: str) -> str:
    return name


def _names_in(node: ast.AST | None, q: Qualify = _global) -> set[str]:
    """Names a value can come from: a variable, an attribute (its last segment), the
    function called (its return value), a subscripted container, either branch of a
    conditional, and the defaults of env lookups. Not call arguments, indexes or tests:
    ``MODELS[task]`` comes from MODELS, not from ``task``."""
    out: set[str] = set()
    if node is None:
        return out
    if isinstance(node, ast.Name):
        if node.id not in _IGNORED_NAMES:
            out.add(q(node.id))
    elif isinstance(node, ast.Attribute):
        out.add(node.attr)
    elif isinstance(node, ast.Call):
        func = _last(node.func)
        if func in _PASS_THROUGH_CALLS:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                out |= _names_in(arg, q)
            if isinstance(node.func, ast.Attribute):  # MODELS.get(tier, DEFAULT)
                out |= _names_in(node.func.value, q) - {"environ"}
        elif func:
            out.add(func)
    elif isinstance(node, ast.Subscript):
        base = _names_in(node.value, q)
        index = node.slice
        if (
            len(base) == 1
            and isinstance(index, ast.Constant)
            and isinstance(index.value, int)
            and not isinstance(index.value, bool)
            and index.value >= 0
        ):
            out.add(element_key(next(iter(base)), index.value))  # ``FAST_MODELS[0]``
        else:
            out |= base
    elif isinstance(node, ast.IfExp):
        out |= _names_in(node.body, q) | _names_in(node.orelse, q)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            out |= _names_in(value, q)
    elif isinstance(node, ast.NamedExpr | ast.Await):
        out |= _names_in(node.value, q)
    elif isinstance(node, ast.Dict):
        for value in node.values:
            out |= _names_in(value, q)
    return out - _PASS_THROUGH_CALLS - _IGNORED_NAMES


_IGNORED_NAMES = frozenset({"os", "self", "cls"})


def _targets(node: ast.AST, q: Qualify = _global) -> list[str]:
    """Keys of what an assignment binds: a variable (scoped) or an attribute's name."""
    names = []
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    for target in targets:
        if target is None:
            continue
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name) and sub.id not in _IGNORED_NAMES:
                names.append(q(sub.id))
                break
            if isinstance(sub, ast.Attribute):
                names.append(sub.attr)
                break
    return names


_FUNCTION_NODES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda})


class _Scopes:
    """Which function a node is in, and which names are local there.

    A function's local variables are keyed by the function (path, line), so two
    functions' ``text`` or ``model`` never meet; module-level names, attributes and
    function names stay global, which is how a settings module reaches a call site.
    """

    def __init__(self, nodes: list[ast.AST], parents: dict[ast.AST, ast.AST], path: str) -> None:
        self.parents = parents
        self.path = path
        self.locals: dict[ast.AST, set[str]] = {}
        declared: dict[ast.AST, set[str]] = {}
        for node in nodes:
            if node.__class__ in _FUNCTION_NODES:
                args = node.args  # type: ignore[attr-defined]
                star = [x for x in (args.vararg, args.kwarg) if x is not None]
                names = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, *star)}
                self.locals[node] = names
                declared[node] = set()
        # A name stored anywhere inside a function (nested ones included) is local to it
        # unless declared global or nonlocal there: one climb per binding, not a walk of
        # each function's subtree (nested functions made that quadratic).
        for node in nodes:
            cls = node.__class__
            if cls is ast.Name and node.ctx.__class__ is ast.Store:  # type: ignore[attr-defined]
                table, found = self.locals, [node.id]  # type: ignore[attr-defined]
            elif cls is ast.Global or cls is ast.Nonlocal:
                table, found = declared, node.names  # type: ignore[attr-defined]
            else:
                continue
            parent = parents.get(node)
            while parent is not None:
                if parent in table:
                    table[parent].update(found)
                parent = parents.get(parent)
        for func, names in self.locals.items():
            names -= declared[func]

    def function_of(self, node: ast.AST) -> ast.AST | None:
        parent = self.parents.get(node)
        while parent is not None and parent not in self.locals:
            parent = self.parents.get(parent)
        return parent

    def qualifier(self, func: ast.AST | None) -> Qualify:
        if func is None:
            return _global
        local = self.locals[func]
        prefix = f"{self.path}:{getattr(func, 'lineno', 0)}:"
        return lambda name: prefix + name if name in local else name

    def at(self, node: ast.AST) -> Qualify:
        return self.qualifier(self.function_of(node))


def _env_name(call: ast.Call) -> str | None:
    func = _last(call.func)
    if func in _ENV_FUNCS and call.args:
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            owner = call.func.value if isinstance(call.func, ast.Attribute) else None
            if func == "getenv" or (owner is not None and "environ" in ast.unparse(owner)):
                return first.value.upper()
    return None


_NO_CHILD_FIELDS = frozenset({"ctx", "op", "ops", "type_comment", "id", "attr", "arg", "name"})
"""Fields holding no node any extractor here looks at: context and operator singletons
(leaves, shared by every node) and plain strings. ``name`` is a string everywhere but in
3.12's ``TypeAlias``."""
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
_FACT_NODES = frozenset(
    {
        ast.keyword,
        ast.Dict,
        ast.Assign,
        ast.AnnAssign,
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.Call,
        ast.Subscript,
        ast.ClassDef,
        ast.For,
        ast.AsyncFor,
        ast.comprehension,
    }
)
"""The only node classes `python_model_facts` looks at for uses, flows and env reads."""
_LITERAL_NODES = frozenset({ast.JoinedStr, ast.Constant})


def _walk(tree: ast.AST) -> tuple[list[ast.AST], dict[ast.AST, ast.AST]]:
    """The nodes of ``ast.walk(tree)`` in its order (breadth first), less the context and
    operator singletons, and each node's parent: one pass where three walks and
    `ast.iter_child_nodes` (a generator per node) were most of a scan's time."""
    nodes: list[ast.AST] = [tree]
    parents: dict[ast.AST, ast.AST] = {}
    append = nodes.append
    fields_of = _CHILD_FIELDS
    node_type = ast.AST
    i = 0
    while i < len(nodes):
        node = nodes[i]
        i += 1
        cls = node.__class__
        fields = fields_of.get(cls)
        if fields is None:
            names = cls._fields  # type: ignore[attr-defined]
            skip = _NO_CHILD_FIELDS - {"name"} if cls.__name__ == "TypeAlias" else _NO_CHILD_FIELDS
            fields = fields_of[cls] = tuple(f for f in names if f not in skip)
        for name in fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, node_type):
                        parents[item] = node
                        append(item)
            elif isinstance(value, node_type):
                parents[value] = node
                append(value)
    return nodes, parents


def _newer_syntax(source: str, path: str) -> ast.Module | None:
    """The tree of a module written in syntax newer than this interpreter's (type
    parameters, ``except A, B:``, t-strings), as the code scan reads it; None if none."""
    from opsdoc.sources.code.newsyntax import parse_newer

    try:
        return parse_newer(source, path)
    except (RecursionError, MemoryError):
        return None


_ITER_VIEWS = frozenset({"items", "values"})
_ITER_PASS = frozenset({"enumerate", "zip", "sorted", "reversed", "list", "tuple", "iter"})


def _iter_sources(node: ast.AST, q: Qualify) -> set[str]:
    """Names whose values a loop over ``node`` takes: ``MODELS``, ``MODELS.items()``,
    ``MODELS.values()``, ``enumerate(MODELS)``. Not ``MODELS.keys()``: a table's keys are
    never bound to it (see `_holder`)."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _ITER_VIEWS:
            return _names_in(func.value, q)
        if isinstance(func, ast.Name) and func.id in _ITER_PASS:
            out: set[str] = set()
            for arg in node.args:
                out |= _iter_sources(arg, q)
            return out
        return set()
    if isinstance(node, ast.Name | ast.Attribute | ast.Subscript):
        return _names_in(node, q)
    return set()


def _loop_flows(
    node: ast.For | ast.AsyncFor | ast.comprehension, q: Qualify, flows: dict[str, set[str]]
) -> None:
    """``for tier, model in MODELS.items():`` - each name the loop binds takes its values
    from the container it walks."""
    sources = _iter_sources(node.iter, q)
    if not sources:
        return
    for sub in ast.walk(node.target):
        if isinstance(sub, ast.Name) and sub.id not in _IGNORED_NAMES:
            flows.setdefault(q(sub.id), set()).update(sources)


def _argument_key(func: str, slot: int | str) -> str:
    """The flow key of a call's argument: ``f#0`` (first positional), ``f#timeout``."""
    return f"{func}#{slot}"


def _argument_flows(call: ast.Call, q: Qualify, flows: dict[str, set[str]]) -> None:
    """``Model(chosen)``, ``build_path(model=chosen)``: what a call hands a project
    function, keyed by the function's name and the argument's slot (`_param_flows` links
    the slot to the parameter). Arguments after a ``*args`` have no known slot."""
    func = _last(call.func)
    if not func or func in _PASS_THROUGH_CALLS:
        return
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            break
        names = _names_in(arg, q)
        if names:
            flows.setdefault(_argument_key(func, i), set()).update(names)
    for kw in call.keywords:
        if kw.arg and kw.arg not in MODEL_KWARGS:
            names = _names_in(kw.value, q)
            if names:
                flows.setdefault(_argument_key(func, kw.arg), set()).update(names)


LITERAL_SLOT = "!literal"
"""Suffix of an argument slot that only a literal written in the call fills."""


def _dataclass_flows(nodes: list[ast.AST], scopes: _Scopes, flows: dict[str, set[str]]) -> None:
    """A dataclass's generated ``__init__`` takes its fields in order, after those of a
    dataclass base of the same module: ``LLMConfig("anthropic/claude-...", ...)`` hands its
    first argument to the field ``model_name`` (``f#0`` and ``f#model_name``), as
    `_param_flows` does for a written ``__init__``."""
    classes = {n.name: n for n in nodes if isinstance(n, ast.ClassDef) and _is_dataclass(n)}
    if not classes:
        return

    def fields(cls: ast.ClassDef, depth: int = 0) -> list[str]:
        inherited: list[str] = []
        for base in cls.bases:
            parent = classes.get(_last(base) or "")
            if parent is not None and parent is not cls and depth < 5:
                inherited += fields(parent, depth + 1)
        own = [
            stmt.target.id
            for stmt in cls.body
            if isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and "ClassVar" not in ast.unparse(stmt.annotation)
        ]
        return [*inherited, *(f for f in own if f not in inherited)]

    for name, cls in classes.items():
        if any(isinstance(s, ast.FunctionDef) and s.name == "__init__" for s in cls.body):
            continue  # a written __init__ speaks for itself (`_param_flows`)
        q = scopes.at(cls)
        for i, field_name in enumerate(fields(cls)):
            if "model" not in field_name.lower():
                continue  # names flow globally: only a model field may carry an ID to a call
            # Only a literal written into the call (``LLMConfig("anthropic/claude-...")``)
            # is followed (`LITERAL_SLOT`): records built from variables (a tool's own
            # ``Verdict(model_id, ...)``) would tie every name to every model argument.
            flows.setdefault(q(field_name), set()).update(
                {
                    _argument_key(name, i) + LITERAL_SLOT,
                    _argument_key(name, field_name) + LITERAL_SLOT,
                }
            )


def _is_dataclass(cls: ast.ClassDef) -> bool:
    for deco in cls.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if _last(target) == "dataclass":
            return True
    return False


def _param_flows(
    func: ast.FunctionDef | ast.AsyncFunctionDef,
    parent: ast.AST | None,
    inner: Qualify,
    flows: dict[str, set[str]],
) -> None:
    """Each parameter takes what calls hand its slot (`_argument_flows`): ``def f(a, b)``
    from ``f#0``, ``f#1``, ``f#a``, ``f#b``. A method's slots skip ``self`` (``obj.f(x)``),
    and ``__init__`` is also called by its class's name (``Model(x)``)."""
    args = func.args
    positional = [a.arg for a in (*args.posonlyargs, *args.args)]
    names = [func.name]
    if isinstance(parent, ast.ClassDef):
        static = any(_last(d) == "staticmethod" for d in func.decorator_list)
        if positional and not static:
            positional = positional[1:]
        if func.name == "__init__":
            names.append(parent.name)
    keywords = [*positional, *(a.arg for a in args.kwonlyargs)]
    for name in names:
        for i, param in enumerate(positional):
            flows.setdefault(inner(param), set()).add(_argument_key(name, i))
        for param in keywords:
            flows.setdefault(inner(param), set()).add(_argument_key(name, param))


def python_model_facts(source: str, path: str = "", tree: ast.Module | None = None) -> PyModelFacts:
    """Model literals, model uses, name flows and env reads of one module (never raises).

    ``tree``: ``ast.parse(source)`` when the caller has it already (the code scan parses
    most files anyway; a second parse was a third of this function's cost)."""
    catalog = load_catalog()
    facts = PyModelFacts()
    if tree is None:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            tree = _newer_syntax(source, path)
        except (ValueError, RecursionError, MemoryError):
            tree = None
        if tree is None:
            facts.parsed = False
            return facts
    nodes, parents = _walk(tree)
    scopes = _Scopes(nodes, parents, path)
    returns: dict[ast.AST, list[ast.Return]] = {}
    for node in nodes:
        if node.__class__ is ast.Return and node.value is not None:  # type: ignore[attr-defined]
            func = scopes.function_of(node)
            if func is not None:
                returns.setdefault(func, []).append(node)  # type: ignore[arg-type]
    settings_classes: list[ast.ClassDef] = []
    aliases = {
        alias.asname: alias.name.rpartition(".")[2]
        for node in nodes
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
        if alias.asname
    }
    for node in [n for n in nodes if n.__class__ in _FACT_NODES]:
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
            for ret in returns.get(node, ()):
                facts.flows.setdefault(node.name, set()).update(_names_in(ret.value, inner))
            _param_flows(node, parents.get(node), inner, facts.flows)
            if node.decorator_list:
                _choice_flows(node, scopes, facts.flows)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            _loop_flows(node, scopes.at(node), facts.flows)
        elif isinstance(node, ast.Call):
            _argument_flows(node, scopes.at(node), facts.flows)
            called = _last(node.func)
            if called:
                called = aliases.get(called, called)  # ``AsyncLLM as ClaudeLLM``
                facts.calls.setdefault(called, []).append(_call_shape(node))
            if node.keywords and _last(node.func) == "add_argument":
                _choice_flows(node, scopes, facts.flows)
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
    _dataclass_flows(nodes, scopes, facts.flows)
    for cls in settings_classes:  # pydantic BaseSettings: each field is an env var
        for stmt in cls.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                facts.env_reads.add(stmt.target.id.upper())
    gateway = gateway_slugs(source)
    for node in [n for n in nodes if n.__class__ in _LITERAL_NODES]:
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
            model_id = _whole_id(part.value, catalog, gateway)
            if model_id is None:
                continue
            binding, direct = _holder(node, parents, scopes)
            if binding is not None and binding.endswith("]"):
                facts.flows.setdefault(binding.rpartition("[")[0], set()).add(binding)
            line = getattr(node, "lineno", 0) or 0
            facts.literals.append((line, model_id, binding, direct))
            table = _table_of(node, parents)
            if table:
                facts.tables[(line, model_id)] = table
            held_by = owners(node, parents)
            if held_by:
                facts.owners[(line, model_id)] = held_by
            overridable = _default_of(node, parents)
            if overridable is not None:
                facts.defaults[(line, model_id)] = overridable
            if _compared(node, parents):
                facts.compared.add((line, model_id))
            elif _listed(node, parents):
                facts.listed.add((line, model_id))
    return facts


def _holder(
    node: ast.AST, parents: dict[ast.AST, ast.AST], scopes: _Scopes
) -> tuple[str | None, bool]:
    """Where a literal's value goes: (name it is bound to, whether it is a model argument).

    Climbs through expressions that pass a value on (conditionals, ``x or "..."``, env
    lookups' defaults, ``Field(default=...)``, dict values) and stops at what decides: a
    model keyword, an assignment, a parameter default, a return. A dict key, a
    comparison, a subscript index or a list of names is a table or a test, not a use.
    """
    child = node
    parent = parents.get(child)
    below: ast.AST | None = None
    """The node climbed through just before ``child``: for a list bound by an assignment,
    the element holding the literal (``MODELS[0]`` reads one element)."""
    while parent is not None:
        if isinstance(parent, ast.keyword):
            if parent.arg in MODEL_KWARGS:
                return None, True
            if parent.arg in CHOICE_KEYWORDS or (parent.arg == "type" and _is_choice(child)):
                target = _choice_target(parents.get(parent), parents, scopes)
                if target:
                    return target, False  # ``choices=["claude-..."]`` written inline
        elif isinstance(parent, ast.Dict):
            if child in parent.keys:
                return None, False
            key = parent.keys[parent.values.index(child)] if child in parent.values else None
            if isinstance(key, ast.Constant) and key.value in MODEL_KWARGS:
                if key.value == "model_name" and _router_entry(parent):
                    return None, False  # the alias clients ask the router for
                return None, not _is_reply(parent)
        elif isinstance(parent, ast.Call):
            called = _last(parent.func)
            if child is parent.func or not called:
                return None, False
            if _choice_value(parent, child, parents) or (
                _is_choice(parent) and child in parent.args
            ):
                pass  # ``OptionChoice(value="claude-...")`` in a list, ``click.Choice([...])``
            elif called not in _PASS_THROUGH_CALLS:
                return _argument_slot(parent, child, called), False
        elif isinstance(parent, ast.Assign | ast.AnnAssign):
            names = _targets(parent, scopes.at(parent))
            if names and isinstance(child, ast.List | ast.Tuple):
                index = next((i for i, e in enumerate(child.elts) if e is below), None)
                if index is not None:
                    return element_key(names[0], index), False
            return (names[0] if names else None), False
        elif isinstance(parent, ast.arguments):
            param = _param_of(parent, child)
            func = parents.get(parent)
            if param is None or func is None or func not in scopes.locals:
                return param, False
            return scopes.qualifier(func)(param), False
        elif isinstance(parent, ast.Return):
            func = parents.get(parent)
            while func is not None and not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                func = parents.get(func)
            return (func.name if func is not None else None), False
        elif not isinstance(
            parent, ast.IfExp | ast.BoolOp | ast.JoinedStr | ast.NamedExpr | ast.List | ast.Tuple
        ):
            return None, False
        below, child = child, parent
        parent = parents.get(child)
    return None, False


def _call_shape(call: ast.Call) -> tuple[int, frozenset[str], bool]:
    unpacks = any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    )
    return len(call.args), frozenset(k.arg for k in call.keywords if k.arg), unpacks


def _default_of(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> tuple[str, str, int] | None:
    """(callable name, parameter, call position) when ``node`` is a parameter's default
    (see `PyModelFacts.defaults`)."""
    args = parents.get(node)
    func = parents.get(args) if isinstance(args, ast.arguments) else None
    if not isinstance(args, ast.arguments) or not isinstance(
        func, ast.FunctionDef | ast.AsyncFunctionDef
    ):
        return None
    param = _param_of(args, node)
    if param is None:
        return None
    owner = parents.get(func)
    method = isinstance(owner, ast.ClassDef)
    name = owner.name if method and func.name == "__init__" else func.name  # type: ignore[union-attr]
    positional = [a.arg for a in (*args.posonlyargs, *args.args)]
    if (
        method
        and positional
        and not any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in func.decorator_list)
    ):
        positional = positional[1:]  # self / cls: the caller does not pass it
    return name, param, positional.index(param) if param in positional else -1


def _passed_by_every_call(
    default: tuple[str, str, int], calls: list[tuple[int, frozenset[str], bool]]
) -> bool:
    """Every call of the callable found in the project passes the parameter, so its
    default is never used (``AsyncLLM(model=cfg.model, ...)``, the only caller). No call
    found, or one that unpacks arguments, proves nothing."""
    _, param, position = default
    return bool(calls) and all(
        not unpacks and (param in keywords or 0 <= position < positional)
        for positional, keywords, unpacks in calls
    )


def _listed(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """The literal's nearest container is a list or tuple, directly or as the ``value=``
    of an element built by a call (``[OptionChoice(name=..., value="claude-...")]``)."""
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.List | ast.Tuple):
            return True
        if isinstance(parent, ast.Call) and _choice_value(parent, child, parents):
            child, parent = parent, parents.get(parent)
            continue
        if not isinstance(parent, ast.keyword):
            return False
        child, parent = parent, parents.get(parent)
    return False


def element_key(name: str, index: int) -> str:
    """The flow key of one element of a list bound to ``name``: ``MODELS[2]``. The whole
    list flows from each of its elements (a loop, a choice list, a call given the list),
    while ``MODELS[0]`` reads only the first."""
    return f"{name}[{index}]"


def _choice_value(call: ast.Call, child: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """``child`` is the ``value=`` of an object built as an element of a list or tuple:
    a choice offered to users (py-cord's ``OptionChoice``, discord.py's ``Choice``,
    questionary's ``Choice``), whose value is what the program receives."""
    return (
        isinstance(child, ast.keyword)
        and child.arg == "value"
        and isinstance(parents.get(call), ast.List | ast.Tuple)
    )


CHOICE_KEYWORDS = frozenset({"choices", "options"})
"""Keywords that offer users a fixed set of values for one option (argparse, py-cord's
``option``, Gradio's ``Dropdown(choices=...)``, ``selectbox(options=...)``)."""


def _choice_flows(
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Call,
    scopes: _Scopes,
    flows: dict[str, set[str]],
) -> None:
    """The values offered as an option's choices flow into what receives the option:
    ``@option("model", choices=CHAT_MODEL_CHOICES)`` on ``async def chat(self, ctx, model)``
    into the parameter ``model``; ``parser.add_argument("--model", choices=MODELS)`` and
    ``@click.option("--model", type=click.Choice(MODELS))`` into ``args.model`` /
    ``model``. A model ID a user can pick is sent when picked."""
    calls = (
        [d for d in node.decorator_list if isinstance(d, ast.Call)]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        else [node]
    )
    for call in calls:
        offered = _offered(call)
        option = _option_name(call)
        if offered is None or not option:
            continue
        names = _names_in(offered, scopes.at(call))
        if isinstance(offered, ast.List | ast.Tuple):
            names |= {n for e in offered.elts for n in _names_in(e, scopes.at(call))}
        if not names:
            continue
        if isinstance(node, ast.Call):
            if _last(node.func) == "add_argument":
                flows.setdefault(option, set()).update(names)  # read as ``args.<dest>``
            continue
        params = {a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)}
        if option in params:
            flows.setdefault(scopes.qualifier(node)(option), set()).update(names)


def _is_choice(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _last(node.func) == "Choice"


def _choice_target(call: ast.AST | None, parents: dict[ast.AST, ast.AST], scopes: _Scopes) -> str:
    """The flow key of what receives an option's value (see `_choice_flows`), or ''."""
    if not isinstance(call, ast.Call):
        return ""
    option = _option_name(call)
    if not option:
        return ""
    if _last(call.func) == "add_argument":
        return option
    func = parents.get(call)
    if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef) and call in func.decorator_list:
        args = func.args
        if option in {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}:
            return scopes.qualifier(func)(option)
    return ""


def _offered(call: ast.Call) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg in CHOICE_KEYWORDS:
            return kw.value
        if kw.arg == "type" and isinstance(kw.value, ast.Call) and _last(kw.value.func) == "Choice":
            return kw.value.args[0] if kw.value.args else None
    return None


def _option_name(call: ast.Call) -> str:
    """The name an option is received under: its first name (``"--model"`` -> ``model``,
    ``"--model-id"`` -> ``model_id``), or ``dest=``/``name=``."""
    named = [
        kw.value.value
        for kw in call.keywords
        if kw.arg in ("dest", "name")
        and isinstance(kw.value, ast.Constant)
        and isinstance(kw.value.value, str)
    ]
    spelled = [
        arg.value
        for arg in call.args
        if isinstance(arg, ast.Constant)
        and isinstance(arg.value, str)
        and (arg.value.startswith("--") or not arg.value.startswith("-"))
    ]
    for name in (*named, *spelled[:1]):
        return name.lstrip("-").replace("-", "_")
    return ""


def _router_entry(node: ast.Dict) -> bool:
    """A LiteLLM ``model_list`` entry built in code: ``{"model_name": alias,
    "litellm_params": {"model": real_id}}``; the router sends ``litellm_params.model``."""
    return any(isinstance(k, ast.Constant) and k.value == "litellm_params" for k in node.keys)


def _table_of(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> int:
    """Line of the outermost container literal (dict, list, tuple, set) holding ``node``,
    climbing through nested rows, plain or built by a constructor call
    (``{"coder": AgentConfig(model="..."), ...}``); 0 when the literal is in none."""
    found = 0
    child, parent = node, parents.get(node)
    while parent is not None:
        cls = parent.__class__
        if cls in _CONTAINERS:
            found = getattr(parent, "lineno", 0) or found
        elif not (cls is ast.keyword or (cls is ast.Call and child is not parent.func)):  # type: ignore[attr-defined]
            break
        child, parent = parent, parents.get(parent)
    return found


_CONTAINERS = frozenset({ast.Dict, ast.List, ast.Tuple, ast.Set})


def _compared(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """``x == "id"``, ``x in ("id", ...)``, ``match x: case "id":``."""
    parent = parents.get(node)
    if isinstance(parent, ast.List | ast.Tuple | ast.Set):
        node, parent = parent, parents.get(parent)
    return isinstance(parent, ast.Compare | ast.MatchValue)


def _argument_slot(call: ast.Call, child: ast.AST, func: str) -> str | None:
    """The flow key (`_argument_key`) of the argument ``child`` of ``call``, if it has one."""
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            return None
        if arg is child:
            return _argument_key(func, i)
    if isinstance(child, ast.keyword) and child.arg:
        return _argument_key(func, child.arg)
    return None


def _is_reply(node: ast.Dict) -> bool:
    """Whether a dict literal is a recorded reply (see `REPLY_KEYS`), not a request body."""
    return any(isinstance(k, ast.Constant) and k.value in REPLY_KEYS for k in node.keys)


def _param_of(args: ast.arguments, default: ast.AST) -> str | None:
    positional = [*args.posonlyargs, *args.args]
    for arg, value in zip(
        positional[len(positional) - len(args.defaults) :], args.defaults, strict=False
    ):
        if value is default:
            return arg.arg
    for arg, kwvalue in zip(args.kwonlyargs, args.kw_defaults, strict=False):
        if kwvalue is default:
            return arg.arg
    return None


def _reaching(
    uses: set[str], flows: dict[str, set[str]], wanted: set[str] | None = None
) -> set[str]:
    """Every name whose value can flow into a model argument (closure over ``flows``);
    with ``wanted``, only those of them that are, or lead on to, a ``wanted`` name.

    Reached through a function's return value (``model=resolve(x)``), the function's
    parameters do not lead on to what *every* caller hands it (``resolve#0``): only this
    call's value is sent, and other callers may pass anything (a capability lookup, a
    label). Argument slots count when the parameter itself is a use's source (``Model(x)``
    whose ``__init__`` stores it where a request reads it).

    The search state is a name and the function whose return it follows, so a name can
    be visited once per function: on a large tree (a site-packages: 146,000 names) that
    was 3.6 million states and 200 MB. Only the names holding a model ID are ever looked
    up, so with ``wanted`` the search never leaves the names that can lead to one (a
    restriction that only ever removes paths keeps every answer about those names)."""
    relevant = _leading_to(wanted, flows) if wanted is not None else None
    seen: dict[str, set[str | None]] = {}
    stack: list[tuple[str, str | None]] = [
        (u, u if ":" not in u else None) for u in uses if relevant is None or u in relevant
    ]
    while stack:
        name, entered = stack.pop()
        states = seen.setdefault(name, set())
        if None in states or entered in states:
            continue
        states.add(entered)
        for source in flows.get(name, ()):
            if relevant is not None and source not in relevant:
                continue
            func, slot, _ = source.partition("#")
            if slot and func == entered:
                continue  # another caller's argument to the function whose return we follow
            if ":" not in source and not slot:
                stack.append((source, source))  # a function's return, or a global name
            else:
                stack.append((source, entered))
    return set(seen)


def _leading_to(wanted: set[str], flows: dict[str, set[str]]) -> set[str]:
    """``wanted`` and every name a chain of ``flows`` leads from to one of them."""
    into: dict[str, list[str]] = {}
    for name, sources in flows.items():
        for source in sources:
            into.setdefault(source, []).append(name)
    found = set(wanted)
    stack = list(wanted)
    while stack:
        for name in into.get(stack.pop(), ()):
            if name not in found:
                found.add(name)
                stack.append(name)
    return found


def model_refs_in_python(source: str, path: str) -> list[ModelRef]:
    """Model IDs in one module judged on its own: ``code`` when they reach a client call
    in this module, ``mention`` otherwise (`project_model_refs` follows names across
    modules). A file that does not parse is scanned as text, so a syntax error never
    hides a retired ID."""
    facts = python_model_facts(source, path)
    if not facts.parsed:
        return model_refs_in_text(source, path, "code")
    return _python_refs(facts, path, _reaching(facts.uses, facts.flows))


def _python_refs(
    facts: PyModelFacts,
    path: str,
    reaching: set[str],
    dead: Set[str] = frozenset(),
    calls: Mapping[str, list[tuple[int, frozenset[str], bool]]] | None = None,
) -> list[ModelRef]:
    """``dead``: names of definitions nothing in the project refers to (`reach`); an ID
    used only inside one of them is `UNREACHED`. ``calls``: the project's calls by name
    (`PyModelFacts.calls`); a default every call overrides is a mention."""
    found: dict[tuple[int, str], ModelRef] = {}
    for line, model_id, binding, direct in facts.literals:
        used = direct or (
            binding is not None and (binding in reaching or binding + LITERAL_SLOT in reaching)
        )
        default = facts.defaults.get((line, model_id))
        if used and default is not None and calls is not None:
            used = not _passed_by_every_call(default, calls.get(default[0], []))
        context = "code" if used else COMPARED if (line, model_id) in facts.compared else MENTION
        if used and dead and not dead.isdisjoint(facts.owners.get((line, model_id), ())):
            context = UNREACHED
        table = facts.tables.get((line, model_id), 0)
        ref = ModelRef(
            Ref(SOURCE, f"{path}:{line}"),
            model_id,
            context,
            f"{path}:{table}" if table else "",
            binding if binding and binding.isupper() and ":" not in binding else "",
            (line, model_id) in facts.listed,
        )
        key = (line, model_id)
        if key not in found or used:
            found[key] = ref
    return [found[k] for k in sorted(found)]


def worth_reading_for_uses(data: bytes) -> bool:
    """Whether a Python file without a model ID can still pass one on (names a model
    argument) or read an env var: only those are parsed for model facts."""
    return bool(_USE_HINT.search(data))


# -- deploy and config files ---------------------------------------------------------------

_KEY_BEFORE = re.compile(
    r"""(?:^|[\s{,\[;(]|--set-env-vars=|-e\s)["']?(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)["']?"""
    r"""\s*(?:=|:|\s)\s*["']?(?:anthropic/|anthropic:|bedrock/|vertex_ai/)?$"""
)
_YAML_NAME = re.compile(r"""^\s*-?\s*name:\s*["']?(?P<key>[A-Za-z_][A-Za-z0-9_]*)""")
_ALIAS_KEYS = frozenset({"model_name", "alias", "name", "display_name"})
"""Keys that name a model without choosing it (LiteLLM's ``model_name`` is the alias)."""


def config_model_facts(text: str) -> list[tuple[int, str, str]]:
    """(line, model ID, the key it is the value of, or '') for each ID in a config file."""
    out: list[tuple[int, str, str]] = []
    lines = text.splitlines()
    gateway = gateway_slugs(text)
    for number, line in enumerate(lines, start=1):
        if "claude" not in line or _COMMENT_LINE.match(line):
            continue
        for start, token in _tokens(line, gateway):
            key = ""
            before = _KEY_BEFORE.search(line[:start])
            if before:
                key = before.group("key")
            if key.lower() == "value" and number > 1:
                named = _YAML_NAME.match(lines[number - 2])
                key = named.group("key") if named else key
            out.append((number, token, key))
    return out


def _tokens(line: str, gateway: bool = False) -> list[tuple[int, str]]:
    """Model IDs standing alone in ``line``; ``gateway``: see `_whole_id`."""
    catalog = load_catalog()
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    arns = list(_ARN_TOKEN.finditer(line))
    spans = [m.span() for m in arns]
    candidates = [(m.start(), m.group(0)) for m in arns]
    for match in _TOKEN.finditer(line):
        if any(a <= match.start() < b for a, b in spans):
            continue
        candidates.append((match.start(), match.group(0)))
    for start, token in sorted(candidates):
        model_id = _clean(token)
        if model_id in seen or not catalog.looks_like_model_id(model_id):
            continue
        if start and line[start - 1] == "/" and DOTTED_VERSION.search(model_id):
            continue  # another provider's spelling (see `_whole_id`)
        if gateway and line[max(0, start - len("anthropic/")) : start] == "anthropic/":
            continue
        seen.add(model_id)
        found.append((start, model_id))
    return found


_MODEL_KEYS = frozenset(k.lower() for k in MODEL_KWARGS)
_DEPLOY_NAME = re.compile(
    r"(?:^|/)(?:(?:docker-)?compose[\w.-]*\.ya?ml|app\.ya?ml|cloudbuild[\w.-]*\.ya?ml"
    r"|serverless[\w.-]*\.ya?ml|render\.ya?ml|fly\.toml|procfile|dockerfile[\w.-]*"
    r"|[\w.-]+\.dockerfile|[\w.-]+\.service|[\w.-]+\.tf|crontab)$"
    r"|(?:^|/)\.github/workflows/[^/]+\.ya?ml$",
    re.I,
)
"""Files a platform reads to run the code: compose, App Engine, Cloud Build, Serverless,
Render, Fly, Procfile, Dockerfile, systemd units, Terraform, crontabs, CI workflows."""
_MANIFEST = (re.compile(r"^apiVersion:\s*\S", re.M), re.compile(r"^kind:\s*\S", re.M))
"""A Kubernetes or Knative (Cloud Run) manifest: ``apiVersion`` and ``kind`` at its root."""
_ROUTER = (
    re.compile(r"""^\s*["']?model_list["']?\s*:""", re.M),
    re.compile(r"""["']?litellm_params["']?\s*:"""),
)
"""A LiteLLM router config: its ``model_list`` entries send ``litellm_params.model``."""
_LOADER_EXTS = frozenset({"yaml", "yml", "json", "toml", "env", "ini", "cfg", "conf"})
_TABLE_MAX_BYTES = 4 * 1024 * 1024


_WORKFLOW = re.compile(r"(?:^|/)\.github/workflows/[^/]+\.ya?ml$")
_TEST_RUNNER = re.compile(
    r"\b(?:pytest|tox|nox|playwright|jest|vitest|cypress|unittest|make\s+test\w*"
    r"|npm\s+(?:run\s+)?test\w*|yarn\s+test\w*|pnpm\s+test\w*)\b"
)
_DEPLOYS = re.compile(
    r"\b(?:deploy|kubectl|helm|terraform|flyctl|docker\s+push|gcloud\s+run|twine\s+upload"
    r"|npm\s+publish|gh\s+release)\b",
    re.I,
)


def ci_test_job_lines(path: str, text: str) -> set[int]:
    """Lines of the jobs of a GitHub Actions workflow that run a test runner and deploy or
    publish nothing: a model set there is the test run's, which CI may never send (a
    skipped or mocked suite), not a setting of anything that serves."""
    if not _WORKFLOW.search(path):
        return set()
    lines = text.splitlines()
    out: set[int] = set()
    in_jobs = False
    job_indent = -1
    start = 0

    def close(end: int) -> None:
        code = [ln for ln in lines[start - 1 : end] if not ln.lstrip().startswith("#")]
        body = "\n".join(code)
        if start and _TEST_RUNNER.search(body) and not _DEPLOYS.search(body):
            out.update(range(start, end + 1))

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            close(number - 1)
            start = 0
            in_jobs = stripped.startswith("jobs:")
            job_indent = -1
            continue
        if not in_jobs:
            continue
        if job_indent < 0:
            job_indent = indent
        if indent == job_indent:
            close(number - 1)
            start = number
    close(len(lines))
    return out


def is_deploy_config(path: str, text: str) -> bool:
    """Whether a platform, not the code, reads this file to run the project: a deploy file
    by its name (`_DEPLOY_NAME`, env files), a Kubernetes/Cloud Run manifest, or a LiteLLM
    router config (the proxy sends what its ``model_list`` names)."""
    if _DEPLOY_NAME.search(path) or _ENV_FILE.search(path):
        return True
    if all(p.search(text) for p in _MANIFEST):
        return True
    return all(p.search(text) for p in _ROUTER)


def record_field_lines(path: str, text: str) -> set[int]:
    """Lines of the fields of a data table's records: a YAML/JSON document whose root is a
    list of at least two mappings, for keys that more than one record has (a benchmark
    leaderboard, an export, a fixture list). A value there labels a record; nothing
    sends it."""
    if len(text) > _TABLE_MAX_BYTES:
        return set()
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        docs = list(yaml.compose_all(text, Loader=loader))
    except (yaml.YAMLError, ValueError, RecursionError):
        return set()
    lines: set[int] = set()
    for doc in docs:
        if not isinstance(doc, yaml.SequenceNode):
            continue
        records = [n for n in doc.value if isinstance(n, yaml.MappingNode)]
        if len(records) < 2:
            continue
        counts: dict[str, int] = {}
        for record in records:
            for key in {k.value for k, _ in record.value if isinstance(k, yaml.ScalarNode)}:
                counts[key] = counts.get(key, 0) + 1
        for record in records:
            for key_node, value in record.value:
                if (
                    isinstance(key_node, yaml.ScalarNode)
                    and counts.get(key_node.value, 0) > 1
                    and isinstance(value, yaml.ScalarNode)
                ):
                    lines.add(value.start_mark.line + 1)
    return lines


def _loader_patterns(path: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """How a module names a config file it opens: the file name in a string
    (``"llm.yaml"``, ``"config/llm.yaml"``, ``f"{root}/llm.yaml"``), or - for a name built
    at run time, ``config / f"{env}.toml"`` or ``name + ".toml"`` - the bare extension
    while the module also names its folder or its stem as a string (``"config"``,
    ``"production"``). The extension must be the end of a built name: a module opening
    ``"config/logging.yaml"`` does not open ``config/settings.yaml``."""
    folder, _, base = path.rpartition("/")
    stem, dot, ext = base.rpartition(".")
    named = re.compile(r"""["'/\\]""" + re.escape(base) + r"""["']""")
    if not dot or not stem or ext.lower() not in _LOADER_EXTS:
        return named, None
    parent = folder.rpartition("/")[2]
    places = "|".join(re.escape(p) for p in (stem, parent) if p)
    return named, re.compile(r"""["'/](?:""" + places + r""")(?:["']|/)""")


def code_loads(config: str, path: str, text: str) -> bool:
    """Whether the file at ``path`` opens the config file ``config`` by name: a Python
    module (see `_loader_patterns`), or a deploy file or script that hands the name to
    the program it runs (``--config llm.yaml``, a compose volume)."""
    if path == config:
        return False
    base = config.rpartition("/")[2]
    if not path.endswith(".py"):
        word = re.compile(r"""(?:^|[\s"'=/:,])""" + re.escape(base) + r"""(?:$|[\s"':,;])""")
        return any(
            word.search(line)
            for line in text.splitlines()
            if base in line and not _COMMENT_LINE.match(line)
        )
    named, place = _loader_patterns(config)
    if named.search(text):
        return True
    ext = base.rpartition(".")[2]
    ends = re.compile(r"""(?:\}|["'])\.""" + re.escape(ext) + r"""["']""")
    return place is not None and bool(ends.search(text)) and bool(place.search(text))


def _setting_key(key: str) -> str:
    """The last segment of a config key, lower-cased; '' for a key that names a model
    without choosing it (`_ALIAS_KEYS`) or for no key at all."""
    last = key.rsplit(".", 1)[-1].lower()
    return "" if last in _ALIAS_KEYS else last


SCRIPT_PATH = re.compile(r"(?:^|/)(?:[^/]+\.(?:sh|bash|mk)|(?:gnu)?makefile)$", re.I)
"""Scripts that run the project, whose commands may hand it a config file by name."""


@dataclass
class _ConfigFile:
    path: str
    found: list[tuple[int, str, str]]
    sites: list[CodeSite]
    deploy: bool
    table: set[int]
    test_jobs: set[int] = field(default_factory=set)
    """Lines of CI jobs that only run tests (`ci_test_job_lines`)."""


class ProjectModels:
    """Model references of a whole project, fed one file at a time.

    Per file only facts are kept (literals, uses, name flows, env reads, and the source
    lines of model IDs), so a large project costs no more memory than its model IDs;
    which IDs are in use is decided once every file has been seen (`records`).
    """

    def __init__(self) -> None:
        self._python: list[tuple[str, PyModelFacts, list[CodeSite]]] = []
        self._configs: list[_ConfigFile] = []
        self.loaded: set[str] = set()
        """Config files some code or deploy file opens by name (`note_loads`)."""
        self._fallback: list[Record] = []
        self.uses: set[str] = set()
        self.flows: dict[str, set[str]] = {}
        self.env_reads: set[str] = set()
        self.calls: dict[str, list[tuple[int, frozenset[str], bool]]] = {}
        """Every call of the project's Python files read for model uses, by called name."""
        self.unreferenced: set[str] = set()
        """Definitions holding a model ID that nothing in the project refers to (`reach`),
        set by the scan once every file has been seen."""

    def holders(self) -> dict[str, set[str]]:
        """Name -> files defining it, of every definition that holds a model ID literal and
        whose reachability its name settles: what `unreferenced` is decided among."""
        found: dict[str, set[str]] = {}
        for path, facts, _ in self._python:
            for names in facts.owners.values():
                for name in names:
                    found.setdefault(name, set()).add(path)
        return found

    def add(self, path: str, text: str, tree: ast.Module | None = None) -> None:
        """``tree``: ``ast.parse(text)`` of a Python file, when the caller has it."""
        if path.endswith(".py"):
            facts = python_model_facts(text, path, tree)
            if not facts.parsed:
                refs = model_refs_in_text(text, path, "code")
                self._fallback += [*refs, *model_id_sites(refs, text)]
                return
            self.uses |= facts.uses
            self.env_reads |= facts.env_reads
            for name, shapes in facts.calls.items():
                self.calls.setdefault(name, []).extend(shapes)
            if facts.literals and _live_api_test(path, text):
                self._fallback.append(CodeSite(Ref(SOURCE, f"{path}:1"), LIVE_API_TEST, path, 1))
            for name, sources in facts.flows.items():
                self.flows.setdefault(name, set()).update(sources)
            if facts.literals:
                provisional = _python_refs(facts, path, set())
                self._python.append((path, facts, model_id_sites(provisional, text)))
        else:
            found = config_model_facts(text)
            if found and _RECORDED_REPLY.search(text):
                # a recorded reply or cassette: which model answered, not a setting
                found = [(line, model_id, "") for line, model_id, _ in found]
            if found:
                provisional = [
                    ModelRef(Ref(SOURCE, f"{path}:{line}"), model_id, MENTION)
                    for line, model_id, _ in found
                ]
                deploy = is_deploy_config(path, text)
                keyed = any(_setting_key(key) for _, _, key in found)
                table = record_field_lines(path, text) if keyed and not deploy else set()
                sites = model_id_sites(provisional, text)
                tests = ci_test_job_lines(path, text) if deploy else set()
                self._configs.append(_ConfigFile(path, found, sites, deploy, table, tests))

    def unloaded_configs(self) -> list[str]:
        """Config files holding a model setting that counts only if some code or deploy file
        opens them, and none has been seen to yet: what `note_loads` looks for."""
        return [
            c.path
            for c in self._configs
            if not c.deploy
            and c.path not in self.loaded
            and any(
                _setting_key(key) in _MODEL_KEYS and line not in c.table for line, _, key in c.found
            )
        ]

    def note_loads(self, path: str, text: str, wanted: Iterable[str] | None = None) -> None:
        """Marks the config files (``wanted``, default `unloaded_configs`) that the file at
        ``path`` opens by name (`code_loads`)."""
        for config in self.unloaded_configs() if wanted is None else wanted:
            if config not in self.loaded and code_loads(config, path, text):
                self.loaded.add(config)

    def _config_context(self, config: _ConfigFile, line: int, key: str) -> str:
        """``config`` when the value at ``line`` is a setting something reads: an env var the
        code reads (in a deploy or env file, or spelt as one), or a ``model`` key of a
        deploy file, a router config or a file the code opens; else a mention. A field of
        a data table's records is a label, never a setting."""
        if line in config.table or line in config.test_jobs:
            return MENTION
        last = _setting_key(key)
        if not last:
            return MENTION
        env = key.rsplit(".", 1)[-1]
        if env.upper() in self.env_reads and (config.deploy or env.isupper()):
            return "config"
        if last in _MODEL_KEYS and (config.deploy or config.path in self.loaded):
            return "config"
        return MENTION

    def records(self) -> list[Record]:
        bindings = {
            name
            for _, facts, _ in self._python
            for _, _, binding, _ in facts.literals
            if binding is not None
            for name in (binding, binding + LITERAL_SLOT)
        }
        reaching = _reaching(self.uses, self.flows, bindings)
        records: list[Record] = list(self._fallback)
        for path, facts, sites in self._python:
            records.extend(_python_refs(facts, path, reaching, self.unreferenced, self.calls))
            records.extend(sites)
        for config in self._configs:
            records.extend(
                ModelRef(
                    Ref(SOURCE, f"{config.path}:{line}"),
                    model_id,
                    self._config_context(config, line, key),
                )
                for line, model_id, key in config.found
            )
            records.extend(config.sites)
        return records


def _live_api_test(path: str, text: str) -> bool:
    """See `LIVE_API_TEST`."""
    return (
        _TEST_MODULE.search(path) is not None
        and _DEFINES_TEST.search(text) is not None
        and _KEY_NAME.search(text) is not None
        and _REPLAYED.search(text) is None
        and _FAKE_KEY.search(text) is None
    )


def project_model_refs(files: Iterable[tuple[str, str]]) -> list[Record]:
    """Model references of a whole project from ``(path, text)`` pairs: `ModelRef` records
    (``code``/``config`` when in use, ``mention`` otherwise) and their line records."""
    project = ProjectModels()
    texts = list(files)
    for path, text in texts:
        project.add(path, text)
    wanted = project.unloaded_configs()
    if wanted:
        for path, text in texts:
            if path.endswith(".py") or is_deploy_config(path, text) or SCRIPT_PATH.search(path):
                project.note_loads(path, text, wanted)
    return project.records()


def model_refs_in_text(text: str, path: str, context: str) -> list[ModelRef]:
    """Model IDs in a config or deploy file (.env, YAML, TOML, JSON, Dockerfile ENV, shell),
    all recorded with ``context`` as given (`project_model_refs` decides which are in use).

    Tokens must stand alone (not part of a longer word or path) and look like a model
    ID; full-line comments are skipped.
    """
    return [
        ModelRef(Ref(SOURCE, f"{path}:{line}"), model_id, context)
        for line, model_id, _ in config_model_facts(text)
    ]


def model_refs_in_log(message: str, ref: Ref) -> list[ModelRef]:
    """Model IDs that a log line says were not found (the API's 404 ``not_found_error``).

    The ID is taken as written, Anthropic-shaped or not: the checks decide whether it
    is retired, invented, or a real model the key cannot reach.
    """
    if "model" not in message:
        return []
    warned = _SDK_DEPRECATION.search(message)
    if warned is not None:
        return [ModelRef(ref, warned.group("id"), DEPRECATION_WARNED)]
    if not _NOT_FOUND.search(message) and not (
        _HTTP_404.search(message) and _MODEL_MESSAGE.search(message)
    ):
        return []  # a 404 of something else on a line that names a model
    refs: list[ModelRef] = []
    for match in _MODEL_IN_ERROR.finditer(message):
        model_id = (match.group("id") or match.group("vertex")).rstrip(".,;:\\'\"}`")
        if model_id and model_id not in {r.model_id for r in refs}:
            refs.append(ModelRef(ref, model_id, "log"))
    return refs


def model_id_sites(refs: Iterable[ModelRef], text: str) -> list[CodeSite]:
    """One ``model-id`` `CodeSite` per line holding a model ID, with the line itself.

    Checks cannot read files, yet a fix diff needs the exact line; sources that want
    diffs in findings add these records next to the refs. The line keeps its
    indentation (attr ``text``) and is redacted.
    """
    lines = text.splitlines()
    sites: dict[str, CodeSite] = {}
    for ref in refs:
        path, _, number = ref.ref.location.rpartition(":")
        if not number.isdigit() or not 0 < int(number) <= len(lines):
            continue
        raw = lines[int(number) - 1]
        if len(raw) > 400 or ref.ref.location in sites:
            continue
        safe = redact(raw)
        sites[ref.ref.location] = CodeSite(
            ref=ref.ref,
            kind=MODEL_SITE,
            path=path,
            line=int(number),
            snippet=safe.strip()[:200],
            attrs=(("model_id", ref.model_id), ("text", safe)),
        )
    return list(sites.values())


_ENV_FILE = re.compile(r"(?:^|/)(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.env|env\.[\w.-]+)$")
"""``.env``, ``.env.production``, ``production.env``, ``env.staging``."""


def tracked_env_files(root: str, timeout_s: float = 5.0) -> list[tuple[str, bytes]]:
    """Env files git tracks although .gitignore lists them: ``(path, bytes)``.

    Being tracked, they ship with every clone and image build, so the values in them are
    deployed. Outside a git work tree, or without git, there are none.
    """
    import os
    import subprocess

    try:
        out = subprocess.run(
            ["git", "-C", root, "ls-files", "-z", "--cached", "--ignored", "--exclude-standard"],
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if out.returncode != 0:
        return []
    found: list[tuple[str, bytes]] = []
    for raw in out.stdout.split(b"\0"):
        rel = raw.decode("utf-8", errors="replace")
        if not rel or not _ENV_FILE.search(rel):
            continue
        try:
            with open(os.path.join(root, rel), "rb") as fh:
                data = fh.read(2 * 1024 * 1024)
        except OSError:
            continue
        found.append((rel, data))
    return found
