import logging
import pathlib

from aiohttp import web

from minutes import config
from minutes.store import NoteStore
from minutes.views import routes

ACCESS_LOG_FORMAT = '%a %t "%r" %s %b %Tfs "%{User-Agent}i"'
STATIC_DIR = pathlib.Path(__file__).parent / "static"


async def _open_store(app: web.Application):
    app["store"] = NoteStore(config.DATABASE_URL)
    await app["store"].open()
    yield
    await app["store"].close()


def create_app() -> web.Application:
    app = web.Application(client_max_size=8 * 1024 * 1024)
    app.add_routes(routes)
    app.router.add_static("/static/", STATIC_DIR, name="static")
    app.cleanup_ctx.append(_open_store)
    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    web.run_app(create_app(), port=config.PORT, access_log_format=ACCESS_LOG_FORMAT)


if __name__ == "__main__":
    main()
