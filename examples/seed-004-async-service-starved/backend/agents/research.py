import logging

import anthropic
import requests

log = logging.getLogger("agents.research")


class ResearchAgent:
    name = "Research Agent"

    def __init__(self):
        self.client = anthropic.Anthropic()

    async def run(self, url: str) -> dict:
        log.info("scraping %s", url)
        page = requests.get(url, timeout=30).text
        reply = self.client.messages.create(
            model="claude-sonnet-4-6",
            max_tokens=2000,
            messages=[{"role": "user", "content": f"Summarise this company site:\n{page[:50000]}"}],
        )
        return {"summary": reply.content[0].text}
