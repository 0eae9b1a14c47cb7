"""Plain-text logs (rq workers, uvicorn, gunicorn, Python logging) to evidence.

Such logs come from pasted terminals and ``*.log`` files, in whatever format the
process used. We recognise the common ones line by line, take timestamp, level
and pid/worker where printed, and fold tracebacks and continuation lines into the
record they belong to, so one failure reads as one record quoting its exception.
rq prints only ``HH:MM:SS`` and no level: the date comes from the latest full date
seen earlier in the file, else from the run's reference time, and the level is
inferred from what the line says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from opsdoc.evidence import HttpInfo, LogRecord, LogSummary, Record, Ref
from opsdoc.redact import redact
from opsdoc.sources.exports.logentries import ERRORS, MAX_ERRORS, MAX_INFO, MAX_MESSAGE
from opsdoc.sources.exports.timeparse import parse_iso

MAX_LINE = 1 << 20
"""Longer lines are cut (and reported): no log line is a megabyte for a good reason."""

_LEVELS = r"DEBUG|INFO|NOTICE|WARNING|WARN|ERROR|CRITICAL|FATAL"
_LEVEL_MAP = {"WARN": "WARNING", "FATAL": "CRITICAL", "ERR": "ERROR", "PANIC": "CRITICAL"}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# [2025-10-05 04:55:54 +0000] [1] [INFO] Booting worker with pid: 8
_GUNICORN = re.compile(
    r"^\[(?P<ts>\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?: ?[+-]\d\d:?\d\d|Z)?)\]"
    rf" \[(?P<pid>\d+)\] \[(?P<level>{_LEVELS})\] (?P<msg>.*)$"
)
# Access logs: common/combined log format (gunicorn, nginx, aiohttp, werkzeug, Django):
# 10.4.0.17 - - [02/Mar/2026:10:24:50 +0000] "GET /healthz HTTP/1.1" 200 2 ...
# [02/Dec/2026 14:02:03] "GET / HTTP/1.1" 200 2
_CLF = re.compile(
    r"^(?:(?P<host>[\w.:-]+) \S+ \S+ )?\[(?P<ts>\d\d/[A-Z][a-z]{2}/\d{4}[: ]\d\d:\d\d:\d\d)"
    r"(?: (?P<tz>[+-]\d{4}))?\] (?P<msg>\".*)$"
)
# kubectl logs --prefix: [pod/web-7c9d-qx4p/app] ...
_KUBECTL_PREFIX = re.compile(r"^\[(?:pod/)?(?P<pod>[\w.-]+)/(?P<container>[\w.-]+)\] (?P<rest>.*)$")
# kubectl logs --timestamps, docker logs -t: 2026-07-30T07:58:02.237177886Z ...
_STAMP_PREFIX = re.compile(
    r"^(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (?P<rest>.*)$"
)
# logfmt (Go and structlog style): ts=2026-11-27T06:00:02.641Z level=error msg="..."
_LOGFMT = re.compile(
    r'^(?:ts|time|timestamp|t)="?(?P<ts>\d{4}-\d\d-\d\d[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)"?\s'
)
_LOGFMT_LEVEL = re.compile(
    r'(?i)(?:^|\s)(?:level|lvl|severity)="?(?P<level>debug|info|notice|warning|warn|error|err|critical|fatal|panic)\b'
)
# journalctl / syslog short format (no year): Sep 22 06:02:12 host python[1432]: msg
# journalctl -o short-iso / short-iso-precise: 2026-12-03T14:31:51+0000 host ident[pid]: msg
_JOURNAL_ISO = re.compile(
    r"^(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)) "
    r"(?P<host>[^\s\[\]]+) (?P<proc>[^\s\[:]+)\[(?P<pid>\d+)\]: ?(?P<msg>.*)$"
)
_JOURNAL_KERNEL = re.compile(
    r"^(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)) "
    r"(?P<host>[^\s\[\]]+) (?P<proc>kernel)(?P<pid>): (?P<msg>.*)$"
)
"""``journalctl -k -o short-iso``: the kernel's lines carry no pid (a pid in the message,
``Killed process 241733``, is the process the kernel speaks of, not the writer)."""
_SYSLOG = re.compile(
    r"^(?P<mon>[A-Z][a-z]{2}) {1,2}(?P<day>\d{1,2}) (?P<hms>\d\d:\d\d:\d\d)(?:\.\d+)? "
    r"(?P<host>\S+) (?P<proc>[^\s\[:]+)(?:\[(?P<pid>\d+)\])?: (?P<msg>.*)$"
)
# INFO:     Started server process [1]   |   ERROR:app.services.ingestion:Error ...
_LEVEL_FIRST = re.compile(rf"^(?P<level>{_LEVELS}):(?P<msg>.*)$")
# 2025-10-05 04:55:54,689 - app - ERROR - msg, 2025-10-05T04:55:54Z [ERROR] msg, ...
_DATED = re.compile(
    r"^\[?(?P<ts>\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?: ?Z| ?[+-]\d\d:?\d\d)?)\]?"
    r"[\s:|-]+(?P<msg>.*)$"
)
# 04:55:54 Worker rq:worker:abc: ...  (rq's default '%(asctime)s %(message)s', datefmt %H:%M:%S)
_TIME_ONLY = re.compile(r"^(?P<ts>\d\d:\d\d:\d\d)(?:[.,](?P<frac>\d+))? (?P<msg>.*)$")

_LEVEL_IN = re.compile(rf"(?:^|[\s\[(|:-])(?P<level>{_LEVELS})(?:[\])\s|:-]|$)")
_PID = re.compile(r"\[(?:PID |pid )?(?P<pid>\d{1,7})\]|\bpid[=: ]+(?P<pid2>\d{1,7})", re.I)
_RQ_WORKER = re.compile(r"\bWorker (?P<name>[\w.:@-]+?)(?: \[PID \d+\])?: |on worker (?P<n2>\S+)$")
_RQ_PID = re.compile(r"started with PID (?P<pid>\d+)")
_SERVER_PID = re.compile(r"Started server process \[(?P<pid>\d+)\]")
# uvicorn/gunicorn access lines: 127.0.0.1:33100 - "POST /api/tasks HTTP/1.1" 500 ...
_ACCESS = re.compile(
    r'"(?P<method>[A-Z]{3,7}) (?P<url>\S+)(?: HTTP/[\d.]+| \d\.\d)?" (?P<status>\d{3})\b'
)
"""A request line and status: common/combined log format, and hypercorn's ``"GET / 1.1"``."""

_ERROR_HINTS = re.compile(
    r"Traceback \(most recent call last\)|^\w+(?:\.\w+)*(?:Error|Exception)\b:|"
    r"Error code: [45]\d\d\b| ERROR |ERROR:|exception raised while executing|"
    r"Moving job to .*FailedJobRegistry|Work-horse (?:process )?terminated unexpectedly|"
    r"\bfailed with\b|JobTimeoutException"
)
_WARNING_HINTS = re.compile(r"\bWARN(?:ING)?\b|shut down requested|Cold shut down")
_CONTINUATION = re.compile(
    r"^(?:\s|Traceback \(most recent call last\)|During handling of the above|"
    r"The above exception was|\w+(?:\.\w+)*(?:Error|Exception|Interrupt|Exit)\b(?::|$)|$)"
)


@dataclass
class _Pending:
    line: int
    timestamp: datetime | None
    severity: str
    parts: list[str]
    instance: str
    size: int = 0

    def append(self, text: str) -> None:
        if self.size >= MAX_MESSAGE:
            return
        self.parts.append(text)
        self.size += len(text) + 1
        if self.severity not in ERRORS and _ERROR_HINTS.search(text):
            self.severity = "ERROR"


@dataclass
class TextLogParser:
    """Feed lines in order; ``records()`` gives the parsed records and one summary."""

    display: str
    as_of: datetime
    max_info: int = MAX_INFO
    max_errors: int = MAX_ERRORS
    lines: int = 0
    dropped_info: int = 0
    dropped_errors: int = 0
    _out: list[LogRecord] = field(default_factory=list)
    _pending: _Pending | None = None
    _last_date: date | None = None
    _last_time_only: datetime | None = None
    _instance: str = ""
    _n_info: int = 0
    _n_errors: int = 0
    _counts: list[int] = field(default_factory=lambda: [0, 0, 0])
    _first: datetime | None = None
    _last: datetime | None = None

    def feed(self, lineno: int, raw: str) -> None:
        self.lines += 1
        line = _ANSI.sub("", raw.rstrip("\r\n"))
        source = ""
        if m := _KUBECTL_PREFIX.match(line):  # kubectl logs --prefix
            source, line = m["pod"], m["rest"]
        if self._journal_line(lineno, line):
            return
        stamped: datetime | None = None
        if m := _STAMP_PREFIX.match(line):  # kubectl logs --timestamps, docker logs -t
            stamped = parse_iso(
                m["ts"][:26].rstrip("Z") + "+00:00" if m["ts"].endswith("Z") else m["ts"]
            )
            rest = m["rest"]
            if self._pending is not None and (
                (rest[:1].isspace() or _CONTINUATION.match(rest)) and rest.strip()
            ):
                self._pending.append(rest)
                return
            line = rest
        start = self._parse_start(line)
        if stamped is not None:
            if start is None:
                start = (stamped, "", line, "")
            else:
                start = (stamped, start[1], start[2], start[3])
        if source and start is not None:
            start = (start[0], start[1], start[2], source)
        if start is None and source and line.strip():
            start = (None, "", line, source)
        if start is None:
            if self._pending is not None and (_CONTINUATION.match(line) or not line.strip()):
                self._pending.append(line)
                return
            if not line.strip():
                return
            start = (None, "", line, "")
        ts, level, msg, instance = start
        self._flush()
        if instance:
            self._instance = instance
        severity = level or _infer(msg)
        self._pending = _Pending(lineno, ts, severity, [msg], self._instance, len(msg))

    def _journal_line(self, lineno: int, line: str) -> bool:
        """A journal or syslog line: its process id says which record it continues.

        journalctl prints every line a process wrote with its own prefix, and the
        processes of one unit interleave (two rq workers, a worker and its work horse):
        a traceback line continues the record of the same process only, and the
        message is what the process wrote, without the host and identifier.
        """
        if m := _JOURNAL_ISO.match(line) or _JOURNAL_KERNEL.match(line):
            ts = self._full(m["ts"])
        elif m := _SYSLOG.match(line):
            ts = self._syslog_time(m["mon"], m["day"], m["hms"])
        else:
            return False
        pid, msg = m["pid"] or "", m["msg"]
        if not msg.strip():
            return True
        pending = self._pending
        if (
            pending is not None
            and pid
            and pending.instance == pid
            and (msg[:1].isspace() or _CONTINUATION.match(msg))
        ):
            pending.append(msg)
            return True
        self._flush()
        lvl = _LEVEL_IN.search(msg[:80])
        instance = pid or _instance_of(msg)
        if instance:
            self._instance = instance
        level = _level(lvl["level"]) if lvl else ""
        self._pending = _Pending(lineno, ts, level or _infer(msg), [msg], instance, len(msg))
        return True

    def _parse_start(self, line: str) -> tuple[datetime | None, str, str, str] | None:
        if not line or line[0].isspace():
            return None
        m = _GUNICORN.match(line)
        if m:
            ts = self._full(m["ts"])
            return ts, _level(m["level"]), m["msg"], m["pid"]
        m = _LEVEL_FIRST.match(line)
        if m:
            msg = m["msg"].lstrip()
            return None, _level(m["level"]), msg, _instance_of(msg)
        m = _DATED.match(line)
        if m:
            ts = self._full(m["ts"])
            msg = m["msg"]
            lvl = _LEVEL_IN.search(msg[:80])
            pid = _PID.search(msg[:80])
            instance = (pid["pid"] or pid["pid2"]) if pid else _instance_of(msg)
            return ts, _level(lvl["level"]) if lvl else "", msg, instance
        m = _TIME_ONLY.match(line)
        if m:
            return self._time_only(m["ts"], m["frac"]), "", m["msg"], _instance_of(m["msg"])
        m = _CLF.match(line)
        if m:
            return _clf_time(m["ts"], m["tz"]), "", line, m["host"] or ""
        m = _LOGFMT.match(line)
        if m:
            lvl = _LOGFMT_LEVEL.search(line)
            level = _level(lvl["level"].upper()) if lvl else ""
            return self._full(m["ts"]), level, line, _instance_of(line)
        return None

    def _syslog_time(self, mon: str, day: str, hms: str) -> datetime | None:
        """Syslog prints no year: the latest year that puts the line before the reference time."""
        as_of = self.as_of.astimezone(UTC)
        for year in (as_of.year, as_of.year - 1):
            try:
                at = datetime.strptime(f"{year} {mon} {day} {hms}", "%Y %b %d %H:%M:%S")
            except ValueError:
                return None
            at = at.replace(tzinfo=UTC)
            if at <= as_of + timedelta(days=1):
                return at
        return None

    def _full(self, text: str) -> datetime | None:
        text = text.replace(",", ".")
        if len(text) > 19 and text[19] == " ":
            text = text[:19] + text[20:]
        ts = parse_iso(text)
        if ts is not None:
            self._last_date = ts.date()
            self._last_time_only = None
        return ts

    def _time_only(self, hms: str, frac: str | None) -> datetime | None:
        try:
            clock = time.fromisoformat(hms + (f".{(frac + '000000')[:6]}" if frac else ""))
        except ValueError:
            return None
        if self._last_date is not None:
            ts = datetime.combine(self._last_date, clock, tzinfo=UTC)
        else:
            as_of = self.as_of.astimezone(UTC)
            ts = datetime.combine(as_of.date(), clock, tzinfo=UTC)
            if ts > as_of:
                ts -= timedelta(days=1)
            self._last_date = ts.date()
        prev = self._last_time_only
        if prev is not None and ts < prev - timedelta(hours=12):
            ts += timedelta(days=1)  # the clock wrapped past midnight
            self._last_date = ts.date()
        self._last_time_only = ts
        return ts

    def _flush(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            return
        message = "\n".join(pending.parts).rstrip()
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + " [cut]"
        sev = pending.severity or "INFO"
        is_error = sev in ERRORS
        self._counts[0] += 1
        if is_error:
            self._counts[1] += 1
        elif sev == "WARNING":
            self._counts[2] += 1
        if pending.timestamp is not None:
            if self._first is None or pending.timestamp < self._first:
                self._first = pending.timestamp
            if self._last is None or pending.timestamp > self._last:
                self._last = pending.timestamp
        if is_error or sev == "WARNING":
            if self._n_errors >= self.max_errors:
                self.dropped_errors += 1
                return
            self._n_errors += 1
        else:
            if self._n_info >= self.max_info:
                self.dropped_info += 1
                return
            self._n_info += 1
        self._out.append(
            LogRecord(
                ref=Ref("exports", f"{self.display}:{pending.line}"),
                timestamp=pending.timestamp,
                severity=sev,
                message=redact(message),
                stream="file",
                instance=pending.instance,
                http=_access(pending.parts[0]),
            )
        )

    def records(self) -> list[Record]:
        self._flush()
        out: list[Record] = list(self._out)
        n, errors, warnings = self._counts
        out.append(
            LogSummary(
                ref=Ref("exports", self.display),
                resource_type="",
                resource=self.display,
                stream="file",
                entries=n,
                errors=errors,
                warnings=warnings,
                first=self._first,
                last=self._last,
            )
        )
        return out


_QUOTED = re.compile(r'"[^"]*"')
_DURATION_TOKEN = re.compile(
    r"^(?:[a-z_]*(?:time|duration|latency|took|elapsed)[a-z_]*[=:])?"
    r"(?P<value>\d+(?:\.\d+)?)(?P<unit>ms|us|µs|s)?$",
    re.I,
)
_UNIT_S = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6}


def _latency(tail: str) -> float | None:
    """The request duration a server printed after status and size, when it says one.

    Only a value that cannot be a byte count is taken: one with a unit (``0.39s``,
    ``12ms``) or a decimal point (gunicorn's ``%(L)s``, nginx's ``$request_time``,
    aiohttp's ``%Tf``, all seconds). A bare integer (``%(D)s`` microseconds, ``%(T)s``
    seconds, or a size) is ambiguous and left alone.
    """
    tokens = _QUOTED.sub(" ", tail).split()
    for token in tokens[1:6]:  # the first is the response size
        m = _DURATION_TOKEN.match(token)
        if m is None:
            continue
        unit = (m["unit"] or "").lower()
        if not unit and "." not in m["value"]:
            continue
        return float(m["value"]) * _UNIT_S.get(unit, 1.0)
    return None


def _access(msg: str) -> HttpInfo | None:
    m = _ACCESS.search(msg)
    if not m:
        return None
    url = redact(m["url"])
    rest = msg[m.end() :].partition("\n")[0]
    return HttpInfo(
        method=m["method"],
        url=url,
        path=url.split("?", 1)[0],
        status=int(m["status"]),
        latency_s=_latency(rest),
    )


def _level(text: str) -> str:
    return _LEVEL_MAP.get(text, text)


def _infer(msg: str) -> str:
    m = _LOGFMT_LEVEL.search(msg[:200])
    if m:
        return _level(m["level"].upper())
    if _ERROR_HINTS.search(msg):
        return "ERROR"
    if _WARNING_HINTS.search(msg):
        return "WARNING"
    return "INFO"


def _instance_of(msg: str) -> str:
    """The worker name or pid a line names, so later lines can be tied to the process."""
    m = _RQ_WORKER.search(msg)
    if m:
        return m["name"] or m["n2"] or ""
    m = _SERVER_PID.search(msg) or _RQ_PID.search(msg)
    return m["pid"] if m else ""


def _clf_time(text: str, tz: str | None) -> datetime | None:
    try:
        at = datetime.strptime(text.replace(" ", ":", 1)[:20], "%d/%b/%Y:%H:%M:%S")
    except ValueError:
        return None
    if tz:
        sign = -1 if tz[0] == "-" else 1
        offset = timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5])) * sign
        return (at - offset).replace(tzinfo=UTC)
    return at.replace(tzinfo=UTC)


def log_line_score(lines: Iterable[str]) -> tuple[int, int]:
    """(lines that start like a log record, non-blank lines): recognition by content."""
    hits = total = 0
    for raw in lines:
        line = _ANSI.sub("", raw.rstrip("\r\n"))
        if not line.strip():
            continue
        total += 1
        if (
            _GUNICORN.match(line)
            or _LEVEL_FIRST.match(line)
            or _DATED.match(line)
            or _TIME_ONLY.match(line)
            or _CLF.match(line)
            or _SYSLOG.match(line)
            or _KUBECTL_PREFIX.match(line)
            or _LOGFMT.match(line)
        ):
            hits += 1
    return hits, total
