import json

from django.test import Client, TestCase, override_settings


@override_settings(CLIENT_API_KEYS=set())
class CreateSummaryValidation(TestCase):
    def test_missing_fields(self):
        resp = Client().post("/summaries/", data=json.dumps({"claim_ref": "C-1"}), content_type="application/json")
        self.assertEqual(resp.status_code, 400)

    def test_too_large(self):
        body = {"claim_ref": "C-1", "text": "x" * 400_001}
        resp = Client().post("/summaries/", data=json.dumps(body), content_type="application/json")
        self.assertEqual(resp.status_code, 413)

    def test_healthz_open(self):
        self.assertEqual(Client().get("/healthz").status_code, 200)
