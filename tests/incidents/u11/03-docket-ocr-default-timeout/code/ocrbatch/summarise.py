from __future__ import annotations

import anthropic

from . import config

PROMPT = (
    "These are OCR'd pages from a court filing bundle. Write a docket note: case number, "
    "parties, filing type, deadlines stated in the documents, and a five-line summary. "
    "OCR errors are expected; do not invent missing facts."
)


def docket_note(pages: list[str]) -> str:
    client = anthropic.Anthropic()
    text = "\n\n".join(f"<page n={i + 1}>\n{p}\n</page>" for i, p in enumerate(pages))
    msg = client.messages.create(
        model=config.SUMMARY_MODEL,
        max_tokens=config.SUMMARY_MAX_TOKENS,
        system=PROMPT,
        messages=[{"role": "user", "content": text[:600_000]}],
    )
    return "".join(b.text for b in msg.content if b.type == "text")
