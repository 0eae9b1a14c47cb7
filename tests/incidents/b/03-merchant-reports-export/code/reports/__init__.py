import logging
import os

from flask import Flask


def create_app() -> Flask:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = Flask(__name__)
    app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    app.config["EXPORT_PAGE_SIZE"] = int(os.environ.get("EXPORT_PAGE_SIZE", "500"))

    from . import db, views
    db.init_app(app)
    app.register_blueprint(views.bp)
    return app
