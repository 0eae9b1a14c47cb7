"""Thin gateway around the Anthropic client, one per task."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import lru_cache

import anthropic

from .settings import get_settings

log = logging.getLogger("clausekit.llm")


@dataclass
class Completion:
    text: str
    model: str
    input_tokens: int
    output_tokens: int
    seconds: float


class ModelGateway:
    def __init__(self, client: anthropic.Anthropic, task: str, model: str, max_tokens: int):
        self._client = client
        self.task = task
        self.model = model
        self.max_tokens = max_tokens

    def complete(self, system: str, prompt: str) -> Completion:
        started = time.monotonic()
        msg = self._client.messages.create(
            model=self.model,
            max_tokens=self.max_tokens,
            system=system,
            messages=[{"role": "user", "content": prompt}],
        )
        text = "".join(block.text for block in msg.content if block.type == "text")
        took = time.monotonic() - started
        log.info("task=%s model=%s in=%d out=%d %.1fs", self.task, msg.model,
                 msg.usage.input_tokens, msg.usage.output_tokens, took)
        return Completion(text, msg.model, msg.usage.input_tokens, msg.usage.output_tokens, took)


@lru_cache(maxsize=1)
def _client() -> anthropic.Anthropic:
    cfg = get_settings().llm
    kwargs = {"timeout": cfg.timeout_s, "max_retries": cfg.max_retries}
    if cfg.api_base:
        kwargs["base_url"] = cfg.api_base
    return anthropic.Anthropic(**kwargs)


@lru_cache(maxsize=None)
def gateway_for(task: str) -> ModelGateway:
    cfg = get_settings().llm
    model = cfg.models.get(task) or cfg.models["default"]
    max_tokens = cfg.max_tokens.get(task, 1024)
    return ModelGateway(_client(), task, model, max_tokens)
