import logging

from slack_bolt.adapter.socket_mode import SocketModeHandler

from . import config

logging.basicConfig(
    level=config.LOG_LEVEL,
    format="%(levelname)s %(name)s: %(message)s",
)

from .app import app  # noqa: E402

if __name__ == "__main__":
    SocketModeHandler(app, config.SLACK_APP_TOKEN).start()
