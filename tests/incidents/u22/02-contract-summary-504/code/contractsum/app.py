import logging

from flask import Flask, abort, jsonify

from . import config, documents
from .summarize import summarize

logging.basicConfig(level=config.LOG_LEVEL, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("contractsum")

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.post("/contracts/<contract_id>/summary")
def contract_summary(contract_id: str):
    try:
        title, text = documents.load_contract(contract_id)
    except KeyError:
        abort(404, description="contract not found")
    log.info("summarising contract %s (%d chars)", contract_id, len(text))
    result = summarize(title, text)
    return jsonify(contract_id=contract_id, **result)


@app.errorhandler(404)
def not_found(err):
    return jsonify(error=str(err.description)), 404
