"""One exported file to evidence: recognised by its content, never by its name.

Users attach whatever they have: gcloud JSON or YAML, a pasted terminal, a status
file. We look at the first bytes to pick a reader, stream anything that may be big,
and turn every failure into a one-line reason naming the file; the records read
before a failure are kept.
"""

from __future__ import annotations

import codecs
import gc
import itertools
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from opsdoc.evidence import Record, Ref
from opsdoc.redact import redact
from opsdoc.sources.exports import heartbeat, pyspy, resources, rqinfo, snapshot, timeseries
from opsdoc.sources.exports.jsonlist import ListStream, depth_problem, too_deep
from opsdoc.sources.exports.logentries import (
    MESSAGE_KEYS,
    LogCollector,
    looks_like_log_entry,
    payload_severity,
)
from opsdoc.sources.exports.textlogs import MAX_LINE, TextLogParser, log_line_score
from opsdoc.sources.exports.timeparse import iso_utc, parse_time

HEAD = 64 * 1024
MAX_DOCUMENT = 100 * 1024 * 1024
MAX_DUMP = 4 * 1024 * 1024
"""A thread dump is read up to this size (its first threads hold the main one)."""
"""Non-log files are parsed whole; beyond this size they are not what gcloud prints."""

_YAML_START = re.compile(r"^(?:---|%YAML|[A-Za-z_][\w./-]*:(?:\s|$)|- [A-Za-z_]\w*:(?:\s|$))")
MAX_YAML_ALIASES = 64
"""Aliases accepted in one YAML file: "billion laughs" needs a few dozen to explode."""
_YAML_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\[\]{}]")
_LOG_LEVEL_KEYS = {"DEBUG", "INFO", "NOTICE", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL"}


@dataclass
class FileOutcome:
    """What one file gave: its kind (None: not recognised), records and problems."""

    kind: str | None = None
    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    entries: int = 0
    dropped_info: int = 0
    dropped_errors: int = 0
    stopped: bool = False


def read_export(
    path: str,
    display: str,
    as_of: datetime,
    should_stop: Callable[[], bool] = lambda: False,
) -> FileOutcome:
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fp:
            head = fp.read(HEAD)
    except OSError as exc:
        return _problem(exc.strerror or str(exc))
    if size == 0:
        return _problem("empty file")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _problem("UTF-16 text: not read; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)")
    if b"\x00" in head:
        return _problem("binary file, not an export")
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) == size)
    except UnicodeDecodeError:
        # Not UTF-8 but no NUL bytes: a log in a legacy encoding (latin-1, cp1252).
        # Text logs are read leniently; structured formats are UTF-8 by definition.
        text = head.decode("latin-1")
    text = text.lstrip("\ufeff \t\r\n")
    if not text:
        return _problem("empty file")
    lines = text.splitlines()[:200]
    if text[0] == "{" and _json_lines(lines):
        return _read_json_lines(path, display, should_stop)
    if text[0] in "[{" and not log_line_score(lines[:1])[0]:  # "[2025-10-05 ...] [1] [INFO]"
        return _read_json(path, display, size, text[0], should_stop)
    if size < 256:
        beat = heartbeat.beat_from_text(display, text)
        if beat is not None:
            return FileOutcome("heartbeat", [beat])
    if pyspy.looks_like_pyspy(lines):
        with open(path, encoding="utf-8", errors="replace") as fp:
            dump = fp.read(MAX_DUMP).splitlines()
        return FileOutcome("thread dump", pyspy.parse_pyspy(display, dump))
    if rqinfo.looks_like_rq_info(lines[:80]):
        if size > MAX_DOCUMENT:
            return _problem("too large for an rq info paste (over 100 MB)")
        with open(path, encoding="utf-8", errors="replace") as fp:
            all_lines = fp.read().splitlines()
        return FileOutcome("rq info", rqinfo.parse_rq_info(display, all_lines))
    first = next((ln for ln in lines if ln.strip() and not ln.startswith("#")), "")
    if _YAML_START.match(first) and first.split(":", 1)[0] not in _LOG_LEVEL_KEYS:
        outcome = _read_yaml(path, display, size, lines)
        if outcome is not None:
            return outcome
    hits, total = log_line_score(lines)
    if hits and (path.endswith(".log") or hits * 3 >= total):
        return _read_text_log(path, display, as_of, should_stop)
    return FileOutcome()


def _problem(reason: str) -> FileOutcome:
    return FileOutcome(problems=[reason])


# -- JSON ---------------------------------------------------------------------------------


def _read_json(
    path: str, display: str, size: int, opener: str, should_stop: Callable[[], bool]
) -> FileOutcome:
    if opener == "[":
        with open(path, "rb") as fp:
            stream = ListStream(fp, should_stop=should_stop)
            batches = stream.batches()
            first = next((b for b in batches if b), None)
            if first is None:
                if stream.error:
                    return _problem(stream.error)
                return FileOutcome()  # "[]": nothing to recognise
            all_batches = itertools.chain([first], batches)
            if looks_like_log_entry(first[0]):
                return _log_export(display, all_batches, stream)
            if size > MAX_DOCUMENT:
                return _problem("too large (over 100 MB) and not a log export")
            return _resource_list(display, itertools.chain.from_iterable(all_batches), stream)
    if size > MAX_DOCUMENT:
        return _problem("too large (over 100 MB) and not a log export")
    with open(path, "rb") as fp:
        data = fp.read()
    if too_deep(data):
        return _problem(depth_problem())
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        return _problem(f"malformed JSON: {exc}")
    return _single(display, obj)


def _log_export(display: str, batches: Iterator[list[Any]], stream: ListStream) -> FileOutcome:
    collector = LogCollector(display)
    # Millions of short-lived dicts and no cycles: the cyclic GC would only burn time
    # (it halves throughput on a 1 GB export).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        index = 0
        for batch in batches:
            collector.add_batch(index, batch)
            index += len(batch)
    finally:
        if was_enabled:
            gc.enable()
    out = FileOutcome("log export", collector.finish(), entries=collector.entries)
    out.dropped_info = collector.dropped_info
    out.dropped_errors = collector.dropped_errors
    if collector.bad_entries:
        out.problems.append(
            f"skipped {collector.bad_entries} entr{'y' if collector.bad_entries == 1 else 'ies'} "
            f"of the wrong shape (first, {collector.first_bad}); kept the other {collector.entries}"
        )
    if stream.stopped:
        out.stopped = True
        out.problems.append(f"ran out of time after {stream.count} entries; kept those")
    if stream.error:
        out.problems.append(stream.error)
    return out


def _resource_list(display: str, items: Iterator[Any], stream: ListStream) -> FileOutcome:
    out = FileOutcome()
    for index, item in enumerate(items):
        got = _object(display, f"{display}#{index}", item)
        if got is None:
            continue
        kind, records = got
        out.kind = out.kind or kind
        out.records.extend(records)
    if stream.error:
        out.problems.append(stream.error)
    out.entries = len(out.records)
    return out


def _single(display: str, obj: Any) -> FileOutcome:
    if snapshot.is_snapshot(obj):
        try:
            records = snapshot.load_records(obj)
            failures = snapshot.load_failures(obj)
        except snapshot.SnapshotError as exc:
            return _problem(f"malformed opsdoc snapshot: {exc}")
        problems = [f"the snapshot's capture failed: {f}" for f in failures]
        return FileOutcome("snapshot", records, problems=problems, entries=len(records))
    if isinstance(obj, dict) and looks_like_log_entry(obj):
        return _log_export(display, iter([[obj]]), ListStream(_Empty()))
    if timeseries.is_time_series(obj):
        records = timeseries.backlog_records(obj, display)
        if not records:
            return FileOutcome()
        return FileOutcome("time series", records, entries=len(records))
    got = _object(display, display, obj)
    if got is None:
        return FileOutcome()
    return FileOutcome(got[0], got[1], entries=len(got[1]))


class _Empty:
    """A stand-in stream for a lone entry: nothing left to read, nothing wrong."""

    def read(self, n: int = -1) -> bytes:
        return b""

    def seek(self, pos: int) -> int:
        return 0


def _object(display: str, location: str, obj: Any) -> tuple[str, list[Record]] | None:
    if not isinstance(obj, dict):
        return None
    found = resources.classify(obj)
    if found is not None:
        kind, mapper = found
        return kind, [mapper(obj, Ref("exports", location))]
    beat = heartbeat.beat_from_object(location, obj)
    if beat is not None:
        return "heartbeat", [beat]
    return None


# -- JSON lines ---------------------------------------------------------------------------

_TIME_KEYS = ("timestamp", "time", "ts", "@timestamp", "asctime", "datetime", "date")
_MESSAGE_KEYS = (*MESSAGE_KEYS, "log")
"""Docker's json-file driver keeps a container's output line under ``log``."""
_INSTANCE_KEYS = ("worker", "pid", "instance", "hostname", "host", "container_name")


def _json_lines(lines: list[str]) -> bool:
    """One JSON object per line (``docker logs``, ``kubectl logs``, structured stdout):
    the first line is a whole object and another line starts one."""
    body = [ln.strip() for ln in lines if ln.strip()]
    if len(body) < 2 or not body[1].startswith("{"):
        return False
    try:
        return isinstance(orjson.loads(body[0]), dict)
    except orjson.JSONDecodeError:
        return False


def _as_entry(obj: dict[str, Any]) -> dict[str, Any]:
    """A structured log line as a LogEntry, so one collector keeps and counts both."""
    if looks_like_log_entry(obj):
        return obj
    entry: dict[str, Any] = {"jsonPayload": obj}
    ts = next((obj[k] for k in _TIME_KEYS if obj.get(k) not in (None, "")), None)
    when = parse_time(ts) if ts is not None else None
    if when is not None:
        entry["timestamp"] = iso_utc(when)
    level = payload_severity(obj)
    if level:
        entry["severity"] = level
    message = next((obj[k] for k in _MESSAGE_KEYS if isinstance(obj.get(k), str)), None)
    if message is not None:
        entry["jsonPayload"] = {**obj, "message": message}
    instance = next((obj[k] for k in _INSTANCE_KEYS if obj.get(k) not in (None, "")), None)
    if instance is not None:
        entry["labels"] = {"instanceId": str(instance)}
    return entry


def _read_json_lines(path: str, display: str, should_stop: Callable[[], bool]) -> FileOutcome:
    """JSON lines under any file name; a line that is not JSON (a traceback printed
    between them) is kept as text, so nothing the process wrote is lost."""
    collector = LogCollector(display)
    out = FileOutcome("json lines")
    index = 0
    with open(path, "rb") as fp:
        for raw in fp:
            line = raw.strip()
            if not line:
                continue
            if len(line) > MAX_LINE:
                out.problems.append(f"line {index + 1} is longer than 1 MB; skipped")
                index += 1
                continue
            obj: Any = None
            if line.startswith(b"{"):
                try:
                    obj = orjson.loads(line)
                except orjson.JSONDecodeError:
                    obj = None
            if not isinstance(obj, dict):
                obj = {"textPayload": line.decode("utf-8", errors="replace")}
                entry = obj
            else:
                entry = _as_entry(obj)
            collector.add(index, entry)
            index += 1
            if index % 65536 == 0 and should_stop():
                out.stopped = True
                out.problems.append(f"ran out of time after {index} lines; kept those")
                break
    out.records = collector.finish()
    out.entries = collector.entries
    out.dropped_info = collector.dropped_info
    out.dropped_errors = collector.dropped_errors
    return out


# -- YAML ---------------------------------------------------------------------------------


def _read_yaml(path: str, display: str, size: int, head_lines: list[str]) -> FileOutcome | None:
    """None when the text is not YAML of ours after all (then it may be a log).

    A describe that does not end with a newline was cut short (gcloud always ends
    with one): what it holds is kept, and the cut is reported.
    """
    out = _read_yaml_whole(path, display, size, head_lines)
    if out is not None and out.kind is not None:
        with open(path, "rb") as fp:
            fp.seek(max(0, size - 1))
            last = fp.read(1)
        if last not in (b"\n", b""):
            out.problems.append(
                "ends mid-line (no final newline): the file looks cut short; "
                "read what is there, fields after the cut are missing"
            )
    return out


def _read_yaml_whole(
    path: str, display: str, size: int, head_lines: list[str]
) -> FileOutcome | None:
    """None when the text is not YAML of ours after all (then it may be a log)."""
    import yaml

    if size > MAX_DOCUMENT:
        return _problem("too large (over 100 MB) and not a log export")
    with open(path, encoding="utf-8", errors="replace") as fp:
        text = fp.read()
    aliases = sum(1 for _ in itertools.islice(_YAML_ALIAS.finditer(text), MAX_YAML_ALIASES + 1))
    if aliases > MAX_YAML_ALIASES:
        return _problem(
            f"YAML with more than {MAX_YAML_ALIASES} aliases (*name): refused, as expanding "
            "them can take unbounded memory; gcloud never writes aliases"
        )
    if too_deep(text.encode("utf-8", errors="replace")):
        return _problem(depth_problem().replace("JSON", "YAML"))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        docs = [d for d in yaml.load_all(text, Loader=loader) if d is not None]
    except yaml.YAMLError as exc:
        if log_line_score(head_lines)[0]:
            return None
        return _problem(f"malformed YAML: {_yaml_reason(exc)}")
    if len(docs) == 1 and isinstance(docs[0], list):
        docs = docs[0]
    if not docs or not all(isinstance(d, dict) for d in docs):
        return None
    if len(docs) == 1:
        if snapshot.is_snapshot(docs[0]):
            return _single(display, docs[0])
        got = _object(display, display, docs[0])
        return FileOutcome(got[0], got[1], entries=1) if got else FileOutcome()
    out = FileOutcome()
    for index, doc in enumerate(docs):
        got = _object(display, f"{display}#{index}", doc)
        if got is not None:
            out.kind = out.kind or got[0]
            out.records.extend(got[1])
    out.entries = len(out.records)
    return out


def _yaml_reason(exc: Exception) -> str:
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if problem and mark is not None:
        return f"{problem} at line {mark.line + 1}, column {mark.column + 1}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


# -- plain-text logs ----------------------------------------------------------------------


def _read_text_log(
    path: str, display: str, as_of: datetime, should_stop: Callable[[], bool]
) -> FileOutcome:
    parser = TextLogParser(display, as_of)
    out = FileOutcome("text log")
    with open(path, "rb") as fp:
        lineno = 0
        while True:
            raw = fp.readline(MAX_LINE + 1)
            if not raw:
                break
            lineno += 1
            if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
                out.problems.append(f"line {lineno} is longer than 1 MB; cut there")
                raw = raw[:MAX_LINE]
                while True:  # skip the rest of the enormous line without holding it
                    more = fp.readline(MAX_LINE)
                    if not more or more.endswith(b"\n"):
                        break
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:  # a legacy-encoded line: latin-1 decodes any byte
                line = raw.decode("latin-1")
            parser.feed(lineno, line)
            if lineno % 65536 == 0 and should_stop():
                out.stopped = True
                out.problems.append(f"ran out of time after {lineno} lines; kept those")
                break
    out.records = parser.records()
    out.entries = parser.lines
    out.dropped_info = parser.dropped_info
    out.dropped_errors = parser.dropped_errors
    out.problems = [redact(p) for p in out.problems]
    return out
