import json
import logging

import anthropic

log = logging.getLogger(__name__)

PROMPT = """Classify this product review. Answer with JSON only:
{"sentiment": "positive|neutral|negative", "topics": [up to 3 short topics], "needs_followup": true|false}

Review (rating %d/5):
%s"""


class Classifier:
    def __init__(self, model: str):
        self.model = model
        self.client = anthropic.Anthropic(max_retries=4, timeout=60.0)

    def classify(self, review: dict) -> dict:
        msg = self.client.messages.create(
            model=self.model,
            max_tokens=200,
            messages=[{"role": "user", "content": PROMPT % (review["rating"], review["text"][:6000])}],
        )
        text = "".join(b.text for b in msg.content if b.type == "text").strip()
        if text.startswith("```"):
            text = text.strip("`").removeprefix("json").strip()
        return json.loads(text)
