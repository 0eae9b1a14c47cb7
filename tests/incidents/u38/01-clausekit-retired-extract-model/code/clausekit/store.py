"""Document and result storage (Redis hashes next to the queues)."""
from __future__ import annotations

import json
import time

import redis

from .settings import get_settings

_conn: redis.Redis | None = None


def conn() -> redis.Redis:
    global _conn
    if _conn is None:
        _conn = redis.Redis.from_url(get_settings().redis_url)
    return _conn


def load_document(doc_id: str) -> dict:
    raw = conn().hget("clausekit:docs", doc_id)
    if raw is None:
        raise LookupError(f"document {doc_id} not in store")
    return json.loads(raw)


def save_result(kind: str, doc_id: str, payload: dict) -> None:
    payload = {**payload, "doc_id": doc_id, "stored_at": time.time()}
    conn().hset(f"clausekit:{kind}", doc_id, json.dumps(payload))
