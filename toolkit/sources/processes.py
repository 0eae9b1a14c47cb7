"""The local process table, read-only: is the worker behind a stale heartbeat still there?

A heartbeat that stopped means the worker is either hung or dead, and the two need
opposite responses (a stack dump versus a restart and a post-mortem). The process
table tells them apart. We only read it through psutil: no signals, no ptrace, no
``/proc/PID/mem``. Command lines routinely carry tokens, so they are redacted here,
before any check can quote them.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from opsdoc.evidence import ProcessInfo, Record, Ref
from opsdoc.redact import MASK, redact
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult

CPU_SAMPLE_S = 0.2
"""Window over which CPU use is measured: long enough to tell 0 % from 100 %."""
MAX_CMDLINE_ARGS = 64
MAX_ARG_CHARS = 512

_SECRET_FLAG = re.compile(
    r"^--?[\w.-]*(?:password|passwd|secret|token|api[_-]?key|apikey|credentials?)$", re.I
)
NOT_FOUND = "not-found"
"""`ProcessInfo.status` of a pid that was asked about and does not exist."""


class ProcessSource:
    """Processes whose command line matches a pattern, or named by pid.

    ``match`` holds plain substrings of the command line (like ``pgrep -f WORD``);
    ``pids`` names processes directly and yields a not-alive record for each one
    that is gone, so a check can tell "gone" from "not looked at". With neither,
    every visible process is listed.
    """

    name = "processes"

    def __init__(
        self, match: Sequence[str] = (), pids: Sequence[int] = (), timeout_s: float = 5
    ) -> None:
        self.match = [m for m in match if m]
        self.pids = sorted({int(p) for p in pids})
        self.timeout_s = timeout_s

    def collect(self, ctx: SourceContext) -> SourceResult:
        result = SourceResult()
        try:
            import psutil
        except ImportError:
            result.problems.append(
                InputProblem("process table", "psutil is not installed (pip install psutil)")
            )
            return result
        started = time.monotonic()
        limit = max(0.0, min(self.timeout_s, ctx.deadline_s) * 0.8)
        chosen: dict[int, Any] = {}
        scanned = 0
        cut = False
        if self.match or not self.pids:
            for proc in _iterate(psutil):
                if time.monotonic() - started > limit:
                    cut = True
                    break
                scanned += 1
                if proc.pid == os.getpid():
                    continue  # our own command line may name the pattern
                if self._matches(proc.info):
                    chosen[proc.pid] = proc
        records: list[Record] = []
        for pid in self.pids:
            if pid in chosen:
                continue
            try:
                chosen[pid] = psutil.Process(pid)
            except (psutil.NoSuchProcess, ValueError):
                records.append(_gone(pid))
            except psutil.AccessDenied:
                records.append(ProcessInfo(ref=_ref(pid), pid=pid, alive=True))
        cpu = _sample_cpu(psutil, chosen.values(), min(CPU_SAMPLE_S, limit / 4))
        for pid in sorted(chosen):
            records.append(_describe(psutil, chosen[pid], cpu.get(pid)))
        records.sort(key=lambda r: r.pid if isinstance(r, ProcessInfo) else 0)
        result.records = records
        alive = sum(1 for r in records if isinstance(r, ProcessInfo) and r.alive)
        result.detail = f"{alive} live process{'es' if alive != 1 else ''}"
        if self.match or self.pids:
            result.detail += f" matching {self._what()}"
        if cut:
            result.problems.append(
                InputProblem(
                    "process table",
                    f"listing stopped at the time limit after {scanned} processes",
                )
            )
        return result

    def _matches(self, info: dict[str, Any]) -> bool:
        if not self.match:
            return True
        text = " ".join(info.get("cmdline") or ()) or (info.get("name") or "")
        return any(m in text for m in self.match)

    def _what(self) -> str:
        parts = [repr(m) for m in self.match] + [f"pid {p}" for p in self.pids]
        return ", ".join(parts)


def _iterate(psutil: Any) -> Iterable[Any]:
    try:
        yield from psutil.process_iter(["name", "cmdline"], ad_value=None)
    except psutil.Error:
        return


def _sample_cpu(psutil: Any, procs: Iterable[Any], window: float) -> dict[int, float]:
    """CPU % of each process over one shared window (psutil's first reading is always 0)."""
    primed = []
    for proc in procs:
        try:
            proc.cpu_percent(None)
            primed.append(proc)
        except psutil.Error:
            continue
    if not primed:
        return {}
    time.sleep(max(window, 0.0))
    out = {}
    for proc in primed:
        try:
            out[proc.pid] = round(float(proc.cpu_percent(None)), 1)
        except psutil.Error:
            continue
    return out


def _describe(psutil: Any, proc: Any, cpu: float | None) -> ProcessInfo:
    pid = int(proc.pid)
    try:
        with proc.oneshot():
            status = _safe(proc.status, psutil) or ""
            name = _safe(proc.name, psutil) or ""
            cmdline = _safe(proc.cmdline, psutil) or []
            created = _safe(proc.create_time, psutil)
            running = bool(proc.is_running())
    except psutil.NoSuchProcess:
        return _gone(pid)
    return ProcessInfo(
        ref=_ref(pid),
        pid=pid,
        name=redact(str(name)),
        cmdline=clean_cmdline(cmdline),
        alive=running and status != psutil.STATUS_ZOMBIE,
        cpu_percent=cpu,
        status=str(status),
        create_time=datetime.fromtimestamp(created, tz=UTC) if created else None,
    )


def _safe(getter: Any, psutil: Any) -> Any:
    """A field we may not read (another user's process) is unknown, not a failure."""
    try:
        return getter()
    except (psutil.AccessDenied, psutil.ZombieProcess):
        return None


def clean_cmdline(args: Sequence[str]) -> tuple[str, ...]:
    """Arguments with secrets masked (``--token X`` as well as ``--token=X``), bounded."""
    out: list[str] = []
    hide_next = False
    for arg in list(args)[:MAX_CMDLINE_ARGS]:
        text = str(arg)[:MAX_ARG_CHARS]
        if hide_next:
            out.append(MASK)
            hide_next = False
            continue
        if _SECRET_FLAG.match(text):
            hide_next = True
        out.append(redact(text))
    return tuple(out)


def _ref(pid: int) -> Ref:
    return Ref("processes", f"pid:{pid}")


def _gone(pid: int) -> ProcessInfo:
    return ProcessInfo(ref=_ref(pid), pid=pid, alive=False, status=NOT_FOUND)
