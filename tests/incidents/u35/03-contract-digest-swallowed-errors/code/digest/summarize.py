from __future__ import annotations

import logging

import anthropic

from .inbox import Document
from .resilience import guarded

log = logging.getLogger("digest.summarize")

PROMPT = """Summarise this signed contract for the legal-ops digest.
Return: parties, effective date, term and renewal, termination notice, liability cap,
unusual clauses (bullet list), and anything that needs a lawyer's follow-up.

<contract id="{key}">
{body}
</contract>"""


class Summarizer:
    def __init__(self, model: str, max_tokens: int):
        self.client = anthropic.Anthropic(max_retries=4, timeout=300.0)
        self.model = model
        self.max_tokens = max_tokens

    def _call(self, doc: Document) -> str:
        body = doc.text()
        log.info("summarising %s", doc.key, extra={"doc": doc.key, "chars": len(body)})
        msg = self.client.messages.create(
            model=self.model,
            max_tokens=self.max_tokens,
            messages=[{"role": "user", "content": PROMPT.format(key=doc.key, body=body)}],
        )
        return "".join(b.text for b in msg.content if b.type == "text")

    def digest_for(self, doc: Document) -> str | None:
        return _summarise(doc, self)


@guarded(step="summarise", default=None)
def _summarise(doc: Document, s: Summarizer) -> str:
    return s._call(doc)
