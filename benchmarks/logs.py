"""Throughput and memory of reading a big ``gcloud logging read --format=json`` export.

Usage: python benchmarks/logs.py [--size-mb 1024] [--keep]

Generates a file laid out exactly as gcloud prints it (newest first, sorted keys,
2-space indent) with a realistic mix of entries: container stdout/stderr lines,
request logs, a few warnings, errors and platform lines. Then ingests it with
ExportsSource in a fresh subprocess, so the generator's memory does not count,
and prints entries/s and peak RSS. Targets: >= 150k entries/s, peak RSS < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

_CHILD = r"""
import json, resource, sys, time
from datetime import datetime, timezone
from opsdoc.sources.base import SourceContext
from opsdoc.sources.exports import ExportsSource

path = sys.argv[1]
ctx = SourceContext(as_of=datetime.now(timezone.utc), root=".", deadline_s=3600)
t0 = time.perf_counter()
result = ExportsSource([path], timeout_s=3600).collect(ctx)
seconds = time.perf_counter() - t0
rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rss_mb": rss_kb / 1024, "records": len(result.records),
                  "detail": result.detail, "problems": [p.reason for p in result.problems]}))
"""


def _entry(rnd: random.Random, when: datetime, i: int) -> dict[str, object]:
    service = rnd.choice(["podcast-api", "capi-demo", "ingest-api"])
    kind = rnd.random()
    entry: dict[str, object] = {
        "insertId": f"{rnd.getrandbits(48):012x}",
        "labels": {"instanceId": f"00f46b92857d3e6c5b1a{rnd.getrandbits(64):016x}"},
        "receiveTimestamp": when.strftime("%Y-%m-%dT%H:%M:%S.%f") + "123Z",
        "resource": {
            "labels": {
                "configuration_name": service,
                "location": "us-west1",
                "project_id": "podcast612",
                "revision_name": f"{service}-00412-q7d",
                "service_name": service,
            },
            "type": "cloud_run_revision",
        },
        "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z",
    }
    if kind < 0.30:
        slow = rnd.random() < 0.01
        entry["httpRequest"] = {
            "latency": f"{rnd.uniform(60, 300) if slow else rnd.uniform(0.001, 0.4):.9f}s",
            "protocol": "HTTP/1.1",
            "remoteIp": "169.254.169.126",
            "requestMethod": rnd.choice(["GET", "POST"]),
            "requestSize": str(rnd.randint(300, 2400)),
            "requestUrl": f"https://{service}-x3kq7bq5ua-uw.a.run.app/api/tasks/{i % 977}",
            "responseSize": str(rnd.randint(200, 900)),
            "serverIp": "34.143.72.2",
            "status": 504 if slow else 200,
            "userAgent": "Google-Cloud-Tasks",
        }
        entry["logName"] = "projects/podcast612/logs/run.googleapis.com%2Frequests"
        entry["severity"] = "ERROR" if slow else "INFO"
        entry["trace"] = f"projects/podcast612/traces/{rnd.getrandbits(128):032x}"
        entry["spanId"] = f"{rnd.getrandbits(64):016x}"
    elif kind < 0.75:
        entry["logName"] = "projects/podcast612/logs/run.googleapis.com%2Fstdout"
        entry["severity"] = "INFO"
        entry["jsonPayload"] = {
            "message": f"assemble: processed chunk {i % 5000} of episode {rnd.getrandbits(32):08x}",
            "logger": "app.services.assembly",
            "correlation_id": f"c-{rnd.getrandbits(24):06x}",
        }
    else:
        err = rnd.random() < 0.02
        entry["logName"] = "projects/podcast612/logs/run.googleapis.com%2Fstderr"
        entry["severity"] = "ERROR" if err else "DEFAULT"
        entry["textPayload"] = (
            "Error code: 404 - {'type': 'error', 'error': {'type': 'not_found_error', "
            "'message': 'model: claude-3-5-sonnet-20241022'}}"
            if err
            else f'INFO:     169.254.169.126:{rnd.randint(1024, 65535)} - "GET /health HTTP/1.1" 200 OK'
        )
    return entry


def generate(path: str, size_mb: int) -> int:
    """Write the export; returns the number of entries."""
    rnd = random.Random(42)
    pool = []
    start = datetime(2025, 10, 29, 0, 36, 37, tzinfo=UTC)
    for i in range(4000):
        text = json.dumps(
            _entry(rnd, start - timedelta(milliseconds=37 * i), i),
            ensure_ascii=False,
            indent=2,
            separators=(",", ": "),
            sort_keys=True,
        )
        pool.append("\n".join("  " + line for line in text.split("\n")).encode())
    target = size_mb * 1024 * 1024
    written = count = 0
    with open(path, "wb") as fp:
        fp.write(b"[\n")
        while written < target:
            block = pool[count % len(pool)]
            if count:
                fp.write(b",\n")
            fp.write(block)
            written += len(block) + 2
            count += 1
        fp.write(b"\n]\n")
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="opsdoc-bench-")
    path = os.path.join(tmp, "logs.json")
    try:
        t0 = time.perf_counter()
        entries = generate(path, args.size_mb)
        size = os.path.getsize(path)
        print(
            f"generated {entries:,} entries, {size / 2**20:,.0f} MB in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, path], capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        res = json.loads(out.stdout)
        print(
            f"ingested in {res['seconds']:.1f} s: {entries / res['seconds']:,.0f} entries/s, "
            f"{size / 2**20 / res['seconds']:,.0f} MB/s, peak RSS {res['rss_mb']:.0f} MB"
        )
        print(f"kept {res['records']:,} records; {res['detail']}")
        if res["problems"]:
            print("problems:", res["problems"])
        if shutil.which("jq"):
            t0 = time.perf_counter()
            jq = subprocess.run(["jq", "length", path], capture_output=True, text=True, check=False)
            print(f"jq length: {jq.stdout.strip()} in {time.perf_counter() - t0:.1f} s")
    finally:
        if args.keep:
            print("kept", path)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
