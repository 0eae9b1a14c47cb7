import logging
import os

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgresql://billing@localhost/billing"),
        EXPORT_BUCKET=os.environ.get("EXPORT_BUCKET", "tallyworks-exports"),
        EXPORT_PAGE_SIZE=int(os.environ.get("EXPORT_PAGE_SIZE", "2000")),
    )
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    from .routes import bp

    app.register_blueprint(bp)
    return app
