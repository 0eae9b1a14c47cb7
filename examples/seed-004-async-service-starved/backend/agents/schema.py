import logging
import time

import anthropic

log = logging.getLogger("agents.schema")


class SchemaAgent:
    name = "Schema Agent"

    def __init__(self):
        self.client = anthropic.Anthropic()

    async def run(self, research: dict) -> dict:
        for attempt in range(3):
            try:
                reply = self.client.messages.create(
                    model="claude-sonnet-4-6",
                    max_tokens=4000,
                    messages=[{"role": "user", "content": f"Design BigQuery tables for: {research}"}],
                )
                return {"ddl": reply.content[0].text}
            except anthropic.APIStatusError:
                log.warning("schema attempt %d failed", attempt)
                time.sleep(2**attempt)
        raise RuntimeError("schema agent failed")
