import json
import logging

import anthropic

from . import settings

log = logging.getLogger("triage.classifier")

_client = anthropic.AsyncAnthropic(api_key=settings.ANTHROPIC_API_KEY, timeout=settings.LLM_TIMEOUT_S)

PROMPT = """You route customer support tickets. Answer with JSON only:
{{"queue": one of {queues}, "priority": 1-4, "summary": short sentence}}

Ticket subject: {subject}
Ticket body:
{body}"""


async def classify(ticket: dict) -> dict:
    prompt = PROMPT.format(queues=settings.QUEUES, subject=ticket.get("subject", ""), body=ticket.get("body", "")[:6000])
    try:
        msg = await _client.messages.create(
            model=settings.LLM_MODEL,
            max_tokens=settings.LLM_MAX_TOKENS,
            messages=[{"role": "user", "content": prompt}],
        )
    except anthropic.APIError as exc:
        log.error("llm call failed", extra={"kv": {"ticket": ticket.get("id"), "model": settings.LLM_MODEL, "err": str(exc)}})
        return {"queue": settings.DEFAULT_QUEUE, "priority": 3, "summary": None, "fallback": True}
    text = msg.content[0].text
    try:
        result = json.loads(text)
    except ValueError:
        log.warning("unparseable llm output", extra={"kv": {"ticket": ticket.get("id"), "chars": len(text)}})
        return {"queue": settings.DEFAULT_QUEUE, "priority": 3, "summary": None, "fallback": True}
    if result.get("queue") not in settings.QUEUES:
        result["queue"] = settings.DEFAULT_QUEUE
    return result
