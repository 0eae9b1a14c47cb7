import base64
import hashlib
import hmac


def valid_signature(secret: str, body: bytes, header: str | None) -> bool:
    if not secret or not header:
        return False
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), header)
