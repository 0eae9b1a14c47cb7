import logging
from functools import lru_cache

from flask import Blueprint, current_app, jsonify, request

from triage.llm import TicketClassifier

log = logging.getLogger(__name__)
bp = Blueprint("triage", __name__)


@lru_cache(maxsize=1)
def _classifier() -> TicketClassifier:
    settings = current_app.config["SETTINGS"]
    return TicketClassifier(settings["llm"], settings["triage"])


@bp.get("/healthz")
def healthz():
    return {"ok": True}


@bp.get("/v1/queues")
def queues():
    return {"queues": current_app.config["SETTINGS"]["triage"]["queues"]}


@bp.post("/v1/triage")
def triage_ticket():
    payload = request.get_json(force=True)
    ticket_id = payload.get("ticket_id")
    subject = payload.get("subject", "")
    body = payload.get("description", "")
    if not body:
        return jsonify(error="description is required"), 400

    result = _classifier().classify(subject, body)
    tag_prefix = current_app.config["SETTINGS"]["zendesk"]["tag_prefix"]
    log.info("ticket %s -> %s (%s)", ticket_id, result["queue"], result.get("priority"))
    return jsonify(
        ticket_id=ticket_id,
        queue=result["queue"],
        priority=result.get("priority", "normal"),
        summary=result.get("summary", ""),
        tags=[f"{tag_prefix}{result['queue']}"],
    )
