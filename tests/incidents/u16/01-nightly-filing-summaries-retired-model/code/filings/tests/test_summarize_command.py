from datetime import timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from filings.models import Court, Filing, FilingSummary


def fake_message(text="Summary."):
    return SimpleNamespace(
        content=[SimpleNamespace(type="text", text=text)],
        model="test-model",
        usage=SimpleNamespace(input_tokens=10, output_tokens=5),
    )


@pytest.fixture
def filing(db):
    court = Court.objects.create(slug="nysd", name="S.D.N.Y.")
    return Filing.objects.create(
        court=court,
        docket_number="1:26-cv-04411",
        case_name="Acme v. Widget",
        document_title="Motion to Dismiss",
        document_text="...",
        received_at=timezone.now() - timedelta(hours=2),
    )


@pytest.mark.django_db
def test_writes_summary(filing):
    with mock.patch("anthropic.resources.Messages.create", return_value=fake_message()):
        call_command("summarize_filings")
    assert FilingSummary.objects.get(filing=filing).text == "Summary."


@pytest.mark.django_db
def test_skips_old_filings(filing):
    Filing.objects.filter(pk=filing.pk).update(received_at=timezone.now() - timedelta(days=5))
    with mock.patch("anthropic.resources.Messages.create") as create:
        call_command("summarize_filings")
    create.assert_not_called()
