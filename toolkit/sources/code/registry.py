"""Objects a web app keeps in its registry, and the handlers that take them back out.

aiohttp apps hold shared clients in the application mapping (``app["thumbnails"] =
ThumbnailClient(url)``, read back as ``request.app["thumbnails"]``); Starlette and FastAPI
in ``app.state`` (``app.state.llm = Anthropic()``, ``request.app.state.llm``). Whatever
that object's methods do happens inside the handler that calls them, so a blocking call
there blocks the handler's event loop: `blocking` follows a call through the registry to
the class that was stored, in whichever module made it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from opsdoc.sources.code.pyindex import ModuleIndex, dotted


def registry_key(expr: ast.expr, storing: bool = False) -> str:
    """``item:thumbnails`` for ``request.app["thumbnails"]`` / ``app.get("thumbnails")``,
    ``state:llm`` for ``request.app.state.llm``; '' for anything else. ``storing``: the
    target of an assignment, where the app may go by any name (``api.state.llm = ...``)."""
    if isinstance(expr, ast.Subscript) and _is_app(expr.value):
        key = expr.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return f"item:{key.value}"
        if isinstance(key, ast.Name):
            return f"item:{key.id}"  # an aiohttp AppKey held in a module constant
        return ""
    if (
        isinstance(expr, ast.Attribute)
        and isinstance(expr.value, ast.Attribute)
        and expr.value.attr == "state"
        and (storing or _is_app(expr.value.value))
    ):
        return f"state:{expr.attr}"
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "get"
        and _is_app(expr.func.value)
        and expr.args
        and isinstance(expr.args[0], ast.Constant)
        and isinstance(expr.args[0].value, str)
    ):
        return f"item:{expr.args[0].value}"
    return ""


def _is_app(expr: ast.expr) -> bool:
    name = dotted(expr)
    return name == "app" or name.endswith(".app")


def stored(idx: ModuleIndex) -> Iterator[tuple[int, str, str]]:
    """(line, key, class) for each object the module stores in an app registry, the class
    named by its dotted path (imported, or the module's own)."""
    for node in ast.walk(idx.tree):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        key = registry_key(node.targets[0], storing=True)
        made = node.value
        if not key or not isinstance(made, ast.Call):
            continue
        if isinstance(made.func, ast.Name) and made.func.id in idx.classes:
            cls = f"{idx.module}.{made.func.id}"
        else:
            cls = idx.resolve(made.func)
        if cls and "." in cls:
            yield node.lineno, key, cls
