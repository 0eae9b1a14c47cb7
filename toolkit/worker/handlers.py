"""Bundled handlers: the smoke check's canary, a no-op, and a model-calling example.

A handler is a plain function taking one argument, the job's payload (RQ: the
job's positional argument; Pub/Sub: the message data, JSON-decoded when it is
JSON). Whatever it returns is the result; whatever it raises fails the job.
"""

from __future__ import annotations

import os
import time
from typing import Any

DEFAULT_MODEL = "claude-sonnet-4-6"
"""Used when neither ``OPSDOC_MODEL`` nor ``--model`` names one (a current catalogue model)."""


def canary(payload: Any = None) -> dict[str, Any]:
    """The smoke check's job: prove a job can travel end to end.

    ``{"token": T}`` comes back as the result; ``sleep_s`` simulates a slow job
    and ``fail`` a broken one, so the smoke check's own alarms can be tested.
    """
    data = payload if isinstance(payload, dict) else {}
    sleep_s = float(data.get("sleep_s") or 0)
    deadline = time.monotonic() + sleep_s
    while time.monotonic() < deadline:
        time.sleep(min(0.05, max(deadline - time.monotonic(), 0)))
    if data.get("fail"):
        raise RuntimeError(f"canary {data.get('token', '')} asked to fail")
    return {"canary": data.get("token", ""), "pid": os.getpid()}


def echo(payload: Any = None) -> Any:
    """A trivial job (benchmarks): returns its payload."""
    return payload


def model_id(explicit: str | None = None) -> str:
    """The one setting for the model ID: ``--model`` (explicit), else ``OPSDOC_MODEL``.

    Seed 001 hard-coded a model in many places, and when it was retired every
    call 404'd. One setting means one place to change.
    """
    return explicit or os.environ.get("OPSDOC_MODEL") or DEFAULT_MODEL


def summarize(payload: Any) -> dict[str, Any]:
    """Example: summarise ``payload["text"]`` with an Anthropic model.

    Done right: the model ID comes from one setting, the client has a timeout
    and bounded retries, and every error propagates, so a 404 on a retired
    model fails the job instead of being logged and reported as success (seed
    001). Needs ``ANTHROPIC_API_KEY``.
    """
    import anthropic

    text = payload.get("text", "") if isinstance(payload, dict) else str(payload)
    if not text:
        raise ValueError("payload has no text to summarise")
    client = anthropic.Anthropic(timeout=60.0, max_retries=2)
    message = client.messages.create(  # errors (NotFoundError included) propagate: job fails
        model=model_id(payload.get("model") if isinstance(payload, dict) else None),
        max_tokens=512,
        messages=[{"role": "user", "content": f"Summarise in three sentences:\n\n{text}"}],
    )
    parts = [str(getattr(block, "text", "")) for block in message.content if block.type == "text"]
    return {"model": message.model, "summary": "".join(parts), "stop_reason": message.stop_reason}
