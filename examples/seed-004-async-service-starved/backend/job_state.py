"""In-memory job state: progress, logs and errors shown to the frontend over SSE."""

import datetime

JOBS: dict[str, dict] = {}


def create_job(job_id: str, url: str) -> dict:
    JOBS[job_id] = {"status": "running", "url": url, "agents": [], "recent_logs": []}
    return JOBS[job_id]


def log(job_id: str, line: str) -> None:
    JOBS[job_id]["recent_logs"].append(f"{datetime.datetime.utcnow().isoformat()} {line}")
