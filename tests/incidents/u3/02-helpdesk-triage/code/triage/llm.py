import json
import logging

import anthropic

from triage import prompts

log = logging.getLogger(__name__)


class TicketClassifier:
    def __init__(self, llm_settings: dict, triage_settings: dict):
        self._model = llm_settings["model"]
        self._max_tokens = llm_settings["max_tokens"]
        self._queues = triage_settings["queues"]
        self._default_queue = triage_settings["default_queue"]
        self._max_chars = triage_settings["max_ticket_chars"]
        self._client = anthropic.Anthropic(
            timeout=llm_settings["timeout_seconds"],
            max_retries=llm_settings["max_retries"],
        )

    def classify(self, subject: str, body: str) -> dict:
        message = self._client.messages.create(
            model=self._model,
            max_tokens=self._max_tokens,
            system=prompts.system_prompt(self._queues),
            messages=[{"role": "user", "content": prompts.user_prompt(subject, body, self._max_chars)}],
        )
        text = "".join(block.text for block in message.content if block.type == "text")
        try:
            result = json.loads(text)
        except ValueError:
            log.warning("model answered non-JSON, routing to %s", self._default_queue)
            return {"queue": self._default_queue, "priority": "normal", "summary": ""}
        if result.get("queue") not in self._queues:
            result["queue"] = self._default_queue
        return result
