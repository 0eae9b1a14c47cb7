from flask import Blueprint, jsonify, request

from .llm import summarise
from .storage import load_article

bp = Blueprint("digest", __name__)


@bp.get("/healthz")
def healthz():
    return {"ok": True}


@bp.post("/v1/summaries")
def create_summary():
    data = request.get_json(force=True)
    body = data.get("body") or load_article(data["article_id"])
    text = summarise(body)
    return jsonify({"article_id": data.get("article_id"), "summary": text})
