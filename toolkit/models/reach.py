"""Whether the code holding a model ID can run at all: definitions nothing refers to.

A retired model ID passed to ``messages.create`` inside a function that no module calls,
imports, registers or names in a config file never reaches the API. Reporting it as a
404 waiting to happen (M001, error) is the false alarm maintainers of large applications
see most: the leftovers of experiments, a client class replaced by another, a helper
whose only call was commented out.

The test is by name, over the whole project, and errs on the side of "reachable": a
definition counts as referenced when its name appears anywhere else as an identifier
or inside a string (an import, a call, a registry table, ``__all__``, a ``"mod:func"``
entry point, a dotted path handed to a task queue) or as a word in any config or deploy
file. Comments do not count: a call that was commented out calls nothing. Only
definitions whose reachability a name can settle are candidates:

- module-level functions without decorators (a decorator registers them: a route, a
  task, a tool, a Modal function) and not named like an entry point a platform calls by
  configuration outside the repository (``main``, ``handler``, a Cloud Functions
  ``(event, context)`` / ``(request)`` signature) or that a framework finds by its
  spelling (pytest's ``test_*``, Home Assistant's ``async_setup_entry``);
- module-level classes without decorators, bases, keywords or metaclass (a base can
  discover its subclasses: Django commands, plugin registries, config flows).

In a library (a project that ships no image or deploy file) a public definition is its
API, called by code outside the tree: only private names (``_helper``) are candidates.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable

ENTRY_POINT_NAMES = frozenset(
    {
        "main",
        "handler",
        "lambda_handler",
        "app",
        "application",
        "entrypoint",
        "entry_point",
        "run",
        "create_app",
        "setup",
        "teardown",
        "upgrade",
        "downgrade",
    }
)
"""Functions a platform, a console script or a framework calls by a name written outside
the code (Alembic's ``upgrade``, a plugin's ``setup``)."""
CONVENTION_PREFIXES = ("test", "Test", "pytest_", "async_setup", "async_unload", "async_remove")
"""Names a framework finds by their spelling: pytest's tests and hooks, Home Assistant's
integration entry points."""
_HANDLER_PARAMS = ({"event", "context"}, {"request"}, {"cloud_event"}, {"data", "context"})
"""Parameter lists of functions that Cloud Functions, Lambda and the functions framework
call by their name in a deploy command."""


def owners(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> tuple[str, ...]:
    """The enclosing module-level definitions of ``node`` whose reachability its name can
    settle (see the module docstring), outermost first."""
    found: list[str] = []
    child = node
    parent = parents.get(child)
    while parent is not None:
        if isinstance(parent, ast.Module) and _candidate(child):
            found.append(child.name)  # type: ignore[attr-defined]
        child = parent
        parent = parents.get(child)
    return tuple(found)


def _candidate(node: ast.AST) -> bool:
    if getattr(node, "name", "").startswith(CONVENTION_PREFIXES):
        return False
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        if node.decorator_list or node.name in ENTRY_POINT_NAMES:
            return False
        params = {a.arg for a in (*node.args.posonlyargs, *node.args.args)}
        return params not in _HANDLER_PARAMS
    if isinstance(node, ast.ClassDef):
        plain_bases = all(isinstance(b, ast.Name) and b.id == "object" for b in node.bases)
        return not node.decorator_list and not node.keywords and plain_bases
    return False


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def referenced(
    names: Iterable[str], files: Iterable[tuple[str, bytes]], defined_in: dict[str, set[str]]
) -> set[str]:
    """Which of ``names`` some file refers to, other than by defining it.

    ``files``: (relative path, content) of every Python, config and deploy file of the
    project. ``defined_in``: name -> the Python files that define it; there the ``def`` or
    ``class`` line itself is no reference. A Python file is read token by token (comments
    are not references); any other file counts a whole-word match.
    """
    wanted = set(names)
    seen: set[str] = set()
    for rel, data in files:
        left = [n for n in wanted - seen if n.encode() in data]
        if not left:
            continue
        if rel.endswith(".py"):
            seen |= _python_references(data, left, rel, defined_in)
        else:
            text = data.decode("utf-8", errors="replace")
            seen |= {n for n in left if re.search(rf"\b{re.escape(n)}\b", text)}
        if seen >= wanted:
            break
    return seen


def _python_references(
    data: bytes, names: list[str], rel: str, defined_in: dict[str, set[str]]
) -> set[str]:
    found: set[str] = set()
    words = {n: re.compile(rf"\b{re.escape(n)}\b") for n in names}
    previous = ""
    try:
        for token in tokenize.tokenize(io.BytesIO(data).readline):
            kind, text = token.type, token.string
            if kind == tokenize.NAME and text in words:
                defining = previous in ("def", "class") and rel in defined_in.get(text, ())
                if not defining:
                    found.add(text)
            elif kind == tokenize.STRING or kind == getattr(tokenize, "FSTRING_MIDDLE", -1):
                found |= {n for n, w in words.items() if w.search(text)}
            if kind not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
                previous = text
            if len(found) == len(words):
                break
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, ValueError):
        return set(names)  # unreadable: assume referenced, never call code dead on a guess
    return found
