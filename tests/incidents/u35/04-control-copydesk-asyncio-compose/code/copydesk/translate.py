from __future__ import annotations

import logging

import anthropic

log = logging.getLogger("copydesk.translate")

SYSTEM = ("You translate e-commerce product copy. Keep brand names, sizes and HTML tags unchanged; "
          "use the locale's typographic conventions. Answer with the translation only.")


class Translator:
    def __init__(self, model: str, max_tokens: int):
        # The SDK retries 429/5xx/529 with backoff on its own; two retries is plenty here.
        self.client = anthropic.AsyncAnthropic(max_retries=2, timeout=90.0)
        self.model = model
        self.max_tokens = max_tokens

    async def translate(self, text: str, locale: str) -> str:
        msg = await self.client.messages.create(
            model=self.model,
            max_tokens=self.max_tokens,
            system=SYSTEM,
            messages=[{"role": "user", "content": f"Target locale: {locale}\n\n{text}"}],
        )
        return "".join(b.text for b in msg.content if b.type == "text")
