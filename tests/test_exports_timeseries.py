"""Cloud Monitoring time series of a subscription's backlog, read offline (Q001, Q002).

The bodies are laid out as the Monitoring API's ``projects.timeSeries.list`` returns
them: newest point first, values as strings under ``int64Value``, one metric per file.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.evidence import QueueStats
from opsdoc.sources.base import SourceContext
from opsdoc.sources.exports import ExportsSource

AS_OF = datetime(2026, 12, 3, 9, 35, tzinfo=UTC)


def body(metric: str, values: list[int], step_min: int = 5) -> dict[str, object]:
    """``values`` oldest first; the API lists points newest first."""
    points = []
    for i, v in enumerate(reversed(values)):
        at = (AS_OF - timedelta(minutes=step_min * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(
            {"interval": {"startTime": at, "endTime": at}, "value": {"int64Value": str(v)}}
        )
    return {
        "timeSeries": [
            {
                "metric": {"type": f"pubsub.googleapis.com/subscription/{metric}"},
                "resource": {
                    "type": "pubsub_subscription",
                    "labels": {"project_id": "shop", "subscription_id": "orders-sub"},
                },
                "metricKind": "GAUGE",
                "valueType": "INT64",
                "points": points,
            }
        ],
        "unit": "1",
    }


def write(root: Path, depths: list[int], ages: list[int]) -> Path:
    folder = root / "evidence"
    folder.mkdir()
    (folder / "undelivered.json").write_text(json.dumps(body("num_undelivered_messages", depths)))
    (folder / "oldest.json").write_text(json.dumps(body("oldest_unacked_message_age", ages)))
    return folder


def codes(folder: Path) -> dict[str, str]:
    config = Config()
    config.select = ["Q001", "Q002"]
    report = diagnose(
        Options(root=folder, evidence=[folder], as_of=AS_OF, config=config, offline=True)
    )
    return {f.code: f.summary for f in report.findings}


RISING = [3000 + 40 * i for i in range(25)]  # two hours at 5 min
AGEING = [50000 + 300 * i for i in range(25)]  # ages with the clock


def test_the_two_metric_files_become_one_backlog_history(tmp_path: Path) -> None:
    folder = write(tmp_path, RISING, AGEING)
    result = ExportsSource([str(folder)]).collect(
        SourceContext(as_of=AS_OF, root=str(tmp_path), deadline_s=30)
    )
    stats = sorted(
        (r for r in result.records if isinstance(r, QueueStats)), key=lambda r: r.observed_at
    )
    assert len(stats) == 25
    assert (stats[-1].depth, stats[-1].oldest_age_s, stats[-1].observed_at) == (3960, 57200, AS_OF)
    assert {s.backend for s in stats} == {"pubsub"}
    assert "2 Cloud Monitoring time-series files" in result.detail


def test_a_backlog_nothing_acknowledges_has_no_consumer(tmp_path: Path) -> None:
    found = codes(write(tmp_path, RISING, AGEING))
    assert found.keys() == {"Q001", "Q002"}
    assert "nothing acknowledged any of them" in found["Q001"]
    assert "the backlog grew from 3000 to 3960 without ever shrinking" in found["Q001"]


def test_a_backlog_a_slow_consumer_drains_at_times_is_only_old(tmp_path: Path) -> None:
    # depth dips once: something acked (a slow consumer), so not Q001
    dipping = [*RISING[:10], RISING[9] - 5, *RISING[11:]]
    assert codes(write(tmp_path, dipping, AGEING)).keys() == {"Q002"}


def test_a_head_that_is_acked_now_and_then_is_not_unconsumed(tmp_path: Path) -> None:
    # the oldest message's age falls back: the head was acknowledged
    moving = [600 if i % 6 == 0 else 600 + 300 * (i % 6) for i in range(25)]
    assert "Q001" not in codes(write(tmp_path, RISING, moving))


def test_half_an_hour_of_history_at_the_least(tmp_path: Path) -> None:
    assert "Q001" not in codes(write(tmp_path, RISING[-6:], AGEING[-6:]))


def test_malformed_series_are_left_out_not_a_crash(tmp_path: Path) -> None:
    broken = body("num_undelivered_messages", RISING)
    series = broken["timeSeries"]
    assert isinstance(series, list)
    series.extend(
        [
            {"metric": {"type": "x"}, "points": []},
            {"metric": {}, "points": "not a list"},
            {"metric": {"type": "pubsub.googleapis.com/subscription/num_undelivered_messages"},
             "resource": {"labels": {"subscription_id": "s"}},
             "points": [{"interval": {"endTime": "garbage"}, "value": {"int64Value": "nan"}},
                        {"interval": {"endTime": "2026-12-03T09:00:00Z"}, "value": {"int64Value": "inf"}},
                        {"interval": {"endTime": "2026-12-03T09:00:00Z"}, "value": []}]},
            "not a series",
            7,
        ]
    )  # fmt: skip
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "undelivered.json").write_text(json.dumps(broken))
    result = ExportsSource([str(folder)]).collect(
        SourceContext(as_of=AS_OF, root=str(tmp_path), deadline_s=30)
    )
    assert result.problems == []
    assert len([r for r in result.records if isinstance(r, QueueStats)]) == 25


SERVICE_YAML = """apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: orders-worker
spec:
  template:
    spec:
      containers:
        - image: europe-docker.pkg.dev/shop/apps/orders-worker:3.2.0
"""


def consumer_logs(
    folder: Path,
    minutes: int,
    every_min: int = 2,
    level: str = "INFO",
    end_before: int = 1,
    service: str = "orders-worker",
) -> None:
    """``gcloud logging read --format=json`` of the service: newest first, one line each
    ``every_min`` minutes over the last ``minutes`` (ending ``end_before`` before AS_OF)."""
    entries = []
    for i in range(0, minutes, every_min):
        at = (AS_OF - timedelta(minutes=i + end_before)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        entries.append(
            {
                "insertId": f"id{i}",
                "logName": "projects/shop/logs/run.googleapis.com%2Fstdout",
                "receiveTimestamp": at,
                "resource": {
                    "labels": {
                        "configuration_name": service,
                        "location": "europe-west1",
                        "project_id": "shop",
                        "revision_name": f"{service}-00012-kav",
                        "service_name": service,
                    },
                    "type": "cloud_run_revision",
                },
                "severity": level,
                "textPayload": f"{level} worker: handled batch of 25 orders in 4.1s",
                "timestamp": at,
            }
        )
    (folder / f"{service}-logs.json").write_text(json.dumps(entries))


def codes_with_code(root: Path) -> dict[str, str]:
    config = Config()
    config.select = ["Q001", "Q002"]
    report = diagnose(
        Options(root=root, evidence=[root / "evidence"], as_of=AS_OF, config=config, offline=True)
    )
    return {f.code: f.summary for f in report.findings}


def test_a_consumer_that_logs_through_the_window_is_there_but_behind(tmp_path: Path) -> None:
    """The metrics alone cannot tell a missing consumer from one too slow to move the head:
    the project's consumer service logging, without failing, through the whole window says
    which. One that stopped logging (scaled to zero) or fails every message is no evidence."""
    (tmp_path / "service.yaml").write_text(SERVICE_YAML)
    folder = write(tmp_path, RISING, AGEING)
    consumer_logs(folder, minutes=150)
    assert codes_with_code(tmp_path).keys() == {"Q002"}
    consumer_logs(folder, minutes=150, level="ERROR")
    assert codes_with_code(tmp_path).keys() == {"Q001", "Q002"}
    consumer_logs(folder, minutes=90, end_before=60)  # scaled to zero an hour ago
    assert codes_with_code(tmp_path).keys() == {"Q001", "Q002"}
    (folder / "orders-worker-logs.json").unlink()
    consumer_logs(folder, minutes=150)
    (tmp_path / "service.yaml").write_text(SERVICE_YAML.replace("orders-worker", "billing-api"))
    assert codes_with_code(tmp_path).keys() == {"Q001", "Q002"}  # not the project's workload


def test_the_publisher_logging_through_the_window_is_no_consumer(tmp_path: Path) -> None:
    """When a workload's settings name the subscription, only that workload's logs speak
    for its consumer: the API that publishes to the topic logs through any backlog."""
    api = SERVICE_YAML.replace("orders-worker", "orders-api") + (
        "          env:\n            - name: TOPIC\n              value: orders\n"
    )
    worker = SERVICE_YAML + (
        "          env:\n            - name: SUBSCRIPTION\n              value: orders-sub\n"
    )
    (tmp_path / "api.yaml").write_text(api)
    (tmp_path / "worker.yaml").write_text(worker)
    folder = write(tmp_path, RISING, AGEING)
    consumer_logs(folder, minutes=150, service="orders-api")
    consumer_logs(folder, minutes=90, end_before=60)  # the worker stopped an hour ago
    assert codes_with_code(tmp_path).keys() == {"Q001", "Q002"}
    consumer_logs(folder, minutes=150)
    assert codes_with_code(tmp_path).keys() == {"Q002"}
