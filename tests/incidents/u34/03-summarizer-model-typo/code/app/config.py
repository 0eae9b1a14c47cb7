import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    model: str
    max_tokens: int
    api_key: str


def load() -> Settings:
    return Settings(
        model=os.environ["CLAUDE_MODEL"],
        max_tokens=int(os.environ.get("CLAUDE_MAX_TOKENS", "600")),
        api_key=os.environ["ANTHROPIC_API_KEY"],
    )
