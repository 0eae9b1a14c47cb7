from unittest import mock

from django.contrib.auth import get_user_model
from django.test import TestCase


class RequestReportTests(TestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_user("ana", password="pw")
        self.user.profile = mock.Mock(account_id=7)
        self.client.force_login(self.user)

    @mock.patch("reports.views.reports_queue")
    def test_enqueues_on_reports_queue(self, reports_queue):
        reports_queue.return_value.enqueue.return_value.id = "abc"
        with mock.patch("django.contrib.auth.models.User.profile", create=True, new=self.user.profile):
            resp = self.client.post("/reports/", {"kind": "usage_by_seat"})
        self.assertEqual(resp.status_code, 202)
        reports_queue.return_value.enqueue.assert_called_once()

    def test_rejects_unknown_kind(self):
        resp = self.client.post("/reports/", {"kind": "nope"})
        self.assertEqual(resp.status_code, 400)
