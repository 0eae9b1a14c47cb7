from datetime import datetime, timezone

from claims_api.audit import object_name
from claims_api.models import AuditEvent


def test_object_name_is_partitioned_by_day_and_claim():
    ev = AuditEvent(
        event_id="abc123",
        claim_id="CLM-000981",
        actor="adj-17",
        action="status:approved",
        at=datetime(2026, 12, 2, 23, 59, tzinfo=timezone.utc),
        payload={},
    )
    assert object_name(ev) == "claims-events/2026/12/02/CLM-000981/abc123.json"
