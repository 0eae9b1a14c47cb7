"""Run real web servers on a tiny app and capture every line they print.

The L001 recogniser (server lines vs application lines) is tested on what the
servers really print, not on remembered strings. Each server serves one app whose
handler logs ``APP_LINE`` through the standard logging module to stderr, so the
capture holds both kinds of line, and the test knows which is which.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

APP_LINE = "order 42 created for customer 7"

_LOGGING = f"""
import logging, sys
logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
app_log = logging.getLogger("shop.orders")
def app_event():
    app_log.info({APP_LINE!r})
"""

APPS = {
    "wsgi_app.py": _LOGGING
    + """
def app(environ, start_response):
    if environ.get("PATH_INFO") == "/":
        app_event()
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"missing"]
""",
    "asgi_app.py": _LOGGING
    + """
async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    status = 200 if scope["path"] == "/" else 404
    if status == 200:
        app_event()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})
""",
    "flask_app.py": _LOGGING
    + """
from flask import Flask
app = Flask(__name__)
@app.get("/")
def index():
    app_event()
    return "ok"
if __name__ == "__main__":
    import os
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
""",
    "aiohttp_app.py": _LOGGING
    + """
import os
from aiohttp import web
async def index(request):
    app_event()
    return web.Response(text="ok")
app = web.Application()
app.router.add_get("/", index)
if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
""",
    "aiohttp_timed_app.py": _LOGGING
    + """
import os
from aiohttp import web
async def index(request):
    app_event()
    return web.Response(text="ok")
app = web.Application()
app.router.add_get("/", index)
if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]),
                access_log_format='%a %t "%r" %s %b %Tf "%{User-Agent}i"')
""",
    "djangoapp.py": _LOGGING
    + """
import os, sys
from django.conf import settings
from django.http import HttpResponse
from django.urls import path
settings.configure(DEBUG=False, ROOT_URLCONF=__name__, SECRET_KEY="x" * 50,
                   ALLOWED_HOSTS=["*"], MIDDLEWARE=[], INSTALLED_APPS=[])
def index(request):
    app_event()
    return HttpResponse("ok")
urlpatterns = [path("", index)]
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application
if "runserver" in sys.argv:
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
else:
    application = get_asgi_application()
""",
}


@dataclass(frozen=True)
class Server:
    """How to start one server on ``{port}`` from the app folder."""

    name: str
    module: str
    """Import name of the package that must be installed."""
    argv: tuple[str, ...]
    stop: int = signal.SIGTERM


TIMED_GUNICORN_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(L)s'
"""gunicorn's access log with the request time in seconds (``%(L)s``), as many teams set it."""
TIMED_SERVERS = ("gunicorn-timed", "aiohttp-timed")
"""Servers whose access lines carry the request's duration."""

SERVERS = (
    Server("uvicorn", "uvicorn", ("-m", "uvicorn", "asgi_app:app", "--port", "{port}")),
    Server(
        "gunicorn-sync",
        "gunicorn",
        ("-m", "gunicorn", "-b", "127.0.0.1:{port}", "--access-logfile", "-", "wsgi_app:app"),
    ),
    Server(
        "gunicorn-gthread",
        "gunicorn",
        (
            "-m",
            "gunicorn",
            "-b",
            "127.0.0.1:{port}",
            "-k",
            "gthread",
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "wsgi_app:app",
        ),
    ),
    Server(
        "gunicorn-uvicorn-worker",
        "uvicorn",
        (
            "-m",
            "gunicorn",
            "-b",
            "127.0.0.1:{port}",
            "-k",
            "uvicorn.workers.UvicornWorker",
            "--access-logfile",
            "-",
            "asgi_app:app",
        ),
    ),
    Server(
        "hypercorn",
        "hypercorn",
        ("-m", "hypercorn", "-b", "127.0.0.1:{port}", "--access-logfile", "-", "asgi_app:app"),
    ),
    Server(
        "gunicorn-timed",
        "gunicorn",
        (
            "-m",
            "gunicorn",
            "-b",
            "127.0.0.1:{port}",
            "--access-logfile",
            "-",
            "--access-logformat",
            TIMED_GUNICORN_FORMAT,
            "wsgi_app:app",
        ),
    ),
    Server("aiohttp", "aiohttp", ("aiohttp_app.py",)),
    Server("aiohttp-timed", "aiohttp", ("aiohttp_timed_app.py",)),
    Server("waitress", "waitress", ("-m", "waitress", "--listen=127.0.0.1:{port}", "wsgi_app:app")),
    Server("flask-dev", "flask", ("flask_app.py",), stop=signal.SIGINT),
    Server(
        "django-runserver",
        "django",
        ("djangoapp.py", "runserver", "127.0.0.1:{port}", "--noreload"),
        stop=signal.SIGINT,
    ),
    Server("daphne", "daphne", ("-m", "daphne", "-p", "{port}", "djangoapp:application")),
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_apps(folder: Path) -> None:
    for name, source in APPS.items():
        (folder / name).write_text(textwrap.dedent(source))


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def capture(
    server: Server, folder: Path, python: str = sys.executable, wait_s: float = 60
) -> list[str]:
    """Start the server, make two requests (200 and 404), stop it; every line it printed."""
    port = free_port()
    argv = [python, *(a.format(port=port) for a in server.argv)]
    env = {**os.environ, "PORT": str(port), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        argv, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                if _get(f"http://127.0.0.1:{port}/") == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{server.name} did not serve: exit {proc.poll()}")
            time.sleep(0.2)
        _get(f"http://127.0.0.1:{port}/missing")
        time.sleep(0.5)
    finally:
        proc.send_signal(server.stop)
        try:
            out, _ = proc.communicate(timeout=wait_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    return [line for line in out.splitlines() if line.strip()]


if __name__ == "__main__":  # print every server's lines, for reading
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        write_apps(Path(tmp))
        for srv in SERVERS:
            print(f"### {srv.name}")
            try:
                for line in capture(srv, Path(tmp)):
                    print(line)
            except Exception as exc:
                print(f"!! {exc}")
