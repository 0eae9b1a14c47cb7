from types import SimpleNamespace

import pytest

from contractsum import app as app_module
from contractsum import documents, summarize


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setattr(documents, "load_contract", lambda cid: ("MSA Acme", "1. Parties ..."))

    def fake_create(**kwargs):
        return SimpleNamespace(
            content=[SimpleNamespace(type="text", text="## Parties\nAcme and Lexio")],
            model=kwargs["model"],
            usage=SimpleNamespace(input_tokens=120, output_tokens=14),
        )

    monkeypatch.setattr(summarize.client.messages, "create", fake_create)
    return app_module.app.test_client()


def test_summary_ok(client):
    r = client.post("/contracts/C-1/summary")
    assert r.status_code == 200
    assert "Parties" in r.get_json()["summary"]


def test_summary_unknown_contract(client, monkeypatch):
    def missing(cid):
        raise KeyError(cid)

    monkeypatch.setattr(documents, "load_contract", missing)
    assert client.post("/contracts/nope/summary").status_code == 404
