import logging
import time

from redis import Redis

from . import helpdesk, llm
from .settings import settings

log = logging.getLogger(__name__)

SUMMARY_KEY = "ticketsum:summary:{}"


def summarise_ticket(ticket: dict) -> dict:
    started = time.monotonic()
    thread = helpdesk.render_thread(ticket.get("comments", []))
    summary, usage = llm.summarise(ticket.get("subject", ""), thread)

    redis = Redis.from_url(settings.redis_url)
    redis.hset(SUMMARY_KEY.format(ticket["id"]), mapping={
        "summary": summary,
        "model": settings.anthropic_model,
        "updated_at": int(time.time()),
    })
    helpdesk.add_internal_note(ticket["id"], f"AI summary\n\n{summary}")
    return {"ticket_id": ticket["id"], "seconds": round(time.monotonic() - started, 2), **usage}
