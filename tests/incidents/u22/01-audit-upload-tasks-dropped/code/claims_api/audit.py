import json
import logging

from gcloud.aio.storage import Storage

from .models import AuditEvent
from .settings import settings

log = logging.getLogger("claims_api.audit")

_storage: Storage | None = None


def _client() -> Storage:
    global _storage
    if _storage is None:
        _storage = Storage()
    return _storage


def object_name(event: AuditEvent) -> str:
    day = event.at.strftime("%Y/%m/%d")
    return f"{settings.audit_prefix}/{day}/{event.claim_id}/{event.event_id}.json"


async def upload_audit(event: AuditEvent) -> None:
    name = object_name(event)
    body = json.dumps(event.model_dump(mode="json"), separators=(",", ":"))
    try:
        await _client().upload(
            settings.audit_bucket,
            name,
            body,
            content_type="application/json",
            timeout=30,
        )
    except Exception:
        log.exception("audit upload failed", extra={"event_id": event.event_id, "object": name})
        return
    log.info("audit object written", extra={"event_id": event.event_id, "object": name, "bytes": len(body)})


async def close() -> None:
    if _storage is not None:
        await _storage.close()
