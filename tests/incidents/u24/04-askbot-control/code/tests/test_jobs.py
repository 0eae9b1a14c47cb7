from types import SimpleNamespace

from askbot import jobs


class FakeMessages:
    def __init__(self):
        self.calls = []

    def create(self, **kw):
        self.calls.append(kw)
        return SimpleNamespace(
            content=[SimpleNamespace(type="text", text="42")],
            usage=SimpleNamespace(input_tokens=10, output_tokens=2),
            stop_reason="end_turn",
        )


def test_answer_question_sends_reply(monkeypatch):
    fake = SimpleNamespace(messages=FakeMessages())
    sent = []
    monkeypatch.setattr(jobs, "_anthropic", lambda: fake)
    monkeypatch.setattr(jobs, "_send", lambda chat, text, reply_to=None: sent.append((chat, text, reply_to)))
    out = jobs.answer_question(-100, 7, "ann", "what is the answer?")
    assert sent == [(-100, "42", 7)]
    assert out == {"input_tokens": 10, "output_tokens": 2}
    assert fake.messages.calls[0]["model"] == "claude-sonnet-4-6"
