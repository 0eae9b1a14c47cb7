from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.from_object("digest.settings")
    from .views import bp
    app.register_blueprint(bp)
    return app
