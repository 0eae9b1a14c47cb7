import base64
import json
import logging
import os
import time

from flask import Flask, jsonify, request

from renderer import __version__, logsetup, metrics, narrative, storage, template

log = logging.getLogger("renderer")


def create_app() -> Flask:
    logsetup.setup()
    app = Flask(__name__)
    app.config.update(
        METRICS_URL=os.environ.get("METRICS_URL", "http://localhost:8090"),
        REPORT_BUCKET=os.environ.get("REPORT_BUCKET", "fernhill-weekly-reports-dev"),
        NARRATIVE_MODEL=os.environ.get("NARRATIVE_MODEL", "claude-haiku-4-5"),
    )
    client = narrative.make_client()
    log.info("report-renderer %s ready (model=%s)", __version__, app.config["NARRATIVE_MODEL"])

    @app.post("/pubsub/push")
    def pubsub_push():
        envelope = request.get_json(silent=True) or {}
        msg = envelope.get("message") or {}
        try:
            job = json.loads(base64.b64decode(msg.get("data", "")))
            workspace_id, week = job["workspace_id"], job["week"]
        except (ValueError, KeyError, TypeError):
            log.error("unparseable push message %s, dropping", msg.get("messageId"))
            return "", 204
        ctx = {"workspace_id": workspace_id, "week": week, "message_id": msg.get("messageId"),
               "delivery_attempt": envelope.get("deliveryAttempt")}
        started = time.monotonic()
        path = f"{week}/{workspace_id}.html"
        try:
            if storage.report_exists(app.config["REPORT_BUCKET"], path):
                log.info("report already rendered, skipping", extra=ctx)
                return "", 204
            data = metrics.weekly_metrics(app.config["METRICS_URL"], workspace_id, week)
            bullets = narrative.narrative(client, app.config["NARRATIVE_MODEL"], data)
            html = template.render_html(data.get("workspace", {}), week, data, bullets)
            storage.save_report(app.config["REPORT_BUCKET"], path, html)
        except Exception:
            log.exception("render failed", extra=ctx)
            return "", 500
        log.info("report rendered", extra={**ctx, "elapsed_ms": int((time.monotonic() - started) * 1000)})
        return "", 204

    @app.get("/healthz")
    def healthz():
        return jsonify(ok=True, version=__version__)

    return app
