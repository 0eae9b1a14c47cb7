import logging

import anthropic

from . import settings
from .sources import collect

log = logging.getLogger(__name__)
client = anthropic.Anthropic()


def build_digest(topic: str, subscriber_group: str) -> dict:
    items = collect(topic, settings.CONFIG["briefing"]["sources_per_digest"])
    if not items:
        log.info("no items for %s", topic)
        return {"topic": topic, "items": 0}
    listing = "\n\n".join(f"- {i['title']}\n  {i['summary']}" for i in items)
    msg = client.messages.create(
        model=settings.LLM["model"],
        max_tokens=settings.LLM["max_tokens"],
        temperature=settings.LLM["temperature"],
        messages=[{"role": "user", "content": f"Write a crisp morning briefing for {subscriber_group} on {topic}:\n\n{listing}"}],
    )
    text = msg.content[0].text
    log.info("digest %s/%s: %d items, %d output tokens", topic, subscriber_group, len(items), msg.usage.output_tokens)
    return {"topic": topic, "group": subscriber_group, "items": len(items), "chars": len(text)}
