"""Capture real rq worker output for a fixture: real redis-server, real rq, a local API.

Usage: python capture_rq_worker_log.py EXAMPLE_DIR OUT_DIR [--python PY]

Starts a throwaway redis-server and a local HTTP server that answers the
Anthropic Messages API with the 404 ``not_found_error`` a retired model gets,
enqueues the example's jobs the way its API does, runs ``rq worker --burst``
with the interpreter given (so rq 1.x, 2.x and 3.x can each be captured), and
writes the worker's output and ``rq info`` to OUT_DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class RetiredModelAPI(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
        model = body.get("model", "")
        payload = {
            "type": "error",
            "error": {"type": "not_found_error", "message": f"model: {model}"},
        }
        data = json.dumps(payload).encode()
        self.send_response(404)
        self.send_header("content-type", "application/json")
        self.send_header("request-id", "req_011CUh8fJx3yN1r4TqV2mZkA")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def as_in_a_container(text: str, args: argparse.Namespace) -> str:
    """Show paths as the example's container image would, not as this machine has them."""
    import re
    import sysconfig

    text = text.replace(sysconfig.get_paths()["purelib"], "/usr/local/lib/python3.11/site-packages")
    text = text.replace(sysconfig.get_paths()["stdlib"], "/usr/local/lib/python3.11")
    text = text.replace(str(args.example.resolve()), "/srv")
    return re.sub(r"/[^\s\"']*/site-packages", "/usr/local/lib/python3.11/site-packages", text)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("example", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument(
        "--enqueue", type=Path, help="script that enqueues (default: the seed 001 calls)"
    )
    parser.add_argument("--queue", default="ai_ingestion")
    args = parser.parse_args()
    redis_port, api_port = free_port(), free_port()
    workdir = Path(tempfile.mkdtemp())
    redis = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(redis_port),
            "--save",
            "",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
    )
    api = ThreadingHTTPServer(("127.0.0.1", api_port), RetiredModelAPI)
    threading.Thread(target=api.serve_forever, daemon=True).start()
    time.sleep(0.5)
    env = dict(
        os.environ,
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        ANTHROPIC_BASE_URL=f"http://127.0.0.1:{api_port}",
        ANTHROPIC_API_KEY="sk-ant-fixture-key-not-real",
        PYTHONPATH=str(args.example.resolve()),
    )
    try:
        enqueue = (
            "from app.enqueue import request_full_analysis, request_partial_analysis\n"
            "request_full_analysis('e810404b-acd1-4ca2-a44c-73a855514322')\n"
            "request_partial_analysis('05006f9d-2c40-4ffc-a041-f0c3ac62a4ed')\n"
            "request_full_analysis('9d3c51e2-7a40-4b8e-b1f6-2e4d8c0a5f71')\n"
        )
        if args.enqueue:
            enqueue = args.enqueue.read_text()
        subprocess.run([args.python, "-c", enqueue], env=env, check=True, cwd=args.example)
        worker = subprocess.run(
            [
                args.python,
                "-c",
                "import sys\n"
                "from rq.cli import main\nsys.argv=['rq','worker','--burst','--name','worker-ai-1',"
                f"'--url','{env['REDIS_URL']}','{args.queue}']\nmain()",
            ],
            env=dict(env, PYTHONUNBUFFERED="1"),
            cwd=args.example,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
        )
        info = subprocess.run(
            [args.python, "-m", "rq.cli", "info", "--url", env["REDIS_URL"]],
            env=env,
            cwd=args.example,
            capture_output=True,
            text=True,
            timeout=60,
        )
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "worker.log").write_text(as_in_a_container(worker.stdout, args))
        (args.out / "rq-info.txt").write_text(info.stdout or info.stderr)
    finally:
        api.shutdown()
        redis.terminate()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
