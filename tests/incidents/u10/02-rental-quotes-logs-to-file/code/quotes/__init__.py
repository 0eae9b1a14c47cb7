from flask import Flask

from quotes import settings
from quotes.logging_setup import configure_logging


def create_app() -> Flask:
    app = Flask("quotes")
    app.config.from_object(settings)
    configure_logging(app)

    from quotes.views import bp

    app.register_blueprint(bp)
    app.logger.info("rental-quotes %s ready (tariff book %s)", settings.VERSION, settings.TARIFF_BOOK)
    return app
