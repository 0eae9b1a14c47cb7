"""Joining route declarations across modules into handler and background facts.

Imports name modules relative to some source root (``api.routers.tasks``) while
paths are relative to the project (``backend/api/routers/tasks.py``), so
references are matched on whole trailing dotted segments.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.facts import BACKGROUND_WORK, HTTP_HANDLER, make_site
from opsdoc.sources.code.pyindex import FuncDef, ModuleIndex, dotted
from opsdoc.sources.code.summary import background_sites, summarize
from opsdoc.sources.code.web import HTTP_VERBS, Include, RouterDecl, WebModule

Loader = Callable[[str], ModuleIndex | None]
"""Finds (and parses on demand) the module of a dotted name; None when not in the project."""


@dataclass
class Handler:
    idx: ModuleIndex
    fn: FuncDef
    framework: str
    methods: list[str]
    routes: list[str]


def join_route(*parts: str) -> str:
    pieces = [p.strip("/") for p in parts if p and p.strip("/")]
    path = "/" + "/".join(pieces)
    if parts and parts[-1].endswith("/") and path != "/":
        path += "/"
    return path


def suffix_match(ref: str, known: Iterable[str]) -> str:
    """The known name equal to ``ref`` or ending with ``.ref`` (shortest wins), or ''."""
    best = ""
    for name in known:
        if name == ref:
            return name
        if name.endswith("." + ref) and (not best or len(name) < len(best)):
            best = name
    return best


class Linker:
    def __init__(self, modules: list[tuple[ModuleIndex, WebModule]], load: Loader) -> None:
        self.modules = modules
        self.load = load
        self.routers: dict[str, RouterDecl] = {}
        self.includes: dict[str, list[Include]] = {}
        for _, web in modules:
            for decl in web.routers:
                self.routers[decl.ref] = decl
        for _, web in modules:
            for inc in web.includes:
                child = suffix_match(inc.child, self.routers) or inc.child
                self.includes.setdefault(child, []).append(inc)

    def prefix(self, ref: str, depth: int = 0) -> str:
        decl = self.routers.get(ref)
        own = decl.prefix if decl else ""
        incs = sorted(self.includes.get(ref, ()), key=lambda i: (i.parent, i.line))
        if not incs or depth > 8:
            return own
        inc = incs[0]
        parent = suffix_match(inc.parent, self.routers) or inc.parent
        outer = self.prefix(parent, depth + 1) if parent != ref else ""
        return join_route(outer, inc.prefix) if inc.replaces else join_route(outer, inc.prefix, own)

    def handlers(self) -> list[Handler]:
        found: dict[tuple[str, str], Handler] = {}
        for idx, web in self.modules:
            for route in web.routes:
                owner = suffix_match(route.owner, self.routers)
                framework = self.routers[owner].framework if owner else web.framework_hint
                fn = idx.funcs.get(route.func)
                if not framework or fn is None:
                    continue
                full = join_route(self.prefix(owner) if owner else "", route.path)
                if route.path.endswith("/") or route.path == "":
                    full = full if full.endswith("/") else full + "/"
                h = found.setdefault((idx.path, fn.qualname), Handler(idx, fn, framework, [], []))
                h.methods.extend(m for m in route.methods if m not in h.methods)
                if full not in h.routes:
                    h.routes.append(full)
        for handler in self._django():
            found.setdefault((handler.idx.path, handler.fn.qualname), handler)
        return sorted(found.values(), key=lambda h: (h.idx.path, h.fn.node.lineno))

    # -- Django -------------------------------------------------------------------------------

    def _django(self) -> list[Handler]:
        confs = {idx.module: (idx, web) for idx, web in self.modules if web.django}
        included: dict[str, str] = {}
        for module, (_, web) in sorted(confs.items()):
            for entry in web.django:
                if entry.include:
                    target = suffix_match(entry.include, confs)
                    if target and target not in included:
                        included[target] = join_route(
                            self._conf_prefix(module, included), entry.route
                        )
        out: list[Handler] = []
        for module, (_, web) in sorted(confs.items()):
            base = self._conf_prefix(module, included)
            for entry in web.django:
                if entry.view:
                    out.extend(self._django_view(entry.view, join_route(base, entry.route)))
        return out

    @staticmethod
    def _conf_prefix(module: str, included: dict[str, str]) -> str:
        return included.get(module, "")

    def _django_view(self, ref: str, route: str) -> list[Handler]:
        parts = ref.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            idx = self.load(".".join(parts[:cut]))
            if idx is None:
                continue
            name = ".".join(parts[cut:])
            fn = idx.funcs.get(name)
            if fn is not None:
                return [Handler(idx, fn, "django", _django_methods(fn), [route])]
            if name in idx.classes:
                methods = [
                    idx.funcs[f"{name}.{verb}"]
                    for verb in HTTP_VERBS
                    if f"{name}.{verb}" in idx.funcs
                ]
                return [Handler(idx, m, "django", [m.node.name.upper()], [route]) for m in methods]
            return []
        return []


def _django_methods(fn: FuncDef) -> list[str]:
    for deco in fn.node.decorator_list:
        name = dotted(deco.func if isinstance(deco, ast.Call) else deco).rpartition(".")[2]
        if name.startswith("require_") and name[8:].upper() in {v.upper() for v in HTTP_VERBS}:
            return [name[8:].upper()]
        if name == "require_safe":
            return ["GET", "HEAD"]
        if (
            name in ("require_http_methods", "api_view")
            and isinstance(deco, ast.Call)
            and deco.args
        ):
            arg = deco.args[0]
            if isinstance(arg, ast.List | ast.Tuple | ast.Set):
                return [str(e.value).upper() for e in arg.elts if isinstance(e, ast.Constant)]
    return ["ANY"]


def link(modules: list[tuple[ModuleIndex, WebModule]], load: Loader) -> list[CodeSite]:
    """http-handler facts for every route, and background-work facts for every module given."""
    linker = Linker(modules, load)
    out: list[CodeSite] = []
    reached_by: dict[tuple[str, str], str] = {}
    handlers = linker.handlers()
    for h in handlers:
        summary = summarize(h.idx, h.fn)
        for qual in sorted(summary.reached):
            reached_by.setdefault((h.idx.path, qual), h.fn.qualname)
        attrs = {
            "framework": h.framework,
            "method": ",".join(h.methods),
            "route": ",".join(h.routes),
            "is_async": str(isinstance(h.fn.node, ast.AsyncFunctionDef)).lower(),
            "long_work": ",".join(sorted(summary.long_work)),
            "offloads": ",".join(sorted(summary.offloads)),
            "calls": ",".join(summary.calls),
        }
        out.append(
            make_site(HTTP_HANDLER, h.idx.path, h.fn.node.lineno, h.idx.lines, h.fn.qualname, attrs)
        )
    seen: set[str] = set()
    indexes = [idx for idx, _ in modules] + [h.idx for h in handlers]
    for idx in indexes:
        if idx.path in seen:
            continue
        seen.add(idx.path)
        for bg in background_sites(idx):
            handler = reached_by.get((idx.path, bg.owner), "")
            if bg.mechanism == "executor" and not handler:
                continue
            attrs = {
                "mechanism": bg.mechanism,
                "handler": handler,
                "kept": str(bg.kept).lower(),
                "waited": str(bg.waited).lower(),
                "after_response": str(bool(handler) and not bg.waited).lower(),
            }
            out.append(
                make_site(BACKGROUND_WORK, idx.path, bg.node.lineno, idx.lines, bg.owner, attrs)
            )
    return out
