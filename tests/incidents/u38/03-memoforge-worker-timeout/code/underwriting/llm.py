from __future__ import annotations

from functools import lru_cache

import anthropic
from django.conf import settings


@lru_cache(maxsize=1)
def client() -> anthropic.Anthropic:
    return anthropic.Anthropic(timeout=settings.MEMOFORGE_LLM_TIMEOUT_S, max_retries=2)
