from types import SimpleNamespace

import pytest

from app.summarize import summarize_ticket


class FakeMessages:
    def __init__(self):
        self.kwargs = None

    async def create(self, **kwargs):
        self.kwargs = kwargs
        return SimpleNamespace(content=[SimpleNamespace(type="text", text="- a\n- b\n- c")])


@pytest.mark.asyncio
async def test_summarize_passes_model():
    client = SimpleNamespace(messages=FakeMessages())
    ticket = {"id": "T-1", "subject": "login", "messages": [{"author": "cust", "body": "cannot log in"}]}
    out = await summarize_ticket(client, "some-model", 100, ticket)
    assert out.startswith("- a")
    assert client.messages.kwargs["model"] == "some-model"
