"""Ruff-style code selection, shared by the registry and ``opsdoc checks``."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable


def matches(code: str, patterns: Iterable[str]) -> bool:
    """A pattern is a full code or a prefix (``T``, ``T00``), or ``ALL``."""
    for pattern in patterns:
        p = pattern.strip().upper()
        if p == "ALL" or (p and code.startswith(p)):
            return True
    return False


def path_excluded(rel: str, patterns: Iterable[str]) -> bool:
    """Whether ``rel`` (``/``-separated, relative to PATH) is excluded, as ruff's ``exclude``:
    a pattern is a path or a glob matched against the path and each of its parent
    directories, and a pattern without a ``/`` also matches any single name (``migrations``
    excludes every ``migrations`` directory)."""
    parts = rel.strip("/").split("/")
    for raw in patterns:
        pattern = raw.strip().removeprefix("./").rstrip("/")
        if not pattern:
            continue
        by_name = "/" not in pattern
        for i in range(1, len(parts) + 1):
            if fnmatch.fnmatchcase("/".join(parts[:i]), pattern):
                return True
            if by_name and fnmatch.fnmatchcase(parts[i - 1], pattern):
                return True
    return False
