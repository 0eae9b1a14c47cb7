"""Turn a day of tickets into a short digest for the support leads."""

from __future__ import annotations

from collections import Counter

import anthropic

from . import settings

PROMPT = """Here are the support tickets updated in the last {hours} hours.
Write a digest for the support leads: the 3-5 main themes, anything that looks like an outage
or a regression, customers at risk (angry, repeated contacts, enterprise plan), and open
questions for engineering. Plain text, short paragraphs, no more than 350 words.

{tickets}"""


def _ticket_line(t: dict) -> str:
    tags = ",".join(t.get("tags") or [])
    return (f"#{t['id']} [{t.get('priority', 'normal')}/{t.get('status')}] "
            f"plan={t.get('plan', '?')} tags={tags} :: {t['subject']}\n"
            f"    {(t.get('description') or '')[:400]}")


def stats(tickets: list[dict]) -> dict:
    return {
        "total": len(tickets),
        "by_status": dict(Counter(t.get("status") for t in tickets)),
        "urgent": sum(1 for t in tickets if t.get("priority") == "urgent"),
    }


def summarise(tickets: list[dict]) -> str:
    client = anthropic.Anthropic()
    body = "\n".join(_ticket_line(t) for t in tickets)
    message = client.messages.create(
        model=settings.SUMMARY_MODEL,
        max_tokens=settings.SUMMARY_MAX_TOKENS,
        messages=[{"role": "user",
                   "content": PROMPT.format(hours=settings.LOOKBACK_HOURS, tickets=body)}],
    )
    return "".join(b.text for b in message.content if b.type == "text")
