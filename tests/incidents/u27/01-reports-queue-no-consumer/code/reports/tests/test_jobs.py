from unittest import mock

from django.test import TestCase, override_settings

from reports.jobs import generate_report
from reports.models import ReportRequest


class GenerateReportTests(TestCase):
    @override_settings(REPORTS_BUCKET_DIR="/tmp/portal-test-reports")
    def test_writes_csv_and_marks_done(self):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user("bo")
        req = ReportRequest.objects.create(owner=user, kind="usage_by_seat", params={"account_id": 1})
        rows = [["seat", "events"], ["a", 3]]
        with mock.patch.dict("reports.jobs.BUILDERS", {"usage_by_seat": lambda **kw: iter(rows)}):
            path = generate_report(req.pk)
        req.refresh_from_db()
        self.assertEqual(req.status, ReportRequest.Status.DONE)
        self.assertTrue(path.endswith(f"usage_by_seat-{req.pk}.csv"))
