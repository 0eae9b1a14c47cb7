"""Offline evidence (``opsdoc diagnose --evidence FILE_OR_DIR``), SPEC section 5.

Post-mortems happen without credentials: users export what gcloud, rq and their
servers printed and hand us the files. This source walks them, recognises each by
content and reports per file what it could not read, keeping everything it could.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence

from opsdoc.redact import redact
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult
from opsdoc.sources.exports.reader import FileOutcome, read_export
from opsdoc.sources.exports.resources import merge_executions
from opsdoc.sources.exports.timeseries import merge_backlogs

__all__ = ["ExportsSource", "display_path"]

_PLURAL = {
    "log export": "log exports",
    "text log": "text logs",
    "json lines": "JSON-lines logs",
    "jobs": "jobs",
    "services": "services",
    "subscriptions": "subscriptions",
    "executions": "executions",
    "heartbeat": "heartbeats",
    "snapshot": "snapshots",
    "rq info": "rq info",
    "time series": "Cloud Monitoring time-series files",
}
_SINGULAR = {
    "json lines": "JSON-lines log",
    "time series": "Cloud Monitoring time-series file",
    "jobs": "job",
    "services": "service",
    "subscriptions": "subscription",
}


class ExportsSource:
    """Evidence from exported files and directories of them."""

    name = "exports"

    def __init__(self, paths: Sequence[str], timeout_s: float = 120.0) -> None:
        self.paths = list(paths)
        self.timeout_s = timeout_s

    def collect(self, ctx: SourceContext) -> SourceResult:
        result = SourceResult()
        started = time.monotonic()
        limit = max(0.0, min(self.timeout_s, ctx.deadline_s) * 0.9)

        def should_stop() -> bool:
            return time.monotonic() - started > limit

        kinds: dict[str, int] = {}
        entries: dict[str, int] = {}
        files = dropped_info = dropped_errors = 0
        for path, display in self._files(result):
            files += 1
            if should_stop():
                result.problems.append(
                    InputProblem(display, "not read: the exports source ran out of time")
                )
                continue
            outcome = _read_safely(path, display, ctx, should_stop)
            result.records.extend(outcome.records)
            for reason in outcome.problems:
                result.problems.append(InputProblem(input=display, reason=redact(reason)))
            if outcome.kind is None:
                if not outcome.problems:
                    result.skipped.append(display)
                continue
            kinds[outcome.kind] = kinds.get(outcome.kind, 0) + 1
            entries[outcome.kind] = entries.get(outcome.kind, 0) + outcome.entries
            dropped_info += outcome.dropped_info
            dropped_errors += outcome.dropped_errors
        if "time series" in kinds:
            result.records = merge_backlogs(result.records)
        result.records = merge_executions(result.records)
        result.detail = _detail(
            files, kinds, entries, len(result.skipped), dropped_info, dropped_errors
        )
        return result

    def _files(self, result: SourceResult) -> Iterator[tuple[str, str]]:
        for given in self.paths:
            if os.path.isdir(given):
                found: list[str] = []
                top = os.path.realpath(given)
                for root, dirs, names in os.walk(given, onerror=_walk_error(result)):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    found.extend(os.path.join(root, n) for n in names)
                for path in sorted(found):
                    why = _not_readable(path, inside=top)
                    if why is None:
                        yield path, display_path(path)
                    elif why:
                        result.problems.append(InputProblem(display_path(path), why))
            elif os.path.exists(given):
                why = _not_readable(given)
                if why:
                    result.problems.append(InputProblem(display_path(given), why))
                else:
                    yield given, display_path(given)
            else:
                result.problems.append(
                    InputProblem(input=display_path(given), reason="no such file or directory")
                )


def _walk_error(result: SourceResult) -> Callable[[OSError], None]:
    def report(exc: OSError) -> None:
        where = display_path(exc.filename or "?")
        reason = f"folder not read: {exc.strerror or exc}"
        result.problems.append(InputProblem(where, reason))

    return report


def _not_readable(path: str, inside: str | None = None) -> str | None:
    """Why ``path`` is not read (None: read it; "": skip without a word).

    Only regular files are read: a FIFO would block the run, a device never end. In
    a folder, a symbolic link is followed only when it stays inside the folder.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        return "" if os.path.islink(path) else f"cannot be read: {exc.strerror or exc}"
    if inside is not None and os.path.islink(path):
        target = os.path.realpath(path)
        if not (target + os.sep).startswith(inside.rstrip(os.sep) + os.sep):
            return "a symbolic link to a file outside the evidence folder; not followed"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (a FIFO, socket or device); not read"
    return None


def display_path(path: str) -> str:
    """Relative to the working directory when under it, else as given: never machine-bound."""
    try:
        cwd = os.getcwd()
        full = os.path.abspath(path)
    except OSError:
        return path
    if full == cwd or full.startswith(cwd.rstrip(os.sep) + os.sep):
        return os.path.relpath(full, cwd)
    return path


def _read_safely(
    path: str, display: str, ctx: SourceContext, should_stop: Callable[[], bool]
) -> FileOutcome:
    try:
        return read_export(path, display, ctx.as_of, should_stop)
    except MemoryError:
        return FileOutcome(problems=["not enough memory to read this file"])
    except OSError as exc:
        return FileOutcome(problems=[exc.strerror or str(exc)])
    except Exception as exc:  # a reader bug must not lose the other files' evidence
        return FileOutcome(problems=[f"could not read ({type(exc).__name__}: {exc})"])


def _detail(
    files: int,
    kinds: dict[str, int],
    entries: dict[str, int],
    skipped: int,
    dropped_info: int,
    dropped_errors: int,
) -> str:
    parts = []
    for kind in sorted(kinds, key=lambda k: (-kinds[k], k)):
        n = kinds[kind]
        label = _PLURAL.get(kind, kind) if n > 1 else _SINGULAR.get(kind, kind)
        text = f"{n} {label}"
        if kind in ("log export", "text log", "json lines"):
            unit = "entries" if kind == "log export" else "lines"
            text += f" ({entries[kind]:,} {unit})"
        parts.append(text)
    detail = f"{files} file{'s' if files != 1 else ''}"
    if parts:
        detail += ": " + ", ".join(parts)
    if skipped:
        detail += f"; {skipped} skipped"
    if dropped_info or dropped_errors:
        detail += f"; over caps, dropped {dropped_info:,} routine and {dropped_errors:,} error/warning records"
    return detail
