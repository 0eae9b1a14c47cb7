"""Cloud Logging entries (``gcloud logging read --format=json``) to evidence.

A log export can hold millions of entries, nearly all of them routine. Checks need
the informative few (errors, slow or failed requests, restarts, platform messages,
the edges of each job execution) plus counts over everything, so the collector
keeps those, summarises the rest and never holds more than its caps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import orjson

from opsdoc.evidence import (
    HttpInfo,
    LogRecord,
    LogSummary,
    Record,
    Ref,
    looks_like_error,
    looks_like_warning,
)
from opsdoc.loglines import is_server_line
from opsdoc.redact import redact
from opsdoc.sources.exports.timeparse import parse_duration, parse_iso

MAX_MESSAGE = 8 * 1024
MAX_INFO = 20_000
MAX_ERRORS = 50_000
EDGE = 5
"""Records kept at each end of every job execution, whatever their severity."""

ERRORS = frozenset({"ERROR", "CRITICAL", "ALERT", "EMERGENCY"})
_SEVERITIES = {
    s: s for s in ("DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT")
} | {"EMERGENCY": "EMERGENCY", "WARN": "WARNING", "FATAL": "CRITICAL", "ERR": "ERROR"}

_STREAMS = {
    "run.googleapis.com/stdout": "stdout",
    "run.googleapis.com/stderr": "stderr",
    "run.googleapis.com/requests": "requests",
    "run.googleapis.com/varlog/system": "system",
}

STARTUP = re.compile(
    r"Started server process|Application startup complete|Starting gunicorn|"
    r"Booting worker with pid|Uvicorn running on|Listening at: http|Serving Flask app|"
    r"Running on http|Started \w+ in \d|: started with PID|"
    # and when it stops with work still running (E005)
    r"Waiting for background tasks to complete|timeout graceful shutdown exceeded|"
    r"Application shutdown complete|Finished server process"
)
"""Lines a server or worker prints when it (re)starts: restarts mid-task matter (E005)."""

PLATFORM = re.compile(
    r"maximum request timeout|Memory limit of|Container called exit\(|"
    r"reached the maximum timeout|configured timeout was reached|"
    r"Container terminated on signal|Default STARTUP TCP probe|startup probe failed|"
    r"instance was (?:shut down|terminated|aborted)|Shutting down the instance|"
    r"exceeded the maximum|received a SIGTERM|Terminating task"
)
"""Cloud Run platform messages (varlog/system, requests): timeouts, OOM kills, exits."""


WORK = re.compile(
    r"\b(?:in|took|after) \d+(?:\.\d+)?\s?(?:ms|s|sec|seconds|m|min|minutes)\b|"
    r"\b\d+m\d+(?:\.\d+)?s\b|Dropping \d+ items? because they were leased too long|"
    r"delivery[_ ]attempt"
)
"""How long a piece of work took, and redeliveries: what T003 and T004 measure."""
RQ_FAILURE = re.compile(
    r"exception raised while executing|Moving job to .*FailedJobRegistry|"
    r"Work-horse (?:process )?terminated unexpectedly"
)
"""rq's own record of a failed job: printed without a level, it says the failure is
known to rq (its failed registry, its retry), so the errors around it are not silent."""
NOTABLE = re.compile(f"{STARTUP.pattern}|{PLATFORM.pattern}|{WORK.pattern}|{RQ_FAILURE.pattern}")
_EMPTY: dict[str, Any] = {}
CONSOLE_SAMPLE = 2000
"""Console (stdout/stderr) entries per resource classified as server or application lines."""


def stream_of(log_name: str) -> str:
    """``projects/P/logs/run.googleapis.com%2Fstdout`` -> ``stdout``."""
    log_id = unquote(log_name.rpartition("/logs/")[2]) if "/logs/" in log_name else log_name
    return _STREAMS.get(log_id, log_id)


def time_key(ts: str) -> str:
    """A string that sorts like the instant: gcloud prints 0, 3, 6 or 9 fraction digits."""
    if len(ts) == 30 or not ts.endswith("Z"):
        return ts
    head, _, frac = ts[:-1].partition(".")
    return f"{head}.{(frac + '000000000')[:9]}Z"


_FACT_KEY = re.compile(
    r"(?i)duration|elapsed|latency|seconds|took|processing_time|attempt|message_?id|job_?id"
)
"""Structured fields that say how long work took, which delivery it was, and of what:
kept beside the message so duration and redelivery readers see them."""


def _payload_facts(payload: dict[str, Any]) -> str:
    return " ".join(
        f"{key}={value}"
        for key, value in list(payload.items())[:40]
        if isinstance(key, str)
        and isinstance(value, str | int | float)
        and not isinstance(value, bool)
        and _FACT_KEY.search(key)
    )[:300]


MESSAGE_KEYS = ("message", "msg", "event")
"""Where structured loggers put the human text: the stdlib and Cloud Logging's
``message``, logfmt-style ``msg``, structlog's ``event``."""
EXCEPTION_KEYS = ("exc_info", "exception", "stack_trace", "stacktrace", "traceback", "exc_text")
"""Where structured loggers put a caught exception beside the message:
python-json-logger's ``exc_info``, structlog's ``exception`` (text, or a list of
frames from ``dict_tracebacks``), Error Reporting's ``stack_trace``."""
MAX_EXCEPTION = 4000


def exception_of(payload: dict[str, Any]) -> str:
    """The exception a structured entry carries beside its message, as text.

    A handler that logs ``exc_info=True`` through a JSON formatter leaves the
    traceback in its own field; readers of failures (tracebacks, SDK errors, 404s)
    must see it as if it had been printed.
    """
    for key in EXCEPTION_KEYS:
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            return value[:MAX_EXCEPTION]
        if isinstance(value, list):  # structlog's dict_tracebacks: one dict per chained exception
            lines = [
                f"{item.get('exc_type')}: {item.get('exc_value', '')}"
                for item in value[:5]
                if isinstance(item, dict) and isinstance(item.get("exc_type"), str)
            ]
            if lines:
                return "\n".join(lines)[:MAX_EXCEPTION]
    return ""


LEVEL_KEYS = ("severity", "level", "levelname", "log.level", "lvl")
"""Where structured loggers put the record's level: Cloud Logging's ``severity``,
structlog's and logfmt's ``level``, python-json-logger's ``levelname``, ECS's ``log.level``."""
_NUMERIC_LEVELS = {10: "DEBUG", 20: "DEBUG", 30: "INFO", 40: "WARNING", 50: "ERROR"}
"""pino and bunyan number their levels; 60 and above is fatal."""


def payload_severity(payload: dict[str, Any]) -> str | None:
    """The level a structured record gives itself, as a LogEntry severity.

    Cloud Run lifts only a ``severity`` key into the entry; a JSON line written with
    ``level`` or ``levelname`` arrives as DEFAULT, yet says plainly that it is an error.
    """
    for key in LEVEL_KEYS:
        value = payload.get(key)
        if isinstance(value, bool) or not isinstance(value, str | int):
            continue
        if isinstance(value, int):
            return _NUMERIC_LEVELS.get(value, "CRITICAL" if value >= 60 else "DEFAULT")
        level = value.strip().upper()
        if level:
            return _SEVERITIES.get(level, "DEFAULT")
    return None


def entry_severity(entry: dict[str, Any]) -> str:
    """An entry's severity, or the one its structured payload gives when it has none."""
    sev = _SEVERITIES.get(str(entry.get("severity") or "DEFAULT").upper(), "DEFAULT")
    if sev == "DEFAULT":
        payload = entry.get("jsonPayload")
        if payload.__class__ is dict:
            return payload_severity(payload) or "DEFAULT"
    return sev


def payload_text(payload: dict[str, Any]) -> str | None:
    """A structured entry's message with the exception it carries, or None without one."""
    for key in MESSAGE_KEYS:
        value = payload.get(key)
        if isinstance(value, str) and value:
            exc = exception_of(payload)
            return f"{value}\n{exc}" if exc and exc not in value else value
    return None


def message_of(entry: dict[str, Any]) -> str:
    """The human part of an entry, whichever payload it has."""
    text = entry.get("textPayload")
    if isinstance(text, str):
        return text
    payload = entry.get("jsonPayload")
    if isinstance(payload, dict):
        value = payload_text(payload)
        if value is not None:
            head, sep, rest = value.partition("\n")
            facts = _payload_facts(payload)
            return f"{head} {facts}{sep}{rest}" if facts else value
        return orjson.dumps(payload).decode()
    proto = entry.get("protoPayload")
    if isinstance(proto, dict):
        status = proto.get("status")
        if isinstance(status, dict) and isinstance(status.get("message"), str):
            return str(status["message"])
        for key in ("message", "methodName"):
            if isinstance(proto.get(key), str):
                return str(proto[key])
        return orjson.dumps(proto).decode()
    http = entry.get("httpRequest")
    if isinstance(http, dict):
        parts = (http.get("requestMethod"), http.get("status"), http.get("latency"))
        head = " ".join(str(p) for p in parts if p not in (None, ""))
        return f"{head} {http.get('requestUrl', '')}".strip()
    return ""


def http_of(req: dict[str, Any]) -> HttpInfo:
    url = str(req.get("requestUrl") or "")
    try:
        path = urlsplit(url).path if url else ""
    except ValueError:
        path = ""
    status = req.get("status")
    return HttpInfo(
        method=str(req.get("requestMethod") or ""),
        url=redact(url),
        path=path,
        status=int(status) if isinstance(status, int | str) and str(status).isdigit() else None,
        latency_s=parse_duration(req.get("latency")),
    )


def _label_int(value: Any) -> int | None:
    return int(value) if isinstance(value, str | int) and str(value).isdigit() else None


PUSH_AGENT = "APIs-Google"
"""The User-Agent of Pub/Sub push deliveries (and other Google-originated calls): each
such request is a message delivered, and E003 asks how it was answered."""


MAX_DELIVERIES = 5_000
"""Ordinary push deliveries kept, on a budget of their own so a busy push endpoint
never crowds out the platform and application lines the other checks need."""


def _push_delivery(req: dict[str, Any]) -> bool:
    agent = req.get("userAgent")
    return isinstance(agent, str) and agent.startswith(PUSH_AGENT)


def _slow_or_failed(req: Any) -> bool:
    if not isinstance(req, dict):
        return False
    status = req.get("status")
    if isinstance(status, int) and status >= 500:
        return True
    latency = req.get("latency")
    if isinstance(latency, str) and latency.endswith("s"):
        try:
            return float(latency[:-1]) >= 1.0
        except ValueError:
            return False
    return False


def _widen(summary: list[Any], ts: str) -> None:
    """Extend a summary's [first, last] when timestamps differ in fraction digits."""
    key = time_key(ts)
    if key < time_key(summary[3]):
        summary[3] = ts
    if key > time_key(summary[4]):
        summary[4] = ts


@dataclass
class _Edges:
    """The earliest and latest few entries of one job execution."""

    first: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)
    last: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)

    def offer(self, ts: str, index: int, entry: dict[str, Any]) -> None:
        item = (time_key(ts) if ts else "", index, entry)
        if len(self.first) < EDGE:
            self.first.append(item)
        else:
            worst = max(self.first)
            if item < worst:
                self.first.remove(worst)
                self.first.append(item)
        if len(self.last) < EDGE:
            self.last.append(item)
        else:
            least = min(self.last)
            if item > least:
                self.last.remove(least)
                self.last.append(item)


_OBJECT_FIELDS = ("resource", "labels", "httpRequest", "jsonPayload", "protoPayload")


def _shape_problem(entry: dict[str, Any], exc: Exception) -> str:
    """What is wrong with a LogEntry, in the terms of the format."""
    for key in _OBJECT_FIELDS:
        value = entry.get(key)
        if value is not None and not isinstance(value, dict):
            return f"'{key}' should be an object, not {_json_type(value)}"
    res = entry.get("resource")
    if (
        isinstance(res, dict)
        and res.get("labels") is not None
        and not isinstance(res["labels"], dict)
    ):
        return f"'resource.labels' should be an object, not {_json_type(res['labels'])}"
    for key in ("severity", "logName", "timestamp", "textPayload"):
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            return f"'{key}' should be a string, not {_json_type(value)}"
    return f"unexpected value ({type(exc).__name__})"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


class LogCollector:
    """Feeds on LogEntry dicts one at a time; keeps what checks need, counts the rest."""

    def __init__(self, display: str, *, max_info: int = MAX_INFO, max_errors: int = MAX_ERRORS):
        self.display = display
        self.max_info = max_info
        self.max_errors = max_errors
        self.entries = 0
        self.dropped_info = 0
        self.dropped_errors = 0
        self.bad_entries = 0
        """Entries skipped for a field of the wrong type."""
        self.first_bad = ""
        self._kept: list[tuple[int, LogRecord]] = []
        self._kept_index: set[int] = set()
        self._n_info = 0
        self._n_deliveries = 0
        self._n_errors = 0
        self._summaries: dict[tuple[str, str, str, str], list[Any]] = {}
        self._streams: dict[str, str] = {}
        self._edges: dict[tuple[str, str], _Edges] = {}

    def add(self, index: int, entry: Any) -> None:
        self.add_batch(index, [entry])

    def add_batch(self, first_index: int, entries: list[Any]) -> None:
        """Entries ``first_index``, ``first_index + 1``...: the hot loop, hence the locals."""
        summaries = self._summaries
        streams = self._streams
        severities = _SEVERITIES
        notable = NOTABLE.search
        index = first_index - 1
        self.entries += len(entries)
        for entry in entries:
            index += 1
            try:
                if entry.__class__ is not dict:
                    self.entries -= 1
                    continue
                sev = entry.get("severity") or "DEFAULT"
                if sev not in severities or sev == "DEFAULT":
                    sev = entry_severity(entry)
                log_name = entry.get("logName") or ""
                stream = streams.get(log_name)
                if stream is None:
                    stream = streams[log_name] = stream_of(str(log_name))
                res = entry.get("resource") or _EMPTY
                rlabels = res.get("labels") or _EMPTY
                labels = entry.get("labels") or _EMPTY
                execution = labels.get("run.googleapis.com/execution_name") or ""
                skey = (
                    res.get("type") or "",
                    rlabels.get("service_name") or rlabels.get("job_name") or "",
                    stream,
                    execution,
                )
                summary = summaries.get(skey)
                if summary is None:
                    summary = summaries[skey] = [0, 0, 0, "", "", 0, 0]
                summary[0] += 1
                if summary[5] < CONSOLE_SAMPLE and (stream == "stdout" or stream == "stderr"):
                    # What the console carries, by a bounded sample: server lines or the
                    # application's own (L001 asks, and only kept records would not say).
                    line = message_of(entry)
                    summary[5] += 1
                    if is_server_line(line):
                        summary[6] += 1
                ts = entry.get("timestamp")
                tkey = ""
                if ts and isinstance(ts, str):
                    # Same-length RFC 3339 strings sort like instants; pad only on a mismatch.
                    tkey = ts
                    first = summary[3]
                    if not first:
                        summary[3] = summary[4] = ts
                    elif len(first) == len(ts) == len(summary[4]):
                        if ts < first:
                            summary[3] = ts
                        elif ts > summary[4]:
                            summary[4] = ts
                    else:
                        _widen(summary, ts)
                if sev == "DEFAULT" and entry.get("httpRequest") is None:
                    # Plain stdout/stderr carries no severity on Cloud Run: a traceback,
                    # `ERROR module: ...` or `level=error` line is an error all the same.
                    text = entry.get("textPayload")
                    if text is None:
                        payload = entry.get("jsonPayload")
                        if isinstance(payload, dict):
                            text = payload_text(payload)
                    if isinstance(text, str) and looks_like_error(text):
                        summary[1] += 1
                        if self._n_errors < self.max_errors:
                            self._n_errors += 1
                            self._keep(index, entry, sev, stream)
                        else:
                            self.dropped_errors += 1
                        continue
                    if isinstance(text, str) and looks_like_warning(text):
                        sev = "WARNING"
                if sev in ERRORS or sev == "WARNING":
                    summary[1 if sev in ERRORS else 2] += 1
                    if self._n_errors < self.max_errors:
                        self._n_errors += 1
                        self._keep(index, entry, sev, stream)
                    else:
                        self.dropped_errors += 1
                    continue
                keep = stream == "system"
                if not keep:
                    req = entry.get("httpRequest")
                    if req is not None:
                        keep = _slow_or_failed(req)
                        if not keep and isinstance(req, dict) and _push_delivery(req):
                            if self._n_deliveries < MAX_DELIVERIES:
                                self._n_deliveries += 1
                                self._keep(index, entry, sev, stream)
                            else:
                                self.dropped_info += 1
                            continue
                    else:
                        text = entry.get("textPayload")
                        if text is None:
                            payload = entry.get("jsonPayload")
                            if isinstance(payload, dict):
                                text = payload_text(payload)
                                keep = any(
                                    isinstance(k, str) and _FACT_KEY.search(k) for k in payload
                                )
                        keep = keep or (isinstance(text, str) and notable(text) is not None)
                if keep:
                    if self._n_info < self.max_info:
                        self._n_info += 1
                        self._keep(index, entry, sev, stream)
                    else:
                        self.dropped_info += 1
                elif execution and skey[0] == "cloud_run_job":
                    ekey = (skey[1], execution)
                    edges = self._edges.get(ekey)
                    if edges is None:
                        edges = self._edges[ekey] = _Edges()
                    edges.offer(tkey, index, entry)
            except (AttributeError, TypeError, ValueError) as exc:
                # One entry of the wrong shape costs only itself: skipped and counted.
                self.entries -= 1
                self.bad_entries += 1
                if not self.first_bad:
                    self.first_bad = f"entry {index}: {_shape_problem(entry, exc)}"

    def _keep(self, index: int, entry: dict[str, Any], sev: str, stream: str) -> None:
        self._kept_index.add(index)
        self._kept.append((index, self.record(index, entry, sev, stream)))

    def record(self, index: int, entry: dict[str, Any], sev: str, stream: str) -> LogRecord:
        res = entry.get("resource") or {}
        rlabels = res.get("labels") or {}
        labels = entry.get("labels") or {}
        message = message_of(entry)
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + " [cut]"
        task = labels.get("run.googleapis.com/task_index")
        attempt = labels.get("run.googleapis.com/task_attempt")
        req = entry.get("httpRequest")
        ts = entry.get("timestamp")
        return LogRecord(
            ref=Ref("exports", f"{self.display}#{index}"),
            timestamp=parse_iso(ts) if isinstance(ts, str) else None,
            severity=sev,
            message=redact(message),
            stream=stream,
            resource_type=str(res.get("type") or ""),
            service=str(rlabels.get("service_name") or ""),
            revision=str(rlabels.get("revision_name") or ""),
            job=str(rlabels.get("job_name") or ""),
            execution=str(labels.get("run.googleapis.com/execution_name") or ""),
            task_index=_label_int(task),
            instance=str(labels.get("instanceId") or ""),
            http=http_of(req) if isinstance(req, dict) else None,
            task_attempt=_label_int(attempt),
        )

    def finish(self) -> list[Record]:
        """Kept records in file order, then one summary per resource, stream and execution."""
        kept = list(self._kept)
        for edges in self._edges.values():
            for _key, index, entry in [*edges.first, *edges.last]:
                if index in self._kept_index:
                    continue
                self._kept_index.add(index)
                sev = entry_severity(entry)
                stream = stream_of(str(entry.get("logName") or ""))
                kept.append((index, self.record(index, entry, sev, stream)))
        kept.sort(key=lambda item: item[0])
        out: list[Record] = [rec for _, rec in kept]
        for (rtype, name, stream, execution), (
            n,
            errs,
            warns,
            first,
            last,
            sampled,
            server,
        ) in sorted(self._summaries.items()):
            out.append(
                LogSummary(
                    ref=Ref("exports", self.display),
                    resource_type=rtype,
                    resource=name,
                    stream=stream,
                    entries=n,
                    errors=errs,
                    warnings=warns,
                    first=parse_iso(first) if first else None,
                    last=parse_iso(last) if last else None,
                    execution=execution,
                    sampled=sampled,
                    server_sampled=server,
                )
            )
        return out


def looks_like_log_entry(obj: Any) -> bool:
    """A LogEntry as gcloud prints it (by content: its keys, not the file name)."""
    if not isinstance(obj, dict):
        return False
    if "logName" in obj and ("resource" in obj or "timestamp" in obj):
        return True
    payloads = ("textPayload", "jsonPayload", "protoPayload", "httpRequest")
    return "insertId" in obj and "timestamp" in obj and any(k in obj for k in payloads)
