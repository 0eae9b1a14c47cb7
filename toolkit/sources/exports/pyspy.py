"""``py-spy dump`` output (a thread dump of a live Python process) to process evidence.

py-spy prints ``Process PID: COMMAND``, ``Python vX.Y.Z (...)``, then each thread as
``Thread ID (idle|active|gil): "NAME"`` followed by its frames, innermost first, as
``function (file:line)``. A dump is taken from a running process, so it proves that the
process was alive when it was captured: what a process table would show, for a process
on another machine or in a pod. Which thread waits where is kept too: a main thread
that waits in ``Future.result`` under ``BaseEventLoop._run_once`` is an event loop
blocked on its own thread.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from opsdoc.evidence import ProcessInfo, Ref
from opsdoc.redact import redact

_PROCESS = re.compile(r"^Process (?P<pid>\d+): (?P<cmd>.*)$")
_PYTHON = re.compile(r"^Python v\d+\.\d+")
_THREAD = re.compile(r'^Thread (?:0x[0-9A-Fa-f]+|\d+) \((?P<state>[\w ]+)\)(?:: "(?P<name>.*)")?$')
_FRAME = re.compile(r"^\s+(?P<func>\S.*?) \((?P<where>[^()]*:\d+|[^()]*)\)$")
MAX_FRAMES = 40
"""Frames kept of the main thread (the innermost ones say where it waits)."""


def looks_like_pyspy(lines: Sequence[str]) -> bool:
    head = [ln for ln in lines[:4] if ln.strip()]
    return (
        len(head) >= 2
        and _PROCESS.match(head[0]) is not None
        and _PYTHON.match(head[1]) is not None
        and any(_THREAD.match(ln) for ln in lines[:20])
    )


def parse_pyspy(display: str, lines: Sequence[str]) -> list[ProcessInfo]:
    """One record for the process a dump shows (``[]`` when it names none)."""
    head = _PROCESS.match(next((ln for ln in lines if ln.strip()), ""))
    if head is None:
        return []
    states: list[str] = []
    main: list[str] = []
    current = ""
    for line in lines:
        thread = _THREAD.match(line)
        if thread is not None:
            states.append(thread.group("state"))
            current = thread.group("name") or ""
            continue
        frame = _FRAME.match(line)
        if frame is not None and current == "MainThread" and len(main) < MAX_FRAMES:
            main.append(f"{frame.group('func')} ({frame.group('where')})")
    cmdline = tuple(redact(head.group("cmd")).split())
    busy = any(s != "idle" for s in states)
    return [
        ProcessInfo(
            Ref("exports", display),
            int(head.group("pid")),
            name=cmdline[0].rsplit("/", 1)[-1] if cmdline else "",
            cmdline=cmdline,
            alive=True,
            status="running" if busy else "sleeping",
            stack=tuple(main),
        )
    ]
