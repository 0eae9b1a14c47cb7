from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

import anthropic

from . import settings

log = logging.getLogger("tagger.classify")

SYSTEM = (
    "You tag marketplace product reviews. Answer with JSON only: "
    '{"sentiment": "positive|neutral|negative", "topics": [...], "needs_reply": true|false}. '
    "Allowed topics: " + ", ".join(settings.TOPICS) + "."
)


@dataclass
class Tags:
    sentiment: str
    topics: list[str]
    needs_reply: bool


_client: anthropic.Anthropic | None = None


def client() -> anthropic.Anthropic:
    global _client
    if _client is None:
        _client = anthropic.Anthropic(timeout=settings.CLAUDE_TIMEOUT_S, max_retries=2)
    return _client


def parse_tags(text: str) -> Tags:
    start, end = text.find("{"), text.rfind("}")
    doc = json.loads(text[start : end + 1])
    topics = [t for t in doc.get("topics", []) if t in settings.TOPICS] or ["other"]
    sentiment = doc.get("sentiment", "neutral")
    if sentiment not in ("positive", "neutral", "negative"):
        sentiment = "neutral"
    return Tags(sentiment=sentiment, topics=topics, needs_reply=bool(doc.get("needs_reply")))


def classify(review_id: str, text: str) -> Tags:
    started = time.perf_counter()
    msg = client().messages.create(
        model=settings.CLAUDE_MODEL,
        max_tokens=settings.CLAUDE_MAX_TOKENS,
        system=SYSTEM,
        messages=[{"role": "user", "content": text[: settings.MAX_REVIEW_CHARS]}],
    )
    tags = parse_tags("".join(b.text for b in msg.content if b.type == "text"))
    log.info(
        "review tagged",
        extra={
            "review_id": review_id,
            "model": msg.model,
            "latency_ms": round((time.perf_counter() - started) * 1000),
            "input_tokens": msg.usage.input_tokens,
            "output_tokens": msg.usage.output_tokens,
            "sentiment": tags.sentiment,
        },
    )
    return tags
