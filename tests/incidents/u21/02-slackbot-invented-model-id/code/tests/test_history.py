import os

os.environ.setdefault("SLACK_BOT_TOKEN", "xoxb-test")
os.environ.setdefault("SLACK_APP_TOKEN", "xapp-test")

from bot.history import thread_history  # noqa: E402


class FakeClient:
    def __init__(self, messages):
        self.messages = messages

    def conversations_replies(self, **kwargs):
        return {"messages": self.messages}


def test_no_thread_means_no_history():
    assert thread_history(FakeClient([]), "C1", None, "UBOT") == []


def test_roles_and_merging():
    msgs = [
        {"user": "U1", "text": "how do I roll back?"},
        {"user": "UBOT", "text": "use deployctl rollback"},
        {"user": "U1", "text": "for staging?"},
        {"user": "U1", "text": "current question"},
    ]
    h = thread_history(FakeClient(msgs), "C1", "1.0", "UBOT")
    assert [m["role"] for m in h] == ["user", "assistant", "user"]
