
import pytest

from moderation import classify


class _Resp:
    def __init__(self, text):
        self.content = [type("B", (), {"type": "text", "text": text})()]


@pytest.mark.parametrize(
    "answer,expected",
    [('{"decision": "publish", "reasons": []}', "publish"), ("Sure! publish", "hold"), ('{"decision": "maybe"}', "hold")],
)
def test_decisions(monkeypatch, answer, expected):
    monkeypatch.setattr(classify._client.messages, "create", lambda **kw: _Resp(answer))
    assert classify.classify("great kettle")["decision"] == expected
