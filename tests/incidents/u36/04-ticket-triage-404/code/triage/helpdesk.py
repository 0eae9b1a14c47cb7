import aiohttp


class HelpdeskClient:
    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str):
        self.session = session
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token}"}

    async def update_ticket(self, ticket_id: int, *, priority: str | None = None, tags: list[str] | None = None,
                            fields: dict | None = None) -> None:
        payload: dict = {}
        if priority:
            payload["priority"] = priority
        if tags:
            payload["additional_tags"] = tags
        if fields:
            payload["custom_fields"] = fields
        async with self.session.put(
            f"{self.base_url}/tickets/{ticket_id}", json={"ticket": payload}, headers=self.headers
        ) as resp:
            resp.raise_for_status()

    async def get_ticket(self, ticket_id: int) -> dict:
        async with self.session.get(f"{self.base_url}/tickets/{ticket_id}", headers=self.headers) as resp:
            resp.raise_for_status()
            return (await resp.json())["ticket"]
