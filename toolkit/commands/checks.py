"""The list of checks for ``opsdoc checks``, without importing every check module.

Importing all check modules (and the evidence model they build on) is most of what
``opsdoc checks`` would cost. Their descriptions only change when a module file
changes, so they are cached per entry point, keyed by the module file's path, size
and mtime, in the user's cache directory. A miss (new plugin, edited module, no
cache) imports the modules through the registry, exactly as ``diagnose`` does.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from opsdoc import __version__

GROUP = "opsdoc.checks"
CACHE_NAME = "checks-v1.json"


@dataclass(frozen=True)
class CheckRow:
    """What ``opsdoc checks`` shows about one check."""

    code: str
    title: str
    severity: str
    needs: tuple[str, ...]
    any_of: tuple[str, ...]
    origin: str
    engine_emitted: bool


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "opsdoc"


def _dist(ep: EntryPoint) -> str:
    if ep.dist is None:
        return "unknown"
    fast = getattr(ep.dist, "_normalized_name", None)
    return str(fast).replace("_", "-") if fast else ep.dist.name


def _fingerprint(ep: EntryPoint) -> str | None:
    """Where the module's code is and what it looked like; None when unknown."""
    try:
        spec = importlib.util.find_spec(ep.module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        return None
    st = os.stat(spec.origin)
    return f"{__version__}:{spec.origin}:{st.st_size}:{st.st_mtime_ns}"


def _load_cache(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_cache(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home directory only costs speed


def list_checks(blocked: Iterable[str] = ()) -> tuple[list[CheckRow], list[tuple[str, str]]]:
    """Rows for every registered check, sorted by code, and plugins that failed to load."""
    blocked_set = {b.lower() for b in blocked}
    eps = [
        ep
        for ep in sorted(entry_points(group=GROUP), key=lambda e: (e.value, e.name))
        if ep.name.lower() not in blocked_set and _dist(ep).lower() not in blocked_set
    ]
    path = cache_dir() / CACHE_NAME
    cache = _load_cache(path)
    rows: list[CheckRow] = []
    misses: list[EntryPoint] = []
    for ep in eps:
        key = f"{_dist(ep)}:{ep.name}={ep.value}"
        fingerprint = _fingerprint(ep)
        hit = cache.get(key)
        if fingerprint and isinstance(hit, dict) and hit.get("fingerprint") == fingerprint:
            rows.extend(
                CheckRow(**{**r, "needs": tuple(r["needs"]), "any_of": tuple(r["any_of"])})
                for r in hit["rows"]
            )
        else:
            misses.append(ep)
    problems: list[tuple[str, str]] = []
    if misses:
        from opsdoc.plugin import load_registry

        registry = load_registry(blocked=blocked)
        problems = [(p.plugin, p.reason) for p in registry.problems]
        fresh: dict[str, list[CheckRow]] = {}
        for spec in registry.sorted():
            row = CheckRow(
                code=spec.code,
                title=spec.title,
                severity=spec.severity.value,
                needs=tuple(sorted(k.__name__ for k in spec.needs)),
                any_of=tuple(sorted(k.__name__ for k in spec.any_of)),
                origin=spec.origin,
                engine_emitted=spec.engine_emitted,
            )
            fresh.setdefault(spec.module, []).append(row)
        rows = [r for spec_rows in fresh.values() for r in spec_rows]
        for ep in eps:
            fingerprint = _fingerprint(ep)
            if fingerprint:
                cache[f"{_dist(ep)}:{ep.name}={ep.value}"] = {
                    "fingerprint": fingerprint,
                    "rows": [asdict(r) for r in fresh.get(ep.module, [])],
                }
        if not problems:
            _save_cache(path, cache)
    seen: dict[str, CheckRow] = {}
    for row in rows:
        seen.setdefault(row.code, row)
    return [seen[c] for c in sorted(seen)], problems
