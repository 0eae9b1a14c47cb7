import logging

from aiohttp import web

from triage.app import create_app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app()
    web.run_app(app, port=app["settings"].port, access_log_format='%a "%r" %s %b %Tfs')


if __name__ == "__main__":
    main()
