import json
from unittest import mock

from django.test import SimpleTestCase


class DraftTests(SimpleTestCase):
    def test_missing_title_is_400(self):
        r = self.client.post("/api/drafts", data="{}", content_type="application/json")
        self.assertEqual(r.status_code, 400)

    @mock.patch("listings.views.draft_description", return_value="A light tent.")
    def test_draft(self, _):
        r = self.client.post("/api/drafts", data=json.dumps({"title": "Tent"}), content_type="application/json")
        self.assertEqual(r.json(), {"description": "A light tent."})


class FeedTests(SimpleTestCase):
    def test_unknown_channel(self):
        r = self.client.post("/api/feeds/ebay/export", data="{}", content_type="application/json")
        self.assertEqual(r.status_code, 404)

    @mock.patch("listings.views.enqueue_feed_export")
    def test_queued(self, enqueue):
        enqueue.return_value.id = "abc"
        r = self.client.post("/api/feeds/idealo/export", data=json.dumps({"skus": ["A"]}), content_type="application/json")
        self.assertEqual(r.status_code, 202)
        enqueue.assert_called_once_with("idealo", ["A"])
