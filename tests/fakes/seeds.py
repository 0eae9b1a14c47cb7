"""The seed examples' exports, served live: one fake Google Cloud per example."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from fakes.cloudrun import CloudRunData, execution_from_v1, job_from_v1, service_from_v1
from fakes.logging import entry_from_json

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"

SEED_000 = {
    "example": "seed-000-job-blocks-forever",
    "project": "vividly-dev",
    "region": "us-central1",
    "subscription": "content-generation-worker-sub",
}
SEED_003 = {
    "example": "seed-003-sync-handler-timeout",
    "project": "podcast612",
    "region": "us-west1",
}


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def exports_dir(seed: dict[str, str]) -> Path:
    return EXAMPLES / seed["example"] / "exports"


def cloud_run_data(seed: dict[str, str]) -> CloudRunData:
    data = CloudRunData()
    project = seed["project"]
    for path in sorted(exports_dir(seed).iterdir()):
        if path.suffix not in (".json", ".yaml") or path.name.startswith("logs"):
            continue
        loaded = _load(path)
        for obj in loaded if isinstance(loaded, list) else [loaded]:
            kind = obj.get("kind")
            if kind == "Execution":
                data.executions.append(execution_from_v1(obj, project))
            elif kind == "Job":
                data.jobs.append(job_from_v1(obj, project))
            elif kind == "Service":
                service, revision = service_from_v1(obj, project)
                data.services.append(service)
                data.revisions.append(revision)
    return data


def log_entries(seed: dict[str, str]) -> list[Any]:
    return [entry_from_json(e) for e in _load(exports_dir(seed) / "logs.json")]


def subscription_config(seed: dict[str, str]) -> dict[str, Any]:
    return dict(_load(exports_dir(seed) / "subscription.yaml"))
