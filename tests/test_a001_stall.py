"""A001 seen in request logs: requests to other routes finishing together with a slow one.

A blocked event loop serves nothing until the blocking call returns, then completes
everything that arrived meanwhile at once. Each test isolates one guard of that sign:
the hit, and a near miss on each side (ends apart, another instance, one request only,
the other requests on the same route, a handler that does not block).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.report import INCIDENT, RISK

AS_OF = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

APP = """\
import httpx
import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/healthz")
async def healthz():
    return {"ok": True}


@app.get("/orders/{order_id}")
async def order(order_id: int):
    return {"id": order_id}


@app.post("/summaries")
async def summarise(body: dict):
    reply = requests.post("http://gateway.internal/v1/draft", json=body, timeout=60)
    return reply.json()


@app.post("/translations")
async def translate(body: dict):
    async with httpx.AsyncClient() as client:
        reply = await client.post("http://gateway.internal/v1/translate", json=body)
    return reply.json()
"""


def request(
    at: datetime, method: str, path: str, latency: float, instance: str = "00a1"
) -> dict[str, object]:
    """One Cloud Run request log entry, as `gcloud logging read --format=json` prints it."""
    return {
        "httpRequest": {
            "latency": f"{latency:.6f}s",
            "protocol": "HTTP/1.1",
            "requestMethod": method,
            "requestUrl": f"https://shop-api-x7k2-uc.a.run.app{path}",
            "responseSize": "212",
            "status": 200,
            "userAgent": "python-httpx/0.27.0",
        },
        "insertId": f"{path}-{at.timestamp()}",
        "labels": {"instanceId": instance},
        "logName": "projects/acme/logs/run.googleapis.com%2Frequests",
        "receiveTimestamp": (at + timedelta(seconds=latency + 0.2)).isoformat(),
        "resource": {
            "labels": {
                "configuration_name": "shop-api",
                "location": "us-central1",
                "project_id": "acme",
                "revision_name": "shop-api-00042-qix",
                "service_name": "shop-api",
            },
            "type": "cloud_run_revision",
        },
        "severity": "INFO",
        "timestamp": at.isoformat().replace("+00:00", "Z"),
        "trace": "projects/acme/traces/0",
    }


def held_behind(
    blocker_path: str = "/summaries",
    waiting_paths: tuple[str, ...] = ("/healthz", "/orders/17", "/orders/18"),
    end_gap: float = 0.01,
    instances: tuple[str, ...] = ("00a1", "00a1", "00a1"),
) -> list[dict[str, object]]:
    """One 12 s request, and requests arriving during it that end ``end_gap`` s after it."""
    entries = [request(T0, "POST", blocker_path, 12.0)]
    for i, (path, instance) in enumerate(zip(waiting_paths, instances, strict=False)):
        arrived = 1.0 + 2.5 * i
        entries.append(
            request(
                T0 + timedelta(seconds=arrived),
                "GET" if path != blocker_path else "POST",
                path,
                12.0 - arrived + end_gap * (i + 1),
                instance,
            )
        )
    # healthy traffic around it
    for i in range(20):
        entries.append(request(T0 + timedelta(seconds=30 + i), "GET", "/healthz", 0.01))
    return sorted(entries, key=lambda e: str(e["timestamp"]), reverse=True)


def a001(tmp_path: Path, entries: list[dict[str, object]], app: str = APP) -> list:
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "main.py").write_text(app)
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "requests.json").write_text(json.dumps(entries, indent=2))
    config = Config()
    config.select = ["A001"]
    report = diagnose(
        Options(
            root=tmp_path / "code",
            evidence=[tmp_path / "evidence"],
            as_of=AS_OF,
            config=config,
            offline=True,
        )
    )
    return [f for f in report.findings if f.code == "A001"]


def test_requests_ending_with_the_blocking_one_make_a001_observed(tmp_path: Path) -> None:
    [finding] = a001(tmp_path, held_behind())
    assert finding.part == INCIDENT
    assert "3 request(s) to other routes finished together with 1 slow POST" in finding.summary
    assert "GET /healthz waited 11 s" in finding.summary
    quoted = [e.quote for e in finding.evidence if e.source != "code"]
    assert quoted[0].endswith("POST /summaries 200 12.0s")
    assert len(quoted) == 3


def test_completion_dated_logs_read_the_same(tmp_path: Path) -> None:
    """Access logs dated at completion: the held requests share the blocker's timestamp."""
    entries = held_behind()
    for entry in entries:
        latency = float(str(entry["httpRequest"]["latency"]).rstrip("s"))  # type: ignore[index]
        at = datetime.fromisoformat(str(entry["timestamp"]).replace("Z", "+00:00"))
        entry["timestamp"] = (at + timedelta(seconds=latency)).isoformat()
    [finding] = a001(tmp_path, entries)
    assert finding.part == INCIDENT


def test_requests_that_end_apart_are_not_a_stall(tmp_path: Path) -> None:
    [finding] = a001(tmp_path, held_behind(end_gap=2.0))
    assert finding.part == RISK
    assert "request logs show" not in finding.summary


def test_requests_on_another_instance_are_not_held_by_this_loop(tmp_path: Path) -> None:
    [finding] = a001(tmp_path, held_behind(instances=("00b2", "00b2", "00a1")))
    assert finding.part == RISK


def test_one_request_ending_with_it_is_not_enough(tmp_path: Path) -> None:
    [finding] = a001(tmp_path, held_behind(waiting_paths=("/healthz",)))
    assert finding.part == RISK


def test_requests_to_the_same_handler_do_not_count(tmp_path: Path) -> None:
    [finding] = a001(tmp_path, held_behind(waiting_paths=("/summaries", "/summaries")))
    assert finding.part == RISK


def test_a_stall_behind_another_handler_does_not_corroborate_this_one(tmp_path: Path) -> None:
    """Held behind /translations (an awaited client): the /summaries A001 stays a risk."""
    [finding] = a001(tmp_path, held_behind(blocker_path="/translations"))
    assert finding.subject == "main.py:20"
    assert finding.part == RISK
