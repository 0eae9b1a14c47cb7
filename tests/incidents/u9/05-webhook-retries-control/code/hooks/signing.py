import hashlib
import hmac
import time


def signature_header(secret: bytes, body: bytes, now: int | None = None) -> str:
    ts = int(now if now is not None else time.time())
    mac = hmac.new(secret, f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"
