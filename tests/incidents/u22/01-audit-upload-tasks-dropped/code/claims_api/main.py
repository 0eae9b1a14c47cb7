import asyncio
import logging
import uuid
from contextlib import asynccontextmanager
from datetime import datetime, timezone

from fastapi import FastAPI, HTTPException, Request

from . import audit, store
from .logging_setup import configure
from .models import AuditEvent, ClaimUpdate
from .settings import settings

configure(settings.log_level)
log = logging.getLogger("claims_api")


@asynccontextmanager
async def lifespan(app: FastAPI):
    await store.connect()
    yield
    await audit.close()
    await store.disconnect()


app = FastAPI(title="claims-api", lifespan=lifespan)


@app.get("/healthz")
async def healthz():
    return {"ok": True}


@app.get("/claims/{claim_id}")
async def read_claim(claim_id: str):
    claim = await store.get_claim(claim_id)
    if claim is None:
        raise HTTPException(status_code=404, detail="claim not found")
    return claim


@app.put("/claims/{claim_id}")
async def put_claim(claim_id: str, update: ClaimUpdate, request: Request):
    claim = await store.update_claim(claim_id, update.status, update.adjuster_id, update.amount_cents)
    if claim is None:
        raise HTTPException(status_code=404, detail="claim not found")

    event = AuditEvent(
        event_id=uuid.uuid4().hex,
        claim_id=claim_id,
        actor=update.adjuster_id,
        action=f"status:{update.status}",
        at=datetime.now(timezone.utc),
        payload=update.model_dump(mode="json"),
    )
    asyncio.create_task(audit.upload_audit(event))

    log.info("claim updated", extra={"claim_id": claim_id, "event_id": event.event_id})
    return claim
