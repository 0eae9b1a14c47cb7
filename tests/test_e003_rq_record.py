"""E003 and rq's own failure record in a Cloud Run Job's logs.

An ``rq worker --burst`` job exits 0 even when one of its jobs raised; rq printed
``job ...: exception raised while executing`` (no level) and kept the job in its
failed registry or retried it. That failure is known, not silent. The same
traceback with no such line (job code that logged it and returned) is E003.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config

FIXTURES = Path(__file__).parent / "fixtures" / "exports" / "gcloud"
JOB = "nightly-drain"
EXECUTION = "nightly-drain-fmj4u"
START = datetime(2026, 11, 27, 2, 0, 10, tzinfo=UTC)
WORKER = "Worker e730d668c86477302713d36fa4411f86"
JOB_ID = "10923e65-104b-4d03-858e-d6e6af3d9f26"

TRACEBACK = [
    "Traceback (most recent call last):",
    '  File "/usr/local/lib/python3.11/site-packages/rq/worker/base.py", line 1671, in perform_job',
    "    return_value = job.perform()",
    '  File "/app/nightly/tasks.py", line 15, in _warehouse',
    "    return psycopg.connect(settings.WAREHOUSE_DSN, connect_timeout=10)",
    'psycopg.OperationalError: connection failed: connection to server at "10.41.16.5", '
    "port 5432 failed: server closed the connection unexpectedly",
]


def succeeded_execution() -> dict[str, object]:
    """One succeeded execution, shaped like `gcloud run jobs executions list --format=json`."""
    base = json.loads((FIXTURES / "executions-list.json").read_text())[0]
    ex = copy.deepcopy(base)
    ex["metadata"]["name"] = EXECUTION
    ex["metadata"]["labels"]["run.googleapis.com/job"] = JOB
    end = START + timedelta(minutes=12)
    ex["status"] = {
        "completionTime": end.isoformat().replace("+00:00", "Z"),
        "conditions": [
            {
                "lastTransitionTime": end.isoformat().replace("+00:00", "Z"),
                "status": "True",
                "type": "Completed",
            }
        ],
        "observedGeneration": 1,
        "startTime": START.isoformat().replace("+00:00", "Z"),
        "succeededCount": 1,
    }
    return ex


def entry(at: datetime, text: str) -> dict[str, object]:
    return {
        "insertId": f"{at.timestamp()}-{abs(hash(text)) % 10**8}",
        "labels": {
            "instanceId": "0069c7a9881875dd",
            "run.googleapis.com/execution_name": EXECUTION,
            "run.googleapis.com/task_attempt": "0",
            "run.googleapis.com/task_index": "0",
        },
        "logName": "projects/harbourline-prod/logs/run.googleapis.com%2Fstderr",
        "resource": {
            "labels": {
                "job_name": JOB,
                "location": "europe-west2",
                "project_id": "harbourline-prod",
            },
            "type": "cloud_run_job",
        },
        "textPayload": text,
        "timestamp": at.isoformat().replace("+00:00", "Z"),
    }


def run(tmp_path: Path, rq_recorded: bool, retried_ok: bool = True) -> list[str]:
    failed_at = START + timedelta(minutes=2)
    lines = [(START, f"02:00:10 {WORKER}: exports: nightly.tasks.export('t_1') ({JOB_ID})")]
    if rq_recorded:
        recorded = f"02:02:10 {WORKER}: job {JOB_ID}: exception raised while executing (export)"
        lines.append((failed_at, recorded))
    lines += [(failed_at + timedelta(microseconds=i), text) for i, text in enumerate(TRACEBACK)]
    if retried_ok:
        again = START + timedelta(minutes=9)
        lines.append((again, f"02:09:10 {WORKER}: exports: Job OK ({JOB_ID})"))
    entries = [entry(at, text) for at, text in lines]
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "executions.json").write_text(json.dumps([succeeded_execution()], indent=2))
    (evidence / "logs.json").write_text(json.dumps(entries[::-1], indent=2))
    config = Config()
    config.select = ["E003"]
    report = diagnose(
        Options(
            root=tmp_path / "code",
            evidence=[evidence],
            as_of=START + timedelta(hours=1),
            config=config,
            offline=True,
            scan_code=False,
        )
    )
    return [f.subject for f in report.findings if f.code == "E003"]


def test_a_failure_rq_recorded_then_retried_is_not_silent(tmp_path: Path) -> None:
    assert run(tmp_path, rq_recorded=True) == []


def test_a_failure_rq_recorded_and_kept_failed_is_not_silent(tmp_path: Path) -> None:
    assert run(tmp_path, rq_recorded=True, retried_ok=False) == []


def test_the_same_traceback_with_no_rq_record_is_silent(tmp_path: Path) -> None:
    assert sorted(run(tmp_path, rq_recorded=False)) == [
        f"executions/{EXECUTION}",
        "jobs/nightly.tasks.export",
    ]
