"""How the application configures logging: will its lines reach stdout/stderr?

Cloud Run collects only what a container writes to stdout and stderr. Python logs
go elsewhere when a handler writes to a file, when a logger stops propagating and
has no stream handler of its own, when logging is disabled, when a dict config
silences existing loggers, or when nothing is configured at all (the
``lastResort`` handler then prints WARNING and above only, so every ``logger.info``
is dropped). Each construct is a ``logging-config`` fact with a ``kind``; the
handlers that do reach the console (``stream-handler``, ``cloud-logging``) are
facts too, because they rule the others out.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar, cast

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.facts import LOGGING_CONFIG, make_site
from opsdoc.sources.code.pyindex import FuncDef, ModuleIndex, const_str, dotted, kwarg
from opsdoc.sources.code.waits import scoped_nodes

FILE_HANDLERS = frozenset(
    {
        "logging.FileHandler",
        "logging.handlers.RotatingFileHandler",
        "logging.handlers.TimedRotatingFileHandler",
        "logging.handlers.WatchedFileHandler",
    }
)
CLOUD_HANDLERS = (
    "google.cloud.logging.handlers.CloudLoggingHandler",
    "google.cloud.logging.handlers.StructuredLogHandler",
    "google.cloud.logging_v2.handlers.CloudLoggingHandler",
    "google.cloud.logging_v2.handlers.StructuredLogHandler",
)
CLOUD_CLIENTS = frozenset({"google.cloud.logging.Client", "google.cloud.logging_v2.Client"})
NEEDLES = (
    "Handler",
    "basicConfig",
    "propagate",
    "logging.disable",
    "dictConfig",
    "log_config",
    "setup_logging",
    "loguru",
    "structlog",
)
CONSOLE_KINDS = frozenset({"stream-handler", "cloud-logging"})
QUIET_LEVELS = ("info", "debug")


def logging_config(idx: ModuleIndex) -> list[CodeSite]:
    if not idx.mentions(*NEEDLES):
        return []
    found: dict[int, tuple[str, FuncDef | None, dict[str, str]]] = {}
    for node, fn in scoped_nodes(idx):
        for kind, attrs in _classify(idx, node, fn):
            found.setdefault(node.lineno, (kind, fn, attrs))  # type: ignore[attr-defined]
    if "loguru" in {v.split(".")[0] for v in idx.imports.values()}:
        line = _import_line(idx, "loguru")
        found.setdefault(line, ("stream-handler", None, {"handler": "loguru default (stderr)"}))
    return [
        make_site(
            LOGGING_CONFIG,
            idx.path,
            line,
            idx.lines,
            function=fn.qualname if fn else "",
            attrs={"kind": kind, **attrs},
        )
        for line, (kind, fn, attrs) in sorted(found.items())
    ]


def _import_line(idx: ModuleIndex, module: str) -> int:
    for node in ast.walk(idx.tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(module):
            return node.lineno
        if isinstance(node, ast.Import) and any(a.name.startswith(module) for a in node.names):
            return node.lineno
    return 1


def _classify(
    idx: ModuleIndex, node: ast.AST, fn: FuncDef | None
) -> Iterator[tuple[str, dict[str, str]]]:
    if isinstance(node, ast.Assign):
        yield from _propagate_off(idx, node, fn)
        return
    if not isinstance(node, ast.Call):
        return
    name = idx.resolve(node.func)
    attr = node.func.attr if isinstance(node.func, ast.Attribute) else ""
    if name in FILE_HANDLERS:
        attrs = {"handler": name.rpartition(".")[2]}
        if _path_from_caller(idx, node, fn):
            attrs["opt_in"] = "true"
        yield "file-handler", attrs
    elif name == "logging.StreamHandler":
        arg = node.args[0] if node.args else kwarg(node, "stream")
        if isinstance(arg, ast.Call) and dotted(arg.func) == "open":
            yield "file-handler", {"handler": "StreamHandler(open(...))"}
        else:
            yield "stream-handler", {"handler": "StreamHandler", "stream": _stream(arg)}
    elif name == "logging.basicConfig":
        yield _basic_config(idx, node, fn)
    elif name == "logging.disable":
        arg = node.args[0] if node.args else None
        if not (arg is not None and dotted(arg) in ("logging.NOTSET", "NOTSET")):
            yield "disabled", {"handler": "logging.disable"}
    elif name.startswith(CLOUD_HANDLERS):
        yield "cloud-logging", {"handler": name.rpartition(".")[2]}
    elif attr == "setup_logging" and isinstance(node.func, ast.Attribute):
        if any(
            isinstance(o, ast.Call) and idx.resolve(o.func) in CLOUD_CLIENTS
            for o in idx.origins(node.func.value, fn)
        ):
            yield "cloud-logging", {"handler": "Client.setup_logging"}
    elif name == "structlog.configure":
        yield "stream-handler", {"handler": "structlog"}
    elif name in ("logging.config.dictConfig", "uvicorn.run", "uvicorn.Config"):
        config = node.args[0] if name.endswith("dictConfig") and node.args else None
        config = config if config is not None else kwarg(node, "log_config")
        if config is not None:
            yield from _dict_config(idx, config, fn, name)
    elif attr == "add" and _is_loguru(idx, node):
        sink = node.args[0] if node.args else kwarg(node, "sink")
        if sink is not None and (const_str(sink) is not None or dotted(sink).endswith("Path")):
            yield "file-handler", {"handler": "loguru.add(file)"}


_ENV_READS = frozenset({"os.environ.get", "os.getenv"})


def _path_from_caller(idx: ModuleIndex, call: ast.Call, fn: FuncDef | None) -> bool:
    """The handler's file name is whatever a caller passes in (a parameter, an attribute a
    setter stores from its parameter) or an environment variable with no default: the
    file handler exists only when someone asks for one (a generated API client's
    ``logger_file`` setter), so the code alone does not show logs going to a file."""
    path = call.args[0] if call.args else kwarg(call, "filename")
    if path is None:
        return False
    for origin, scope in idx.scoped_origins(path, fn):
        if isinstance(origin, ast.Name) and scope is not None:
            params = scope.node.args
            names = {a.arg for a in (*params.posonlyargs, *params.args, *params.kwonlyargs)}
            if origin.id in names and not idx.locals_of(scope).get(origin.id):
                return True
        if (
            isinstance(origin, ast.Call)
            and idx.resolve(origin.func) in _ENV_READS
            and (len(origin.args) < 2 or _const_none(origin.args[1]))
        ):
            return True
    return False


def _const_none(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is None


def _stream(arg: ast.expr | None) -> str:
    if arg is None:
        return "stderr"
    text = dotted(arg)
    return text.rpartition(".")[2] if text.startswith("sys.") else text or "?"


def _basic_config(
    idx: ModuleIndex, call: ast.Call, fn: FuncDef | None
) -> tuple[str, dict[str, str]]:
    if kwarg(call, "filename") is not None:
        return "file-handler", {"handler": "basicConfig(filename=...)"}
    handlers = kwarg(call, "handlers")
    if isinstance(handlers, ast.List | ast.Tuple):
        kinds = {
            "file" if idx.resolve(e.func) in FILE_HANDLERS else "other"
            for e in handlers.elts
            if isinstance(e, ast.Call)
        }
        if kinds == {"file"}:
            return "file-handler", {"handler": "basicConfig(handlers=[file])"}
    return "stream-handler", {"handler": "basicConfig", "stream": _stream(kwarg(call, "stream"))}


def _is_loguru(idx: ModuleIndex, call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and idx.resolve(call.func.value).startswith(
        "loguru"
    )


def _propagate_off(
    idx: ModuleIndex, node: ast.Assign, fn: FuncDef | None
) -> Iterator[tuple[str, dict[str, str]]]:
    for target in node.targets:
        if not (
            isinstance(target, ast.Attribute)
            and target.attr == "propagate"
            and isinstance(node.value, ast.Constant)
            and node.value.value is False
        ):
            continue
        logger = dotted(target.value)
        if not _has_stream_handler(idx, logger) and not _has_stream_handler(
            idx, logger, ("logging.NullHandler",)
        ):
            name = ""
            for origin in idx.origins(target.value, fn):
                if isinstance(origin, ast.Call) and idx.resolve(origin.func) == "logging.getLogger":
                    name = const_str(origin.args[0]) or "" if origin.args else "root"
            yield "no-stream-handler", {"handler": "propagate=False", "logger": name or logger}


def _has_stream_handler(
    idx: ModuleIndex, logger: str, kinds: tuple[str, ...] = ("logging.StreamHandler",)
) -> bool:
    """Whether ``logger`` gets a handler of ``kinds`` (or a Cloud Logging one). Asked for
    ``logging.NullHandler``: the logger is silenced on purpose (a library quieting a noisy
    dependency whose facts it logs itself), so its lines are not lost by accident."""
    for node in ast.walk(idx.tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "addHandler"
            and dotted(node.func.value) == logger
        ):
            for arg in node.args:
                origins = [*idx.origins(arg, None), arg]
                for o in origins:
                    if isinstance(o, ast.Call) and (
                        idx.resolve(o.func) in kinds
                        or idx.resolve(o.func).startswith(CLOUD_HANDLERS)
                    ):
                        return True
    return False


def _dict_config(
    idx: ModuleIndex, config: ast.expr, fn: FuncDef | None, how: str
) -> Iterator[tuple[str, dict[str, str]]]:
    literal = next((o for o in idx.origins(config, fn) if isinstance(o, ast.Dict)), None)
    if literal is None:
        return
    strings = {s for s in (const_str(n) for n in ast.walk(literal)) if s}
    keep = _key(literal, "disable_existing_loggers")
    disables = not (isinstance(keep, ast.Constant) and keep.value is False)
    roots = _key(literal, "root") is not None or '""' in strings
    attrs = {"handler": how.rpartition(".")[2], "disable_existing": str(disables).lower()}
    if any(s.endswith(tuple(h.rpartition(".")[2] for h in FILE_HANDLERS)) for s in strings):
        yield "file-handler", attrs
    elif disables and not roots:
        yield "no-stream-handler", attrs
    elif any(s.endswith("StreamHandler") or s.startswith("ext://sys.std") for s in strings):
        yield "stream-handler", attrs


def _key(literal: ast.Dict, key: str) -> ast.expr | None:
    for k, v in zip(literal.keys, literal.values, strict=False):
        if const_str(k) == key:
            return v
    return None


def quiet_log_calls(idx: ModuleIndex) -> list[ast.Call]:
    """``logger.info``/``debug`` calls: the lines lost when logging is left unconfigured."""
    if not idx.mentions("log"):
        return []
    out = []
    for node, fn in scoped_nodes(idx):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUIET_LEVELS
            and "log" in dotted(node.func.value).lower()
            and not _another_logger(idx, node.func.value, fn)
        ):
            out.append(node)
    return out


OWN_OUTPUT_LOGGERS = ("loguru", "structlog")
"""Logging libraries that write to the console with no configuration at all."""


def _another_logger(idx: ModuleIndex, receiver: ast.expr, fn: FuncDef | None) -> bool:
    """The receiver is not a `logging` logger: imported from a library that prints on its
    own, or bound (only) to an object made by something other than ``getLogger`` (a JSON
    line writer of the project's own, ``JsonLog(name)``), directly or through a parameter
    annotated with such a class (``self.log = log`` with ``log: JsonLog``). A parameter
    with no annotation, an import from a project module, stays a possible logger."""
    if isinstance(receiver, ast.Attribute):
        owner = receiver.value
        if not (isinstance(owner, ast.Name) and owner.id == "self" and fn is not None):
            return False
        assigned = idx.class_attrs.get((fn.cls, receiver.attr), [])
        return bool(assigned) and all(
            _made_by_another(idx, value, idx.funcs.get(method)) for value, method in assigned
        )
    if not isinstance(receiver, ast.Name):
        return False
    name = receiver.id
    if fn is not None and _annotation(fn, name) is not None:
        return _not_a_logger_type(_annotation(fn, name))
    values = idx.locals_of(fn).get(name) if fn is not None else None
    if not values and not (fn is not None and idx.shadowed(name, fn)):
        imported = idx.imports.get(name, "")
        if imported:
            return imported.split(".")[0] in OWN_OUTPUT_LOGGERS
        values = idx.module_assigns.get(name)
    return bool(values) and all(_made_by_another(idx, v, fn) for v in values or ())


def _made_by_another(idx: ModuleIndex, value: ast.expr, fn: FuncDef | None) -> bool:
    if isinstance(value, ast.Name) and fn is not None:
        return _not_a_logger_type(_annotation(fn, value.id))
    return (
        isinstance(value, ast.Call)
        and idx.resolve(value.func).split(".")[0] not in ("logging", *OWN_OUTPUT_LOGGERS)
        and dotted(value.func).rpartition(".")[2] not in ("getLogger", "get_logger", "getChild")
    )


def _annotation(fn: FuncDef, name: str) -> ast.expr | None:
    args = fn.node.args
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
        if arg.arg == name:
            return arg.annotation
    return None


def _not_a_logger_type(annotation: ast.expr | None) -> bool:
    """An annotation naming a class that is no logger (``JsonLog``, not ``Logger``,
    ``logging.LoggerAdapter`` or a string/union we do not read)."""
    if annotation is None:
        return False
    name = dotted(annotation)
    return bool(name) and "Logger" not in name and name.rpartition(".")[2] not in ("Any", "object")


class _Located(Protocol):
    @property
    def path(self) -> str: ...


M = TypeVar("M", bound=_Located)


def unconfigured(
    modules: Iterable[M],
    sites: Iterable[CodeSite],
    whole: Callable[[M], ModuleIndex] | None = None,
) -> list[CodeSite]:
    """One fact when the project logs at INFO but configures no console handler anywhere.

    Only for code that serves HTTP or is deployed as a Cloud Run service: a library
    or a script leaves logging to its caller on purpose. ``whole`` gives a module's
    full index when it was parsed reduced: its log calls may sit in any function; with
    ``whole``, ``modules`` need only name their path (the scan keeps no trees) and are
    read one at a time, in path order, until one logs unseen. Without it they are indexes.
    """
    facts = list(sites)
    modules = list(modules)
    if any(s.kind == LOGGING_CONFIG for s in facts):
        return []  # configured, for better or worse: those facts speak for themselves
    if not any(s.kind in ("http-handler", "service-context") for s in facts):
        return []
    for module in sorted(modules, key=lambda m: m.path):
        idx = whole(module) if whole is not None else cast(ModuleIndex, module)
        calls = quiet_log_calls(idx)
        if calls:
            first = min(calls, key=lambda c: c.lineno)
            return [
                make_site(
                    LOGGING_CONFIG,
                    idx.path,
                    first.lineno,
                    idx.lines,
                    attrs={
                        "kind": "unconfigured",
                        "handler": "lastResort (WARNING and above only)",
                        "calls": str(
                            len(calls)
                        ),  # in this module: counting all would cost a walk of each
                    },
                )
            ]
    return []
