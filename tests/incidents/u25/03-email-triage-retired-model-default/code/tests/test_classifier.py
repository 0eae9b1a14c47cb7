from types import SimpleNamespace

from mailtriage.classifier import Classifier
from mailtriage.helpdesk import Ticket


class FakeMessages:
    def __init__(self, text):
        self.text = text
        self.calls = []

    def create(self, **kwargs):
        self.calls.append(kwargs)
        return SimpleNamespace(content=[SimpleNamespace(text=self.text)])


def make(text):
    msgs = FakeMessages(text)
    return Classifier(client=SimpleNamespace(messages=msgs)), msgs


T = Ticket(1, "Can't log in", "Password reset mail never arrives", "42", [])


def test_parses_json_answer():
    c, _ = make('{"category": "account_access", "priority": "urgent"}')
    assert c.classify(T) == ("account_access", "urgent")


def test_unknown_values_fall_back():
    c, _ = make('Sure! {"category": "spam", "priority": "meh"}')
    assert c.classify(T) == ("other", "normal")


def test_garbage_answer():
    c, _ = make("I cannot help with that")
    assert c.classify(T) == ("other", "normal")
