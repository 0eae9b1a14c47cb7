"""Exceptions that structured loggers put beside the message are read as printed.

The payloads are the real output of python-json-logger 3 (``exc_info``) and
structlog 25 (``format_exc_info`` -> ``exception`` text, ``dict_tracebacks`` ->
``exception`` frames), lifted into ``jsonPayload`` as Cloud Run does for JSON stdout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_exports import AS_OF

from opsdoc.derive import derive
from opsdoc.evidence import Evidence, LogRecord, ModelRef
from opsdoc.sources.base import SourceContext
from opsdoc.sources.exports import ExportsSource

NOT_FOUND = (
    "Traceback (most recent call last):\n"
    '  File "/app/summarise.py", line 41, in summarise\n'
    "    reply = client.messages.create(model=MODEL, max_tokens=800, messages=msgs)\n"
    "anthropic.NotFoundError: Error code: 404 - {'type': 'error', 'error': {'type': "
    "'not_found_error', 'message': 'model: claude-3-opus-20240229'}, 'request_id': 'req_011Xy'}"
)
ZERO = (
    "Traceback (most recent call last):\n"
    '  File "/app/report.py", line 7, in build\n'
    "ZeroDivisionError: division by zero"
)


def _entry(payload: dict, severity: str | None = None) -> dict:
    entry = {
        "insertId": "a1",
        "jsonPayload": payload,
        "logName": "projects/p/logs/run.googleapis.com%2Fstdout",
        "resource": {"labels": {"job_name": "digest"}, "type": "cloud_run_job"},
        "timestamp": "2026-11-20T02:00:03.120Z",
    }
    if severity:
        entry["severity"] = severity
    return entry


def _records(tmp_path: Path, *entries: dict) -> list[LogRecord]:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(list(entries)))
    ctx = SourceContext(as_of=AS_OF, root=str(tmp_path), deadline_s=60)
    result = ExportsSource([str(path)]).collect(ctx)
    return [r for r in result.records if type(r) is LogRecord]


@pytest.mark.parametrize(
    "payload",
    [
        {"message": "could not summarise a.pdf", "levelname": "WARNING", "exc_info": NOT_FOUND},
        {"event": "could not summarise a.pdf", "level": "warning", "exception": NOT_FOUND},
        {"message": "could not summarise a.pdf", "stack_trace": NOT_FOUND},
    ],
    ids=["python-json-logger", "structlog", "error-reporting"],
)
def test_the_exception_beside_the_message_is_read(tmp_path: Path, payload: dict) -> None:
    (rec,) = _records(tmp_path, _entry(payload, "WARNING"))
    assert rec.message.splitlines()[0] == "could not summarise a.pdf"
    assert "anthropic.NotFoundError: Error code: 404" in rec.message
    ev = Evidence(AS_OF)
    ev.add([rec])
    assert [r.model_id for r in derive(ev) if isinstance(r, ModelRef)] == ["claude-3-opus-20240229"]


def test_a_traceback_beside_the_message_makes_an_unlabelled_entry_an_error(
    tmp_path: Path,
) -> None:
    # Cloud Run gives JSON stdout with no `severity` field the DEFAULT severity.
    (rec,) = _records(tmp_path, _entry({"message": "report failed", "exc_info": ZERO}))
    assert rec.is_error
    assert rec.message == f"report failed\n{ZERO}"


def test_structlog_dict_tracebacks_become_type_and_value(tmp_path: Path) -> None:
    frames = [
        {
            "exc_type": "ZeroDivisionError",
            "exc_value": "division by zero",
            "exc_notes": [],
            "syntax_error": None,
            "is_cause": False,
            "frames": [{"filename": "/app/report.py", "lineno": 7, "name": "build"}],
            "is_group": False,
            "exceptions": [],
        }
    ]
    (rec,) = _records(tmp_path, _entry({"event": "report failed", "exception": frames}, "ERROR"))
    assert rec.message == "report failed\nZeroDivisionError: division by zero"


def test_an_unlabelled_entry_without_an_exception_stays_unlabelled(tmp_path: Path) -> None:
    records = _records(tmp_path, _entry({"message": "digest written for a.pdf", "exception": ""}))
    assert all(not r.is_error for r in records)


@pytest.mark.parametrize(
    ("payload", "severity"),
    [
        ({"message": "db down", "levelname": "ERROR", "name": "app"}, "ERROR"),
        ({"event": "db down", "level": "error", "logger": "app"}, "ERROR"),
        ({"msg": "db down", "level": 50, "pid": 7}, "ERROR"),
        ({"msg": "db down", "level": 60, "pid": 7}, "CRITICAL"),
        ({"message": "retrying", "level": "warn"}, "WARNING"),
        ({"message": "error budget report written", "level": "info"}, "INFO"),
        ({"message": "error budget report written", "log.level": "debug"}, "DEBUG"),
    ],
    ids=["levelname", "structlog", "pino-50", "pino-60", "warn", "info", "ecs"],
)
def test_the_level_a_json_line_gives_itself_is_its_severity(
    tmp_path: Path, payload: dict, severity: str
) -> None:
    # Cloud Run lifts only a `severity` key: `level` / `levelname` arrive as DEFAULT.
    entry = _entry(payload)
    kept = _records(
        tmp_path, entry, {**entry, "insertId": "a2", "timestamp": "2026-11-20T02:00:04Z"}
    )
    if severity in ("INFO", "DEBUG"):  # kept only when notable: never as an error
        assert all(not r.is_error for r in kept)
    else:
        assert {r.severity for r in kept} == {severity}
        assert all(r.is_error == (severity != "WARNING") for r in kept)


def test_the_entry_severity_wins_over_the_payload_level(tmp_path: Path) -> None:
    (rec,) = _records(tmp_path, _entry({"message": "db down", "level": "info"}, "ERROR"))
    assert rec.severity == "ERROR"


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("WARNING enrich.pipeline [enrich_1] enrich failed for acc_1: 401 Client Error", "WARNING"),
        ("WARNING:root:retry budget low", "WARNING"),
        ("2026-11-20 02:00:03,120 [WARN] cache miss storm", "WARNING"),
        ('time=2026-11-20T02:00:03Z level=warn msg="slow upstream"', "WARNING"),
        ("processed 40 warnings-free documents", None),  # the word, not a level
        ("INFO enrich.pipeline enriched 0/812, 812 failed", None),
    ],
)
def test_an_unlabelled_text_line_printed_at_warning_is_a_warning(
    tmp_path: Path, text: str, severity: str | None
) -> None:
    entry = _entry({})
    del entry["jsonPayload"]
    entry["textPayload"] = text
    kept = _records(tmp_path, entry)
    assert [r.severity for r in kept if r.severity == "WARNING"] == ([severity] if severity else [])
