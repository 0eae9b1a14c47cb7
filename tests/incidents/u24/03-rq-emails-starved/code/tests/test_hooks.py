import fakeredis
import pytest
from rq import Queue

from app import web_hooks


@pytest.fixture
def queues(monkeypatch):
    conn = fakeredis.FakeStrictRedis()
    default, emails = Queue("default", connection=conn), Queue("emails", connection=conn)
    monkeypatch.setattr(web_hooks, "default", default)
    monkeypatch.setattr(web_hooks, "emails", emails)
    return default, emails


def test_export_goes_to_default_with_long_timeout(queues):
    default, _ = queues
    job = web_hooks.request_export(42, "2026-01-01", "2026-12-01", "a@example.com")
    assert job.origin == "default"
    assert job.timeout == 3600


def test_password_reset_goes_to_emails(queues):
    _, emails = queues
    job = web_hooks.password_reset("a@example.com", "tok")
    assert job.origin == "emails"
    assert emails.count == 1
