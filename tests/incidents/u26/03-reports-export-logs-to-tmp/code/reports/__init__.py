import logging
import os

from flask import Flask


def create_app() -> Flask:
    logging.basicConfig(
        filename=os.environ.get("LOG_FILE", "/tmp/reports-api.log"),
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )

    app = Flask(__name__)
    app.config["BQ_DATASET"] = os.environ.get("BQ_DATASET", "analytics_dev")
    app.config["EXPORT_MAX_ROWS"] = int(os.environ.get("EXPORT_MAX_ROWS", "50000"))

    from reports import api

    app.register_blueprint(api.bp, url_prefix="/api")

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    app.logger.info("reports-api started, dataset=%s", app.config["BQ_DATASET"])
    return app
