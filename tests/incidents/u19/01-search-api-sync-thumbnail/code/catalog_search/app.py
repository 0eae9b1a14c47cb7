import logging
import os
import sys

from aiohttp import web

from .config import load_settings
from .handlers import routes
from .index import ProductIndex
from .thumbnails import ThumbnailClient

ACCESS_LOG_FORMAT = '%a "%r" %s %b %Tfs "%{User-Agent}i"'


def _setup_logging() -> None:
    logging.basicConfig(
        stream=sys.stdout,
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(levelname)s %(name)s: %(message)s",
    )


async def create_app() -> web.Application:
    _setup_logging()
    settings = load_settings()
    app = web.Application(client_max_size=settings.max_upload_bytes)
    app["settings"] = settings
    app["index"] = ProductIndex.from_jsonl(settings.index_path)
    app["thumbnails"] = ThumbnailClient(settings.thumbnailer_url)
    app.add_routes(routes)
    return app


def main() -> None:
    port = int(os.environ.get("PORT", "8080"))
    web.run_app(create_app(), host="0.0.0.0", port=port, access_log_format=ACCESS_LOG_FORMAT)


if __name__ == "__main__":
    main()
