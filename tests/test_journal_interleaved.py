"""Two rq workers of one systemd unit template write to one journal.

``journalctl -o short-iso`` prints each line with the host, the identifier and the
process id; the lines of two workers interleave, a traceback included. The lines
below are rq 2.x output (worker name prefix, ``Job OK``, ``exception raised while
executing``, a ``Retry`` job) as journald lays it out. Whose job an unprefixed line
belongs to is decided by its process id, never by which worker printed last.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.evidence import LogRecord
from opsdoc.sources.base import SourceContext
from opsdoc.sources.exports import ExportsSource

AS_OF = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
W1, W2 = "hooks-vm-2.1", "hooks-vm-2.2"
CALL = "hooks.delivery.deliver('dlv_{id}', 'https://hooks.partner.example/in', {{'type': 'x'}})"


def _j(pid: int, hms: str, text: str) -> str:
    return f"2026-12-03T{hms}+0000 hooks-vm-2 rq-worker[{pid}]: {text}"


def _start(pid: int, worker: str, hms: str, job: str) -> list[str]:
    call = CALL.format(id=job)
    return [_j(pid, hms, f"{hms} Worker {worker}: webhooks: {call} (dlv_{job})")]


def _ok(pid: int, worker: str, hms: str, job: str) -> list[str]:
    call = CALL.format(id=job)
    return [
        _j(pid, hms, f"{hms} Successfully completed {call} job in 0:00:00.2s on worker {worker}"),
        _j(pid, hms, f"{hms} Worker {worker}: webhooks: Job OK (dlv_{job})"),
        _j(pid, hms, f"{hms} Worker {worker}: job dlv_{job} result is kept for 3600 seconds"),
    ]


def _traceback(pid: int, hms: str) -> list[str]:
    return [
        _j(pid, hms, "Traceback (most recent call last):"),
        _j(pid, hms, '  File "/srv/hooks/venv/lib/python3.11/site-packages/rq/job.py", line 1428, in _execute'),
        _j(pid, hms, "    result = self.func(*self.args, **self.kwargs)"),
        _j(pid, hms, '  File "/srv/hooks/current/hooks/delivery.py", line 40, in deliver'),
        _j(pid, hms, "    response.raise_for_status()"),
        _j(pid, hms, "requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://hooks.partner.example/in"),
        _j(pid, hms, ""),
    ]  # fmt: skip


def _failed(pid: int, worker: str, hms: str, job: str) -> list[str]:
    head = f"{hms} Worker {worker}: job dlv_{job}: exception raised while executing (hooks.delivery.deliver)"
    return [_j(pid, hms, head), *_traceback(pid, hms)]


def interleaved(silent_on_w2: bool) -> list[str]:
    """Worker 1's job fails (rq records it and retries) while worker 2's jobs succeed;
    with ``silent_on_w2`` worker 2's own job logs a caught traceback and returns."""
    lines = [
        *_start(1187, W1, "14:31:59", "a15e680b61e67428880"),
        *_start(1191, W2, "14:31:59", "b15e680b61e67428880"),
        *_ok(1191, W2, "14:32:00", "b15e680b61e67428880"),
        *_start(1191, W2, "14:32:00", "b25e680b61e67428880"),
        *_failed(1187, W1, "14:32:00", "a15e680b61e67428880"),
    ]
    if silent_on_w2:
        lines += [
            _j(
                1191,
                "14:32:00",
                "14:32:00 ERROR hooks.delivery: delivery dlv_b25e680b61e67428880 failed",
            ),
            *_traceback(1191, "14:32:00"),
        ]
    lines += [
        *_ok(1191, W2, "14:32:01", "b25e680b61e67428880"),
        *_start(1187, W1, "14:32:02", "a25e680b61e67428880"),
    ]
    lines += _ok(1187, W1, "14:32:02", "a25e680b61e67428880")
    return lines


def _records(tmp_path: Path, lines: list[str]) -> list[LogRecord]:
    path = tmp_path / "journal.log"
    path.write_text("\n".join(lines) + "\n")
    ctx = SourceContext(as_of=AS_OF, root=str(tmp_path), deadline_s=60)
    return [r for r in ExportsSource([str(path)]).collect(ctx).records if type(r) is LogRecord]


def _e003(tmp_path: Path, lines: list[str]) -> list[str]:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "rq-worker.log").write_text("\n".join(lines) + "\n")
    (tmp_path / "code").mkdir()
    config = Config()
    config.select = ["E003"]
    options = Options(
        root=tmp_path / "code", evidence=[evidence], as_of=AS_OF, config=config, offline=True,
        scan_code=False,
    )  # fmt: skip
    return [f.summary for f in diagnose(options).findings if f.code == "E003"]


def test_a_journal_line_is_what_the_process_wrote(tmp_path: Path) -> None:
    records = _records(tmp_path, _start(1187, W1, "14:31:59", "a15e680b61e67428880"))
    (rec,) = records
    assert rec.instance == "1187"
    assert rec.message.startswith("14:31:59 Worker hooks-vm-2.1: webhooks: hooks.delivery")
    assert rec.timestamp == datetime(2026, 12, 3, 14, 31, 59, tzinfo=UTC)


def test_a_traceback_continues_the_record_of_its_own_process_only(tmp_path: Path) -> None:
    records = _records(tmp_path, interleaved(silent_on_w2=False))
    failure = next(r for r in records if "exception raised while executing" in r.message)
    assert failure.instance == "1187"
    assert failure.message.splitlines()[-1].startswith("requests.exceptions.HTTPError: 503")
    assert len(failure.message.splitlines()) == 7
    assert not any(r.message.startswith(("Traceback", "  File")) for r in records)


def test_a_failure_rq_recorded_beside_another_workers_success_is_not_silent(
    tmp_path: Path,
) -> None:
    assert _e003(tmp_path, interleaved(silent_on_w2=False)) == []


def test_an_error_logged_by_the_successful_workers_own_job_is_silent(tmp_path: Path) -> None:
    (summary,) = _e003(tmp_path, interleaved(silent_on_w2=True))
    assert summary.startswith("1 run(s) of hooks.delivery.deliver reported success")
    assert "delivery dlv_b25e680b61e67428880 failed" in summary
