import logging
from functools import lru_cache

from anthropic import AnthropicVertex

from tripnotes import config

log = logging.getLogger("tripnotes.llm")

SYSTEM = (
    "You summarise travel-agent notes for a booking. Return at most five short bullet points: "
    "traveller needs, open questions, deadlines. Never invent facts."
)


@lru_cache(maxsize=1)
def client() -> AnthropicVertex:
    return AnthropicVertex(region=config.VERTEX_REGION, project_id=config.GCP_PROJECT)


def summarise(booking_ref: str, notes: list[str]) -> str:
    msg = client().messages.create(
        model=config.CLAUDE_MODEL,
        max_tokens=config.MAX_TOKENS,
        system=SYSTEM,
        messages=[{"role": "user", "content": "\n".join(f"- {n}" for n in notes)}],
    )
    text = "".join(b.text for b in msg.content if b.type == "text")
    log.info("summary for %s: %d notes -> %d output tokens", booking_ref, len(notes), msg.usage.output_tokens)
    return text
