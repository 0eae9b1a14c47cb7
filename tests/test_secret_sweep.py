"""Secrets never reach output: every kind planted in code, ``.env``, log exports, Redis
values and job arguments, then every command and format grepped for each (issue 15).

Each planted secret sits next to a visible marker, so the test also shows the line
that held it was printed: a secret that is masked, not merely left out.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

from conftest import RedisServer

from opsdoc.redact import KINDS, redact

PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Zq9Xv"
SECRETS = {
    "pem": f"-----BEGIN PRIVATE KEY-----\\n{PEM_BODY}Qm4\\nAbC+/x9\\n-----END PRIVATE KEY-----\\n",
    "url": "redis://default:pa/ss@w0rd9Zq@redis.internal:6379/0",
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "anthropic": "sk-ant-api03-Zx81YtQ7vK2mP5nR8sW3uV6yB9cE4fH1jL0oA",
    "openai": "sk-proj-T7bQ2xW9mK4vN8cR3yH6jP1sF5gD0aZL",
    "google": "AIzaSyD4x9QpL2mN7vB8cR3tY6uI1oP5aS0dFgH",
    "oauth": "ya29.a0AfH6SMBx8Qp2Lm9Nv7Bc3Rt6Yu1Io5Pa0SdFg",
    "github": "ghp_R8tY2uI6oP0aS4dF7gH1jK5lZ9xC3vB8nM2q",
    "slack": "xoxb-2948571-9384756-QwErTyUiOpAsDf",
    "aws_id": "AKIAZ7Q3X9KD2MPL4VNB",
    "aws_secret": "aws_secret_access_key=Jx7Kq2Vm9Lp4Wn8Rt3Yb6Hc1Fd5Gs0Za/Qe+Tu",
    "bearer": "Authorization: Bearer q8Zr2Lm5Xv9Tn4Wp7Kb1Hc6Jd3",
    "cookie": "Cookie: sessionid=7fQ2xZ9mL4vB8nR3cT6yW1pK5h",
    "password": "DB_PASSWORD=Hunter2Hunter2xyz",
    "token": 'slack_token: "tokval-8Zq2Wm4Lp7Rn"',
    "key_id": '"private_key_id": "4f1c9a7e2b8d3f6a0c5e9b2d7a4f1c8e3b6d9a2f"',
}
# What may not appear: the secret part of each.
NEEDLES = {
    "pem": PEM_BODY[12:40],
    "url": "pa/ss@w0rd9Zq",
    "jwt": "dozjgNryP4J3jVmNHl0w5N",
    "anthropic": "Zx81YtQ7vK2mP5nR8sW3",
    "openai": "T7bQ2xW9mK4vN8cR3yH6",
    "google": "SyD4x9QpL2mN7vB8cR3",
    "oauth": "a0AfH6SMBx8Qp2Lm9Nv7",
    "github": "R8tY2uI6oP0aS4dF7gH1",
    "slack": "2948571-9384756-QwErTy",
    "aws_id": "Z7Q3X9KD2MPL4VNB",
    "aws_secret": "Jx7Kq2Vm9Lp4Wn8Rt3Yb6",
    "bearer": "q8Zr2Lm5Xv9Tn4Wp7Kb1",
    "cookie": "7fQ2xZ9mL4vB8nR3cT6",
    "password": "Hunter2Hunter2xyz",
    "token": "tokval-8Zq2Wm4Lp7Rn",
    "key_id": "4f1c9a7e2b8d3f6a0c5e",
}
AS_OF = "2026-11-23T00:00:00Z"
FORMATS = ("text", "json", "markdown", "sarif", "junit")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opsdoc", *args],
        capture_output=True,
        text=True,
        timeout=180,
    )


def assert_clean(text: str, where: str) -> None:
    leaked = [kind for kind, needle in NEEDLES.items() if needle in text]
    assert not leaked, f"{where} leaked {leaked}"


def test_every_kind_is_masked_by_redact() -> None:
    assert len(KINDS) >= 15
    for kind, secret in SECRETS.items():
        assert NEEDLES[kind] not in redact(f"marker {secret} end"), kind
        assert NEEDLES[kind] not in redact(json.dumps({"message": f"x {secret} y"})), kind


def _project(root: Path) -> None:
    root.mkdir()
    lines = "".join(f"# {kind}: {secret}\n" for kind, secret in SECRETS.items())
    (root / "app.py").write_text(
        "import anthropic\n"
        + lines
        + "client = anthropic.Anthropic()\n"
        + "".join(
            f'client.messages.create(model="claude-2.0", max_tokens=1, messages=[])  # {s}\n'
            for s in SECRETS.values()
        )
    )
    env = "".join(f"{kind.upper()}_NOTE={secret}\n" for kind, secret in SECRETS.items())
    (root / ".env").write_text(env + "CHAT_MODEL=claude-2.0\n" + env)


def _logs(path: Path) -> None:
    entries = []
    for i, (kind, secret) in enumerate(SECRETS.items()):
        entries.append(
            {
                "insertId": f"sweep{i}",
                "logName": "projects/p/logs/run.googleapis.com%2Fstderr",
                "resource": {
                    "type": "cloud_run_job",
                    "labels": {"job_name": "sweep-job", "location": "us-central1"},
                },
                "severity": "ERROR",
                "textPayload": f"Traceback (most recent call last):\nRuntimeError: "
                f"marker-{kind} failed with {secret}",
                "timestamp": f"2026-11-22T10:{i:02d}:00Z",
            }
        )
        entries.append(
            {
                "insertId": f"sweepj{i}",
                "logName": "projects/p/logs/run.googleapis.com%2Fstdout",
                "resource": {"type": "cloud_run_job", "labels": {"job_name": "sweep-job"}},
                "severity": "ERROR",
                "jsonPayload": {"message": f"marker-{kind} job failed", "detail": secret},
                "timestamp": f"2026-11-22T11:{i:02d}:00Z",
            }
        )
    path.write_text(json.dumps(entries))


def test_sweep_code_env_and_log_exports(tmp_path: Path) -> None:
    project = tmp_path / "project"
    _project(project)
    logs = tmp_path / "logs.json"
    _logs(logs)
    shown = 0
    for fmt in FORMATS:
        out = run(
            "diagnose", str(project), "--evidence", str(logs), "--format", fmt, "--as-of", AS_OF
        )
        assert out.returncode in (0, 1, 3), out.stderr
        assert_clean(out.stdout + out.stderr, f"diagnose --format {fmt}")
        shown += out.stdout.count("marker-")
    assert shown  # the lines that held secrets were shown, masked
    fix = run("fix", str(project), "--as-of", AS_OF)
    assert "claude-2.0" in fix.stdout
    assert_clean(fix.stdout + fix.stderr, "fix")
    # every model line, each holding one secret, was printed (masked) in the diff
    assert fix.stdout.count("-client.messages.create(") == len(SECRETS)
    applied = run("fix", str(project), "--apply", "--as-of", AS_OF)
    assert_clean(applied.stdout + applied.stderr, "fix --apply")


def _plant_redis(url: str) -> None:
    import redis

    r = redis.Redis.from_url(url)
    r.flushdb()
    secrets = list(SECRETS.values())
    r.sadd("rq:queues", "rq:queue:sweep")
    for i, secret in enumerate(secrets):
        job = f"job-{i}"
        r.rpush("rq:queue:sweep", job)
        r.zadd("rq:failed:sweep", {job: 1_700_000_000 + i})
        r.hset(
            f"rq:job:{job}",
            mapping={
                "status": "failed",
                "origin": "sweep",
                "description": f"tasks.send(marker-{i}, {secret!r}, key={secret!r})",
                "enqueued_at": "2026-11-22T10:00:00.000000Z",
                "ended_at": "2026-11-22T10:01:00.000000Z",
                "exc_info": zlib.compress(
                    f"Traceback (most recent call last):\nValueError: marker-{i} {secret}".encode()
                ),
                "data": secret,
            },
        )
    r.sadd("rq:workers", "rq:worker:w-sweep")
    r.hset(
        "rq:worker:w-sweep",
        mapping={
            "state": "busy",
            "queues": "sweep",
            "last_heartbeat": "2026-11-22T00:00:00.000000Z",
            "current_job": "job-0",
            "pid": "4242",
            "hostname": secrets[1],
        },
    )


def test_sweep_redis_values_and_job_args(redis_server: RedisServer, tmp_path: Path) -> None:
    url = f"redis://127.0.0.1:{redis_server.port}/3"
    _plant_redis(url)
    for fmt in FORMATS:
        out = run("diagnose", "--no-code", "--redis", url, "--format", fmt, "--as-of", AS_OF)
        assert out.returncode in (0, 1, 3), out.stderr
        assert_clean(out.stdout + out.stderr, f"diagnose --redis --format {fmt}")
    snap = tmp_path / "snap.json"
    out = run("snapshot", "--redis", url, "-o", str(snap))
    assert out.returncode == 0, out.stderr
    text = snap.read_text()
    assert "marker-" in text or "job-" in text
    assert_clean(text + out.stdout + out.stderr, "snapshot file")
    for fmt in FORMATS:
        again = run(
            "diagnose", "--no-code", "--evidence", str(snap), "--format", fmt, "--as-of", AS_OF
        )
        assert_clean(again.stdout + again.stderr, f"diagnose snapshot --format {fmt}")


def test_x001_messages_do_not_leak(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    payload = " ".join(SECRETS.values()).replace('"', "'")
    broken.write_text('[{"textPayload": "' + payload + '", "severity": ')
    out = run("diagnose", "--no-code", "--evidence", str(broken), "--as-of", AS_OF)
    assert "X001" in out.stdout
    assert_clean(out.stdout + out.stderr, "X001")
    bad_url = "redis://u:" + NEEDLES["url"] + "@127.0.0.1:1/0"
    unreachable = run("diagnose", "--no-code", "--redis", bad_url, "--timeout", "2")
    assert "X001" in unreachable.stdout
    assert_clean(unreachable.stdout + unreachable.stderr, "unreachable Redis")


def test_token_counts_are_numbers_not_credentials() -> None:
    # `max_tokens=300` in a model call is a budget; `api_token=...` is a credential.
    from opsdoc.redact import redact

    text = '{"max_tokens": 300, "input_tokens": 5, "api_token": "abcd1234efgh"}'
    assert redact(text) == '{"max_tokens": 300, "input_tokens": 5, "api_token": "***"}'


def test_prose_after_an_ordinary_name_is_not_a_session_value() -> None:
    # A finding summary names a function, then goes on in words: nothing to mask.
    from opsdoc.redact import redact

    prose = "`loop.create_task` in close_http_session: its result is discarded"
    assert redact(prose) == prose
    assert redact("session: 4f9a2c1d8e7b") == "session: ***"
    assert redact("sid=Xk9QmR2") == "sid=***"
    assert redact("password: hunter") == "password: ***"
