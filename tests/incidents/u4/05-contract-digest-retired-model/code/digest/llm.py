import os

import anthropic

from .prompts import SYSTEM, user_prompt

MAX_TOKENS = int(os.environ.get("LLM_MAX_TOKENS", "1500"))


class Summariser:
    def __init__(self) -> None:
        self.model = os.environ["LLM_MODEL"]
        self.client = anthropic.Anthropic(max_retries=4, timeout=120)

    def summarise(self, doc_name: str, text: str) -> str:
        msg = self.client.messages.create(
            model=self.model,
            max_tokens=MAX_TOKENS,
            system=SYSTEM,
            messages=[{"role": "user", "content": user_prompt(doc_name, text)}],
        )
        return "".join(block.text for block in msg.content if block.type == "text")
