from types import SimpleNamespace
from unittest import mock

from django.test import TestCase, override_settings

from tickets import tasks
from tickets.models import Message, Ticket


def fake_response(text):
    return SimpleNamespace(
        content=[SimpleNamespace(type="text", text=text)],
        model="test-model",
        usage=SimpleNamespace(input_tokens=10, output_tokens=5),
    )


@override_settings(RQ_QUEUES={"default": {"URL": "redis://localhost:6379/15"}, "summaries": {"URL": "redis://localhost:6379/15"}})
class SummariseTicketTests(TestCase):
    def setUp(self):
        patcher = mock.patch("tickets.signals.django_rq.get_queue")
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_summary_saved(self):
        ticket = Ticket.objects.create(subject="Refund", requester_email="a@example.com")
        Message.objects.create(ticket=ticket, author="a@example.com", body="I want a refund")
        with mock.patch("tickets.summariser.get_client") as get_client:
            get_client.return_value.messages.create.return_value = fake_response("Customer wants a refund.")
            tasks.summarise_ticket(ticket.pk)
        ticket.refresh_from_db()
        self.assertEqual(ticket.summary, "Customer wants a refund.")
        self.assertTrue(ticket.summary_model)

    def test_no_messages_skips(self):
        ticket = Ticket.objects.create(subject="Empty", requester_email="a@example.com")
        self.assertEqual(tasks.summarise_ticket(ticket.pk), "")
