from datetime import timedelta

from django.contrib.auth.models import User
from django.test import TestCase
from django.utils import timezone

from bookings.models import AuditEntry, Book, Hold
from bookings.tasks import prune_audit_log, purge_expired_holds


class CleanupTests(TestCase):
    def setUp(self):
        self.user = User.objects.create(username="ada")
        self.book = Book.objects.create(title="Dune", isbn="9780441013593")

    def test_purge_expired_holds_keeps_active(self):
        now = timezone.now()
        Hold.objects.create(book=self.book, user=self.user, expires_at=now - timedelta(days=1))
        Hold.objects.create(book=self.book, user=self.user, expires_at=now + timedelta(days=1))
        Hold.objects.create(book=self.book, user=self.user, expires_at=now - timedelta(days=1),
                            fulfilled=True)
        self.assertEqual(purge_expired_holds(), 1)
        self.assertEqual(Hold.objects.count(), 2)

    def test_prune_audit_log(self):
        old = AuditEntry.objects.create(actor="x", action="a")
        AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=120))
        AuditEntry.objects.create(actor="y", action="b")
        self.assertEqual(prune_audit_log(90), 1)
        self.assertEqual(AuditEntry.objects.count(), 1)
