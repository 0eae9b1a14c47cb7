"""Thin wrapper over the Anthropic API used by every service."""

import logging

import anthropic

from app.core.config import ANTHROPIC_API_KEY

logger = logging.getLogger(__name__)


class AIService:
    def __init__(self):
        self.client = anthropic.Anthropic(api_key=ANTHROPIC_API_KEY, max_retries=0)

    def summarise_scene(self, scene_text: str) -> str:
        message = self.client.messages.create(
            model="claude-3-5-haiku-20241022",
            max_tokens=400,
            messages=[{"role": "user", "content": f"Summarise this scene:\n\n{scene_text}"}],
        )
        return message.content[0].text

    def classify_intent(self, text: str) -> str:
        message = self.client.messages.create(
            model="claude-3-5-haiku-20241022",
            max_tokens=20,
            messages=[{"role": "user", "content": f"Intent of: {text}"}],
        )
        return message.content[0].text

    def outline(self, script: str) -> str:
        message = self.client.messages.create(
            model="claude-3-5-haiku-20241022",
            max_tokens=2000,
            messages=[{"role": "user", "content": f"Outline:\n\n{script}"}],
        )
        return message.content[0].text
