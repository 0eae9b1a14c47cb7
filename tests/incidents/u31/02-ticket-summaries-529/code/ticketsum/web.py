import hashlib
import hmac

from fastapi import FastAPI, Header, HTTPException, Request
from redis import Redis
from rq import Queue

from .jobs import summarise_ticket
from .settings import settings

app = FastAPI(title="ticketsum")
queue = Queue(settings.queue_name, connection=Redis.from_url(settings.redis_url))


def _verify(body: bytes, signature: str | None) -> None:
    if not settings.webhook_secret:
        return
    expected = hmac.new(settings.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
    if not signature or not hmac.compare_digest(expected, signature):
        raise HTTPException(status_code=401, detail="bad signature")


@app.post("/webhooks/ticket-updated", status_code=202)
async def ticket_updated(request: Request, x_signature: str | None = Header(default=None)):
    body = await request.body()
    _verify(body, x_signature)
    ticket = await request.json()
    if ticket.get("status") in ("solved", "closed"):
        return {"skipped": True}
    job = queue.enqueue(
        summarise_ticket,
        ticket,
        job_id=f"ticket-{ticket['id']}-{ticket.get('updated_at', '')}".replace(":", ""),
        job_timeout=settings.job_timeout,
    )
    return {"job_id": job.id}


@app.get("/healthz")
def healthz():
    return {"ok": True, "queued": queue.count}
