import logging

from flask import Flask

from triage.config import load_settings


def create_app(settings_path: str | None = None) -> Flask:
    settings = load_settings(settings_path)
    logging.basicConfig(
        level=settings["service"]["log_level"],
        format="%(asctime)s %(levelname)s [%(name)s] %(message)s",
    )

    app = Flask(__name__)
    app.config["SETTINGS"] = settings

    from triage.routes import bp

    app.register_blueprint(bp)
    return app
