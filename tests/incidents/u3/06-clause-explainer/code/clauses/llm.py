import time
import logging

from anthropic import AsyncAnthropic

from clauses.settings import Settings

log = logging.getLogger("clauses.llm")


class ClauseExplainer:
    def __init__(self, settings: Settings, prompts: dict):
        self._settings = settings
        self._prompts = prompts
        self._client = AsyncAnthropic(
            timeout=settings.anthropic_timeout_s,
            max_retries=settings.anthropic_max_retries,
        )

    async def explain(self, clause: str, jurisdiction: str | None, request_id: str) -> dict:
        started = time.perf_counter()
        context = f"Jurisdiction: {jurisdiction}\n\n" if jurisdiction else ""
        message = await self._client.messages.create(
            model=self._settings.anthropic_model,
            max_tokens=self._settings.max_output_tokens,
            system=self._prompts["explain"]["system"],
            messages=[{"role": "user", "content": context + clause}],
        )
        duration_ms = round((time.perf_counter() - started) * 1000)
        text = "".join(b.text for b in message.content if b.type == "text")
        log.info(
            "explained clause",
            extra={"fields": {
                "request_id": request_id,
                "model": message.model,
                "input_tokens": message.usage.input_tokens,
                "output_tokens": message.usage.output_tokens,
                "duration_ms": duration_ms,
                "stop_reason": message.stop_reason,
            }},
        )
        return {"explanation": text, "model": message.model, "stop_reason": message.stop_reason}

    async def close(self) -> None:
        await self._client.close()
