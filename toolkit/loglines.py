"""What a log line means when nobody wrote a severity on it.

Three questions the checks ask of raw lines, answered in one place:

- is it a **Cloud Run platform line**, and which event does it report (a normal
  task end, a non-zero exit, a memory kill, a timeout, a probe failure, an
  instance start or a scale-down)? The texts are Google's own messages;
  ``Container called exit(0).`` is how every healthy job task ends, not a crash.
- is it a line a **web server or framework** printed by itself (start-up,
  shutdown, access log)? Such lines prove nothing about application logging
  (L001) and mark container restarts (E005). The patterns were taken from what
  uvicorn, gunicorn (sync, gthread, uvicorn worker), hypercorn, aiohttp,
  waitress, the Flask dev server, Django's runserver and daphne really print;
  the tests run those servers and check every line they print.
- does an unlabelled line **report an error** (a traceback, ``ERROR module:``,
  ``level=error``)? Cloud Run gives plain stdout/stderr severity DEFAULT.
"""

from __future__ import annotations

import re
from enum import StrEnum


class PlatformEvent(StrEnum):
    """A Cloud Run platform message, by what it says happened."""

    EXIT_OK = "exit-ok"
    """``Container called exit(0).``: the normal end of a job task."""
    EXIT_ERROR = "exit-error"
    """``Container called exit(N).``, N > 0: the process failed."""
    MEMORY_LIMIT = "memory-limit"
    REQUEST_TIMEOUT = "request-timeout"
    TASK_TIMEOUT = "task-timeout"
    PROBE_FAILED = "probe-failed"
    PROBE_OK = "probe-ok"
    INSTANCE_START = "instance-start"
    """``Starting new instance. Reason: ...``: autoscaling, deployment, min instances."""
    SHUTDOWN = "shutdown"
    """The platform stops an instance (scale-down, SIGTERM)."""
    KILLED = "killed"
    """The container was killed by a signal other than SIGTERM."""


_PLATFORM: tuple[tuple[re.Pattern[str], PlatformEvent | None], ...] = (
    (re.compile(r"Container called exit\((\d+)\)"), None),
    (re.compile(r"Memory limit of [\d.]+ ?\w+ exceeded", re.I), PlatformEvent.MEMORY_LIMIT),
    (
        re.compile(
            r"request has been terminated because it has reached the maximum request timeout", re.I
        ),
        PlatformEvent.REQUEST_TIMEOUT,
    ),
    (
        re.compile(
            r"Terminating task because it has reached the maximum timeout|"
            r"configured timeout was reached|Task .{1,200} timed out",
            re.I,
        ),
        PlatformEvent.TASK_TIMEOUT,
    ),
    (
        re.compile(r"\b(?:STARTUP|LIVENESS|READINESS) (?:TCP|HTTP|GRPC) probe failed", re.I),
        PlatformEvent.PROBE_FAILED,
    ),
    (re.compile(r"\bSTARTUP (?:TCP|HTTP|GRPC) probe succeeded", re.I), PlatformEvent.PROBE_OK),
    (re.compile(r"Starting new instance\. Reason:", re.I), PlatformEvent.INSTANCE_START),
    (re.compile(r"Container terminated on signal (\d+)", re.I), None),
    (
        re.compile(
            r"Shutting down (?:the )?instance|instance was (?:shut down|terminated|aborted)|"
            r"received a SIGTERM|Shutting down user disabled instance",
            re.I,
        ),
        PlatformEvent.SHUTDOWN,
    ),
)


def platform_event(message: str) -> PlatformEvent | None:
    """The Cloud Run platform event a line reports, or None for any other line."""
    if len(message) > 2000:
        message = message[:2000]
    for pattern, event in _PLATFORM:
        match = pattern.search(message)
        if match is None:
            continue
        if event is not None:
            return event
        number = int(match.group(1))
        if "exit(" in match.group(0):
            if number == 128 + 15:
                return PlatformEvent.SHUTDOWN  # a process ending on the SIGTERM it was sent
            return PlatformEvent.EXIT_OK if number == 0 else PlatformEvent.EXIT_ERROR
        return PlatformEvent.SHUTDOWN if number == 15 else PlatformEvent.KILLED
    return None


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

_SERVER_START = (
    # uvicorn (alone and as a gunicorn worker)
    r"Started server process \[\d+\]|Waiting for application startup|"
    r"Application startup complete|Uvicorn running on |"
    # gunicorn
    r"Starting gunicorn\b|Listening at: \w+://|Using worker: |Booting worker with pid|"
    r"Control socket listening at |"
    # hypercorn, aiohttp, waitress, werkzeug (Flask dev server)
    r"Running on \w+://\S+ \(CTRL \+ C to quit\)|^=+ Running on \w+://\S+ =+$|"
    r"Serving on \w+://|\* Serving Flask app |\* Running on \w+://|"
    # Django runserver and daphne
    r"Starting development server at |Starting server at (?:tcp|unix|ssl|fd):|"
    r"Listening on TCP address |Configuring endpoint |"
    # the platform starting a container
    r"Starting new instance\. Reason:"
)
"""Lines a server prints when a process (re)starts: a restart mid-request matters (E005)."""

_SERVER_OTHER = (
    r"Application shutdown complete|Waiting for application shutdown|"
    r"Finished server process|^(?:INFO:\s+|.*\[INFO\] )?Shutting down(?:: Master)?\.?$|"
    r"Handling signal: \w+|Worker exiting \(pid|Worker \(pid:\d+\) (?:was sent|exited)|"
    r"WORKER TIMEOUT \(pid:|Worker with pid \d+ was terminated|"
    r"^\(Press CTRL\+C to quit\)$|Press CTRL\+C to quit|\* Debug mode: |\* Restarting with |"
    r"\* Debugger (?:is active|PIN)|This is a development server|"
    r"Performing system checks|System check identified|^Django version \d|"
    r"Quit the server with CONTROL-C|For more information on production servers see|"
    r"^\w+ \d{1,2}, \d{4} - \d\d:\d\d:\d\d$|HTTP/2 support (?:not )?enabled|"
    r"Killed \d+ pending application instances|Not Found: /|"
    r"STARTUP (?:TCP|HTTP|GRPC) probe|Container called exit\(0\)"
)

_ACCESS = (
    r'"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE) \S+(?: HTTP/\d(?:\.\d)?| \d\.\d)?"'
    r"\s+(?:\d{3}\b|-(?=\s|$))"
)
"""Access-log lines: common/combined log format and uvicorn's, hypercorn's and daphne's."""

SERVER_START = re.compile(_SERVER_START, re.M)
SERVER_LINE = re.compile(f"{_SERVER_START}|{_SERVER_OTHER}|{_ACCESS}", re.M)


def plain(message: str) -> str:
    """The message without terminal colour codes (the Flask dev server colours its lines)."""
    return _ANSI.sub("", message) if "\x1b" in message else message


def is_server_line(message: str) -> bool:
    """True for a line a web server or the platform printed on its own."""
    return bool(SERVER_LINE.search(plain(message[:2000]).strip()))


def is_server_start(message: str) -> bool:
    """True for a line printed when a server process or a platform instance starts."""
    return bool(SERVER_START.search(plain(message[:2000]).strip()))
