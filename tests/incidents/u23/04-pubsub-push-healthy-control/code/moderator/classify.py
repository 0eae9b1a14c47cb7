import json
import os

import anthropic

MODEL = os.environ.get("MODERATION_MODEL", "claude-haiku-4-5")

PROMPT = """You moderate reader comments on a news site.
Classify the comment as one of: ok, spam, abuse, off_topic.
Answer with JSON only: {"label": "...", "reason": "..."}"""

_client = None


def client() -> anthropic.Anthropic:
    global _client
    if _client is None:
        _client = anthropic.Anthropic(max_retries=4, timeout=30)
    return _client


def classify(text: str) -> dict:
    msg = client().messages.create(
        model=MODEL,
        max_tokens=200,
        system=PROMPT,
        messages=[{"role": "user", "content": text[:4000]}],
    )
    raw = "".join(b.text for b in msg.content if b.type == "text")
    try:
        result = json.loads(raw)
    except json.JSONDecodeError:
        result = {"label": "ok", "reason": "unparseable model output"}
    if result.get("label") not in {"ok", "spam", "abuse", "off_topic"}:
        result["label"] = "ok"
    return result
