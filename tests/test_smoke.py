"""``opsdoc smoke`` against real servers: pass, S001 (unreachable), S002 (hang past deadline)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_worker_support import free_port_local

from opsdoc.cli import UsageError
from opsdoc.commands import smoke


def run_smoke(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    parser = argparse.ArgumentParser()
    smoke.configure(parser)
    code = smoke.run(parser.parse_args([*argv, "--format", "json"]))
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def redis_url(redis_server) -> str:  # type: ignore[no-untyped-def]
    return f"redis://127.0.0.1:{redis_server.port}/5"


def test_smoke_passes_on_healthy_redis_and_cleans_up(
    redis_url: str, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    from redis import Redis

    junit = tmp_path / "smoke.xml"
    queue = f"smoke-{uuid.uuid4().hex[:6]}"
    code, report = run_smoke("--redis", redis_url, "--queue", queue, "--pull-timeout", "0.5",
                             "--junit", str(junit), capsys=capsys)  # fmt: skip
    assert code == 0
    assert report["findings"] == []
    latency = report["smoke"]["latency"]
    assert {"enqueue_to_start_s", "run_s", "exit_s", "total_s"} <= set(latency)
    assert report["smoke"]["worker_exit_code"] == 0
    suite = ET.parse(junit).getroot()
    assert suite.get("failures") == "0" and suite.get("errors") == "0"
    assert Redis.from_url(redis_url).keys(f"rq:job:{report['smoke']['canary']}*") == []


def test_smoke_reports_s001_when_redis_is_unreachable(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    junit = tmp_path / "smoke.xml"
    url = f"redis://user:hunter2secret@127.0.0.1:{free_port_local()}/0"
    code, report = run_smoke("--redis", url, "--junit", str(junit), capsys=capsys)
    assert code == 1
    assert [f["code"] for f in report["findings"]] == ["S001"]
    assert "connect" in report["findings"][0]["summary"]
    assert "hunter2secret" not in json.dumps(report) + junit.read_text()
    assert ET.parse(junit).getroot().get("failures") == "1"


def test_smoke_reports_s002_when_the_handler_hangs_past_the_deadline(
    redis_url: str, capsys
) -> None:  # type: ignore[no-untyped-def]
    from redis import Redis
    from rq import Queue

    # The deadline counts from the enqueue and must outlast the worker's start-up, which
    # takes seconds on a loaded machine (with 2 s the canary was sometimes not yet picked
    # up: another S002); the canary sleeps far past it.
    queue = f"smoke-{uuid.uuid4().hex[:6]}"
    code, report = run_smoke("--redis", redis_url, "--queue", queue, "--deadline", "30",
                             "--canary-sleep", "600", capsys=capsys)  # fmt: skip
    assert code == 1
    assert [f["code"] for f in report["findings"]] == ["S002"]
    assert "handler was still running" in report["findings"][0]["summary"]
    assert report["smoke"]["timed_out"] is True
    q = Queue(queue, connection=Redis.from_url(redis_url))
    assert q.count == 0 and not q.started_job_registry.get_job_ids()  # canary cleaned up


def test_smoke_reports_s001_when_the_canary_fails(redis_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    code, report = run_smoke("--redis", redis_url, "--queue", f"smoke-{uuid.uuid4().hex[:6]}",
                             "--pull-timeout", "0.5", "--payload", '{"fail": true}',
                             capsys=capsys)  # fmt: skip
    assert code == 1
    assert [f["code"] for f in report["findings"]] == ["S001"]
    assert any("asked to fail" in e["quote"] for e in report["findings"][0]["evidence"])


def test_smoke_passes_on_the_pubsub_emulator(pubsub_emulator, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", pubsub_emulator.host)
    from google.cloud import pubsub_v1

    name = f"smoke-{uuid.uuid4().hex[:6]}"
    publisher, subscriber = pubsub_v1.PublisherClient(), pubsub_v1.SubscriberClient()
    topic = publisher.topic_path(pubsub_emulator.project, name)
    path = subscriber.subscription_path(pubsub_emulator.project, name)
    publisher.create_topic(request={"name": topic})
    subscriber.create_subscription(request={"name": path, "topic": topic})
    code, report = run_smoke("--subscription", path, "--pull-timeout", "1", capsys=capsys)
    assert code == 0, report
    assert report["smoke"]["latency"]["run_s"] >= 0
    missing_sub = subscriber.subscription_path(pubsub_emulator.project, name + "-nope")
    code, report = run_smoke("--subscription", missing_sub, "--topic", topic, capsys=capsys)
    assert code == 1
    assert [f["code"] for f in report["findings"]] == ["S001"]


def test_smoke_usage_errors() -> None:
    parser = argparse.ArgumentParser()
    smoke.configure(parser)
    with pytest.raises(UsageError):
        smoke.run(parser.parse_args([]))
    with pytest.raises(UsageError):
        smoke.run(parser.parse_args(["--redis", "redis://x", "--payload", "[1]"]))


def test_smoke_command_module_runs_as_a_subprocess(redis_url: str) -> None:
    code = (
        "import argparse, sys; from opsdoc.commands import smoke; p = argparse.ArgumentParser();"
        "smoke.configure(p); sys.exit(smoke.run(p.parse_args(sys.argv[1:])))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "--redis", redis_url, "--queue", f"s-{uuid.uuid4().hex[:6]}",
         "--pull-timeout", "0.5"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("smoke: canary processed")
