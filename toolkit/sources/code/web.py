"""Route declarations of one module: apps, routers, includes and Django URL patterns.

A route's full path is only known once every module is read (a router declares
``/assemble``, another module mounts it under ``/api/tasks``), so this module
only records declarations; `link` joins them across the project.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from opsdoc.sources.code.pyindex import ModuleIndex, const_str, dotted, kwarg, walk_scope

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")
FRAMEWORK_CTORS = {
    "fastapi.FastAPI": ("fastapi", True),
    "fastapi.APIRouter": ("fastapi", False),
    "fastapi.routing.APIRouter": ("fastapi", False),
    "starlette.applications.Starlette": ("starlette", True),
    "starlette.routing.Router": ("starlette", False),
    "flask.Flask": ("flask", True),
    "flask.Blueprint": ("flask", False),
    "flask.blueprints.Blueprint": ("flask", False),
    "quart.Quart": ("quart", True),
    "quart.Blueprint": ("quart", False),
    "aiohttp.web.Application": ("aiohttp", True),
    "aiohttp.web_app.Application": ("aiohttp", True),
    "aiohttp.web.RouteTableDef": ("aiohttp", False),
    "aiohttp.web_routedef.RouteTableDef": ("aiohttp", False),
}
FRAMEWORK_MODULES = ("fastapi", "starlette", "flask", "quart", "aiohttp")
AIOHTTP_ADD = {f"add_{verb}": verb.upper() for verb in HTTP_VERBS}
"""``app.router.add_get(path, handler)`` and friends; ``add_route(method, path, handler)``."""
DJANGO_ROUTE_FUNCS = ("path", "re_path", "url")


@dataclass(frozen=True)
class RouterDecl:
    ref: str
    """Dotted name of the variable holding the app or router (``app.api.tasks.router``)."""
    framework: str
    prefix: str


@dataclass(frozen=True)
class Include:
    parent: str
    child: str
    prefix: str
    replaces: bool
    """Flask: a ``url_prefix`` given at registration replaces the blueprint's own."""
    line: int


@dataclass(frozen=True)
class Route:
    owner: str
    methods: tuple[str, ...]
    path: str
    func: str
    """Qualified name of the handler in its module."""


@dataclass(frozen=True)
class DjangoRoute:
    route: str
    view: str
    """Dotted reference to the view function or class ('' for an include)."""
    include: str
    """Dotted module of an included URLconf ('' for a view)."""


@dataclass
class WebModule:
    routers: list[RouterDecl] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    django: list[DjangoRoute] = field(default_factory=list)
    framework_hint: str = ""
    """Framework the module imports, for routes on objects defined elsewhere."""

    def __bool__(self) -> bool:
        return bool(self.routers or self.includes or self.routes or self.django)


def ref_of(idx: ModuleIndex, expr: ast.expr) -> str:
    """Project-wide dotted name of the object ``expr`` names."""
    if isinstance(expr, ast.Name) and expr.id not in idx.imports:
        return f"{idx.module}.{expr.id}" if idx.module else expr.id
    return idx.resolve(expr)


def declarations(idx: ModuleIndex) -> WebModule:
    web = WebModule()
    imported = {v.split(".")[0] for v in idx.imports.values()}
    web.framework_hint = next((f for f in FRAMEWORK_MODULES if f in imported), "")
    for name, values in idx.module_assigns.items():
        for value in values:
            decl = _router(idx, name, value)
            if decl is not None:
                web.routers.append(decl)
                break
    includes = idx.mentions("include_router", "register_blueprint", "mount(")
    for node in ast.walk(idx.tree) if includes else ():
        if isinstance(node, ast.Call):
            inc = _include(idx, node)
            if inc is not None:
                web.includes.append(inc)
    for fn in idx.funcs.values():
        for deco in fn.node.decorator_list:
            route = _route(idx, deco, fn.qualname)
            if route is not None:
                web.routes.append(route)
    if "aiohttp" in imported:
        web.routes.extend(_aiohttp_registrations(idx))
    if "django" in imported or idx.path.rpartition("/")[2] == "urls.py":
        web.django = _django_patterns(idx)
    return web


def _router(idx: ModuleIndex, name: str, value: ast.expr) -> RouterDecl | None:
    if not isinstance(value, ast.Call):
        return None
    known = FRAMEWORK_CTORS.get(idx.resolve(value.func))
    if known is None:
        return None
    framework, is_app = known
    prefix = "" if is_app else const_str(kwarg(value, "prefix") or kwarg(value, "url_prefix")) or ""
    return RouterDecl(
        ref=f"{idx.module}.{name}" if idx.module else name, framework=framework, prefix=prefix
    )


def _include(idx: ModuleIndex, call: ast.Call) -> Include | None:
    func = call.func
    if not isinstance(func, ast.Attribute) or not call.args:
        return None
    if func.attr == "include_router":
        child, prefix_kw, replaces = call.args[0], "prefix", False
    elif func.attr == "register_blueprint":
        child, prefix_kw, replaces = call.args[0], "url_prefix", True
    elif func.attr == "mount" and len(call.args) >= 2:
        child, prefix_kw, replaces = call.args[1], "", False
    else:
        return None
    if func.attr == "mount":
        prefix = const_str(call.args[0]) or ""
    else:
        given = kwarg(call, prefix_kw)
        prefix = const_str(given) or ""
        replaces = replaces and given is not None
    return Include(
        parent=ref_of(idx, func.value),
        child=ref_of(idx, child),
        prefix=prefix,
        replaces=replaces,
        line=call.lineno,
    )


def _aiohttp_registrations(idx: ModuleIndex) -> list[Route]:
    """aiohttp routes registered by call, with a handler defined in this module:
    ``app.router.add_get("/x", handler)``, ``add_route("POST", "/x", handler)``, and
    ``web.get("/x", handler)`` / ``web.route("GET", "/x", handler)`` in ``add_routes([...])``.
    """
    out = []
    for node in ast.walk(idx.tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        attr = node.func.attr
        args = node.args
        if attr in AIOHTTP_ADD and len(args) >= 2:
            methods: tuple[str, ...] = (AIOHTTP_ADD[attr],)
            path, handler = const_str(args[0]), args[1]
        elif attr in HTTP_VERBS and len(args) >= 2 and idx.resolve(node.func).startswith("aiohttp"):
            methods, path, handler = (attr.upper(),), const_str(args[0]), args[1]
        elif attr in ("add_route", "route") and len(args) >= 3:
            method = const_str(args[0])
            if method is None or (
                attr == "route" and not idx.resolve(node.func).startswith("aiohttp")
            ):
                continue
            methods = ("ANY",) if method == "*" else (method.upper(),)
            path, handler = const_str(args[1]), args[2]
        else:
            continue
        if path is None or not path.startswith("/") or not isinstance(handler, ast.Name):
            continue
        if handler.id not in idx.funcs:
            continue
        owner = ref_of(idx, node.func.value) if attr.startswith("add_") else ""
        out.append(Route(owner=owner, methods=methods, path=path, func=handler.id))
    return out


def _route(idx: ModuleIndex, deco: ast.expr, qualname: str) -> Route | None:
    if not isinstance(deco, ast.Call) or not isinstance(deco.func, ast.Attribute):
        return None
    verb = deco.func.attr
    if verb not in (*HTTP_VERBS, "route", "api_route"):
        return None
    if (
        verb == "route"
        and len(deco.args) >= 2
        and not (const_str(deco.args[0]) or "/").startswith("/")
    ):
        # aiohttp's RouteTableDef: ``@routes.route("POST", "/path")``
        method = const_str(deco.args[0]) or "GET"
        path = const_str(deco.args[1])
        if path is None or not path.startswith("/"):
            return None
        methods_given = ("ANY",) if method == "*" else (method.upper(),)
        return Route(
            owner=ref_of(idx, deco.func.value), methods=methods_given, path=path, func=qualname
        )
    path = const_str(deco.args[0]) if deco.args else None
    if path is None:
        path = const_str(kwarg(deco, "path") or kwarg(deco, "rule"))
    if path is None or (path and not path.startswith("/")):
        return None
    if verb in HTTP_VERBS:
        methods: tuple[str, ...] = (verb.upper(),)
    else:
        given = kwarg(deco, "methods")
        elts = given.elts if isinstance(given, ast.List | ast.Tuple | ast.Set) else []
        methods = tuple(s.upper() for s in (const_str(e) for e in elts) if s) or ("GET",)
    return Route(owner=ref_of(idx, deco.func.value), methods=methods, path=path, func=qualname)


def _django_patterns(idx: ModuleIndex) -> list[DjangoRoute]:
    out: list[DjangoRoute] = []
    for node in walk_scope(idx.tree.body):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(dotted(t) == "urlpatterns" for t in targets) and node.value is not None:
                for sub in ast.walk(node.value):
                    if isinstance(sub, ast.Call):
                        entry = _django_entry(idx, sub)
                        if entry is not None:
                            out.append(entry)
    return out


def _django_entry(idx: ModuleIndex, call: ast.Call) -> DjangoRoute | None:
    if dotted(call.func).rpartition(".")[2] not in DJANGO_ROUTE_FUNCS or len(call.args) < 2:
        return None
    route = const_str(call.args[0])
    if route is None:
        return None
    if dotted(call.func).rpartition(".")[2] != "path":
        route = route.removeprefix("^").removesuffix("$")
    target = call.args[1]
    if isinstance(target, ast.Call):
        inner = dotted(target.func).rpartition(".")[2]
        if inner == "include" and target.args:
            arg = target.args[0]
            module = const_str(arg)
            if module is None and isinstance(arg, ast.Name | ast.Attribute):
                module = idx.resolve(arg)
            return DjangoRoute(route, "", module or "") if module else None
        if inner == "as_view" and isinstance(target.func, ast.Attribute):
            return DjangoRoute(route, ref_of(idx, target.func.value), "")
        return None
    if isinstance(target, ast.Name | ast.Attribute):
        return DjangoRoute(route, ref_of(idx, target), "")
    return None
