import json
import os

from redis import Redis

_redis = Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))


def load_contract(doc_id: str) -> dict:
    raw = _redis.get(f"clausebot:doc:{doc_id}")
    if raw is None:
        raise LookupError(f"contract {doc_id} not found")
    return json.loads(raw)


def save_review(doc_id: str, review: dict) -> None:
    _redis.set(f"clausebot:review:{doc_id}", json.dumps(review), ex=60 * 60 * 24 * 30)
