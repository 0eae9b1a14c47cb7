import logging

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)
    logging.basicConfig(level=logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    from .routes import bp

    app.register_blueprint(bp)
    return app


app = create_app()
