from __future__ import annotations

import logging
import time

from django.conf import settings

from . import llm
from .models import Memo, Submission
from .prompts import MEMO_SYSTEM, memo_prompt

log = logging.getLogger("underwriting.memos")


class MemoService:
    def __init__(self, model: str | None = None, max_tokens: int | None = None):
        self.model = model or settings.MEMOFORGE_MODEL
        self.max_tokens = max_tokens or settings.MEMOFORGE_MEMO_MAX_TOKENS

    def draft(self, submission: Submission) -> Memo:
        started = time.monotonic()
        log.info("drafting memo for %s (%d documents, model=%s, max_tokens=%d)",
                 submission.ref, len(submission.documents), self.model, self.max_tokens)
        message = llm.client().messages.create(
            model=self.model,
            max_tokens=self.max_tokens,
            system=MEMO_SYSTEM,
            messages=[{"role": "user", "content": memo_prompt(submission)}],
        )
        took = time.monotonic() - started
        body = "".join(block.text for block in message.content if block.type == "text")
        memo = Memo.objects.create(submission=submission, body=body, model=message.model,
                                   input_tokens=message.usage.input_tokens,
                                   output_tokens=message.usage.output_tokens, seconds=took)
        log.info("memo %s for %s done in %.1fs (out=%d tokens)", memo.pk, submission.ref,
                 took, message.usage.output_tokens)
        return memo
