import logging
import sys

from flask import Flask

logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                    format="%(levelname)s %(threadName)s %(name)s - %(message)s")


def create_app():
    app = Flask(__name__)
    from .routes import bp
    app.register_blueprint(bp)
    return app
