import json
import logging

import anthropic

from moderation import settings

log = logging.getLogger("moderation.classify")

_client = anthropic.Anthropic(max_retries=4)

PROMPT = """Classify this product review for publication. Answer with JSON only:
{"decision": "publish" | "hold" | "reject", "reasons": [short strings]}
Reject: hate, harassment, personal data, spam links. Hold: medical claims, legal threats.

Review:
"""


def classify(text: str) -> dict:
    msg = _client.messages.create(
        model=settings.MODEL,
        max_tokens=settings.MAX_TOKENS,
        messages=[{"role": "user", "content": PROMPT + text}],
    )
    raw = "".join(b.text for b in msg.content if b.type == "text")
    try:
        out = json.loads(raw)
    except json.JSONDecodeError:
        log.warning("non-JSON answer, holding review: %r", raw[:200])
        return {"decision": "hold", "reasons": ["unparseable model answer"]}
    if out.get("decision") not in {"publish", "hold", "reject"}:
        return {"decision": "hold", "reasons": ["unexpected decision"]}
    return out
