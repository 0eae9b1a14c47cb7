from django.core import mail as djmail
from django.test import TestCase, override_settings

from outbox.models import OutgoingMail
from outbox.tasks import deliver


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", HEARTBEAT_FILE="/dev/null")
class DeliverTest(TestCase):
    def test_marks_sent(self):
        m = OutgoingMail.objects.create(to="a@b.test", subject="Hi", body="x")
        deliver(m.id)
        m.refresh_from_db()
        assert m.sent_at is not None and m.attempts == 1
        assert len(djmail.outbox) == 1
