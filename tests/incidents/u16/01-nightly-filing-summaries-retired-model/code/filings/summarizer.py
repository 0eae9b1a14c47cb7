from __future__ import annotations

from dataclasses import dataclass

import anthropic
from django.conf import settings

SYSTEM_PROMPT = (
    "You are a litigation support analyst. Summarise the court filing for a busy associate: "
    "parties, procedural posture, relief sought, key deadlines, and anything unusual. "
    "Plain prose, at most 250 words. Do not speculate beyond the document."
)


@dataclass
class Summary:
    text: str
    model: str
    input_tokens: int
    output_tokens: int


class FilingSummarizer:
    def __init__(self, client: anthropic.Anthropic, model: str, max_tokens: int, max_chars: int):
        self.client = client
        self.model = model
        self.max_tokens = max_tokens
        self.max_chars = max_chars

    @classmethod
    def from_settings(cls) -> "FilingSummarizer":
        conf = settings.SUMMARIZER
        client = anthropic.Anthropic(api_key=settings.ANTHROPIC_API_KEY or None, max_retries=3, timeout=120.0)
        return cls(
            client,
            model=conf["model"],
            max_tokens=conf["max_tokens"],
            max_chars=conf["max_document_chars"],
        )

    def summarize(self, filing) -> Summary:
        body = filing.document_text[: self.max_chars]
        message = self.client.messages.create(
            model=self.model,
            max_tokens=self.max_tokens,
            system=SYSTEM_PROMPT,
            messages=[
                {
                    "role": "user",
                    "content": (
                        f"Court: {filing.court.name}\nDocket: {filing.docket_number}\n"
                        f"Case: {filing.case_name}\nDocument: {filing.document_title}\n\n{body}"
                    ),
                }
            ],
        )
        text = "".join(block.text for block in message.content if block.type == "text")
        return Summary(text, message.model, message.usage.input_tokens, message.usage.output_tokens)
