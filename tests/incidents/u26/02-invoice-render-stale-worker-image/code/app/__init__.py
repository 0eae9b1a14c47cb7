import os

from flask import Flask
from redis import Redis
from rq import Queue


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(
        REDIS_URL=os.environ.get("REDIS_URL", "redis://localhost:6379/0"),
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgresql+psycopg://billing@localhost/billing"),
        INVOICE_BUCKET=os.environ.get("INVOICE_BUCKET", "tallybook-invoices-dev"),
    )
    conn = Redis.from_url(app.config["REDIS_URL"])
    app.extensions["rq_billing"] = Queue("billing", connection=conn, default_timeout=600)
    app.extensions["rq_default"] = Queue("default", connection=conn)

    from app import views

    app.register_blueprint(views.bp)
    return app
