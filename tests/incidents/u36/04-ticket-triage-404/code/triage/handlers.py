import hashlib
import hmac
import json
import logging

import anthropic
from aiohttp import web

log = logging.getLogger("triage.web")
routes = web.RouteTableDef()


def _valid_signature(secret: str, body: bytes, signature: str | None) -> bool:
    if not secret:
        return True
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return signature is not None and hmac.compare_digest(expected, signature)


@routes.post("/webhooks/helpdesk")
async def helpdesk_webhook(request: web.Request) -> web.Response:
    body = await request.read()
    if not _valid_signature(request.app["settings"].webhook_secret, body, request.headers.get("X-Signature")):
        return web.json_response({"error": "bad signature"}, status=401)
    event = json.loads(body)
    if event.get("type") != "ticket.created":
        return web.json_response({"ignored": event.get("type")}, status=200)
    ticket = event["ticket"]
    fresh = await request.app["redis"].set(f"triage:seen:{ticket['id']}", "1", nx=True, ex=86400)
    if not fresh:
        return web.json_response({"duplicate": ticket["id"]}, status=200)
    request.app["queue"].put_nowait(
        {"id": ticket["id"], "subject": ticket.get("subject", ""), "description": ticket.get("description", "")}
    )
    return web.json_response({"queued": ticket["id"]}, status=202)


@routes.post("/v1/tickets/{ticket_id:\\d+}/draft")
async def draft_reply(request: web.Request) -> web.Response:
    ticket_id = int(request.match_info["ticket_id"])
    ticket = await request.app["helpdesk"].get_ticket(ticket_id)
    settings = request.app["settings"]
    try:
        message = await request.app["anthropic"].messages.create(
            model=settings.draft_model,
            max_tokens=800,
            system="Draft a short, friendly reply for a support agent to edit. No greetings beyond the first name.",
            messages=[{"role": "user", "content": f"{ticket['subject']}\n\n{ticket['description'][:6000]}"}],
        )
    except anthropic.APIStatusError as exc:
        log.error("ticket %s: draft failed: %s", ticket_id, exc)
        return web.json_response({"error": "draft unavailable"}, status=502)
    text = "".join(b.text for b in message.content if b.type == "text")
    return web.json_response({"ticket": ticket_id, "draft": text})


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "queued": request.app["queue"].qsize(), **request.app["stats"]})
