"""Connecting to Redis safely: bounded, credential-free in output, explained on failure.

A diagnosis tool talks to production Redis, often in the middle of an incident. So
every socket has a timeout, nothing is retried behind the user's back (a retry
triples the time a hung server can hold the run), and the client announces nothing
(no ``CLIENT SETINFO``, no ``HELLO``): a user limited to ``+@read`` must be enough, and
connecting costs no round trip beyond ``AUTH`` and ``SELECT`` when the URL asks for them.
"""

from __future__ import annotations

import importlib.util
from typing import Any
from urllib.parse import unquote, urlsplit

from opsdoc.redact import redact

SCHEMES = ("redis", "rediss", "unix")


class UrlError(ValueError):
    """A URL we cannot use; the message is safe to print."""


MAX_REPLY_BYTES = 8 << 20
"""Largest single value read from Redis: a job id, a worker hash field or a traceback
is far smaller, and a server announcing gigabytes must not get them into memory."""
MAX_REPLY_ITEMS = 2_000_000
"""Most elements accepted in one array reply."""
MAX_REPLY_LINE = 64 << 10
"""Longest reply line (a status, an error, a length): a few dozen bytes from a real
server; one that never ends must not fill the memory while the deadline runs."""


class ReplyTooLarge(Exception):
    """A reply over the caps; the connection must be reopened before its next use."""

    def __init__(self, size: int, unit: str) -> None:
        if unit == "line":
            cap = f"{MAX_REPLY_LINE >> 10} KB"
            text = f"a reply line with no end in its first {cap}, over the {cap} limit"
        else:
            text = f"a reply of {size:,} {unit}, over the {_cap(unit)} limit"
        super().__init__(text)
        self.size = size


def _cap(unit: str) -> str:
    return f"{MAX_REPLY_BYTES >> 20} MB" if unit == "bytes" else f"{MAX_REPLY_ITEMS:,}-element"


def _capped_line(buffer: Any, kwargs: dict[str, Any]) -> bytes:
    """``buffer.readline()`` (redis-py's ``SocketBuffer``) up to `MAX_REPLY_LINE` bytes.

    The stock one reads until CRLF however long that takes, appending to the line
    read so far: memory and time without bound for a line that never ends."""
    data = buffer._buffer.readline(MAX_REPLY_LINE + 2)
    while not data.endswith(b"\r\n"):
        if len(data) > MAX_REPLY_LINE:
            raise ReplyTooLarge(len(data), "line")
        buffer._read_from_socket(**kwargs)
        data += buffer._buffer.readline(MAX_REPLY_LINE + 2 - len(data))
    return data[:-2]


def _capped_parser() -> Any:
    """redis-py's RESP2 parser with the announced size of every reply checked first."""
    from redis._parsers.resp2 import _RESP2Parser

    class CappedParser(_RESP2Parser):  # type: ignore[misc]
        def _read_response(self, disable_decoding: bool = False, timeout: Any = None) -> Any:
            kwargs = {} if timeout is None else {"timeout": timeout}
            buffer: Any = self._buffer
            pos = buffer.get_pos()
            line = _capped_line(buffer, kwargs)
            byte, size = line[:1], line[1:]
            if byte in (b"$", b"*") and size.isdigit():
                n = int(size)
                if byte == b"$" and n > MAX_REPLY_BYTES:
                    raise ReplyTooLarge(n, "bytes")
                if byte == b"*" and n > MAX_REPLY_ITEMS:
                    raise ReplyTooLarge(n, "elements")
            buffer.rewind(pos)  # in bounds: the stock parser reads it from the start
            return super()._read_response(disable_decoding=disable_decoding, **kwargs)

    return CappedParser


def display_url(url: str) -> str:
    """The URL without its password or query string: what refs and messages show.

    Refs end up in reports, tickets and snapshot files, so the password is dropped
    (not merely masked) and so are query parameters, which may carry one too.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return redact(url)
    scheme = parts.scheme or "redis"
    if scheme == "unix":
        return f"unix://{parts.path}"
    try:
        host = parts.hostname or "localhost"
        port = parts.port or 6379
    except ValueError:
        return redact(f"{scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}")
    if ":" in host:
        host = f"[{host}]"
    user = unquote(parts.username) + "@" if parts.username else ""
    return f"{scheme}://{user}{host}:{port}/{database(url)}"


def database(url: str) -> int:
    """The database index the URL selects (path or ``?db=``), 0 by default."""
    parts = urlsplit(url.strip())
    path = parts.path.strip("/")
    if path.isdigit():
        return int(path)
    for item in parts.query.split("&"):
        key, _, value = item.partition("=")
        if key == "db" and value.isdigit():
            return int(value)
    return 0


def check_url(url: str) -> None:
    """Reject what redis-py would fail on obscurely, with a message naming the fix."""
    try:
        parts = urlsplit(url.strip())
        _ = parts.port
    except ValueError as exc:
        raise UrlError(f"not a valid Redis URL ({exc})") from None
    if parts.scheme not in SCHEMES:
        raise UrlError(
            "not a Redis URL: expected redis://[user:password@]host[:port][/db], "
            "rediss:// for TLS or unix:///path/to/socket"
        )
    if parts.scheme != "unix" and not parts.hostname:
        raise UrlError("the URL has no host: expected redis://host:port/db")


def open_client(url: str, timeout_s: float) -> Any:
    """A redis-py client whose every connect and read gives up after ``timeout_s``."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    check_url(url)
    # No CLIENT SETINFO on connect: redis-py >= 7 spells it driver_info, older lib_name.
    quiet: dict[str, Any] = (
        {"driver_info": None}
        if importlib.util.find_spec("redis.driver_info") is not None
        else {"lib_name": None, "lib_version": None}
    )
    return redis.Redis.from_url(
        url.strip(),
        # RESP2 needs no handshake: RESP3 (redis-py 8's default) costs a HELLO round trip,
        # and a CLIENT MAINT_NOTIFICATIONS one that a +@read user may not run anyway.
        protocol=2,
        socket_timeout=timeout_s,
        socket_connect_timeout=timeout_s,
        retry=Retry(NoBackoff(), 0),
        retry_on_timeout=False,
        health_check_interval=0,
        **quiet,
        decode_responses=False,
        single_connection_client=True,
        parser_class=_capped_parser(),
    )


def explain(exc: BaseException, url: str, timeout_s: float) -> str:
    """One line saying what failed and what to check; never the password."""
    import redis.exceptions as rex

    where = display_url(url)
    detail = _scrub(str(exc), url)
    if isinstance(exc, UrlError):
        return str(exc)
    if isinstance(exc, rex.AuthenticationError):
        return (
            "authentication failed: check the username and password in the URL "
            "(REDIS_URL or --redis)"
        )
    if isinstance(exc, rex.NoPermissionError):
        return (
            f"permission denied ({detail}): the Redis user needs read access to the rq:* "
            "keys, e.g. ACL SETUSER <user> on ~rq:* +@read (+select for a database other than 0)"
        )
    if isinstance(exc, rex.TimeoutError | TimeoutError):
        return (
            f"no answer from {where} within {timeout_s:g} s: check that host and port are a "
            "Redis server reachable from here (firewall, VPC, TLS needs rediss://), "
            "or raise --timeout"
        )
    if isinstance(exc, rex.ConnectionError | OSError):
        return (
            f"cannot connect to {where} ({detail}): check that Redis is running and reachable "
            "from here, and the host, port and scheme (rediss:// for TLS)"
        )
    if isinstance(exc, rex.ResponseError):
        return f"Redis refused a read ({detail}): check the user's ACL and the database index"
    return f"unexpected error reading {where}: {type(exc).__name__}: {detail}"


def _scrub(text: str, url: str) -> str:
    """Remove the URL's password even where redis-py echoes it outside a URL."""
    try:
        password = urlsplit(url.strip()).password
    except ValueError:
        password = None
    if password:
        text = text.replace(password, "***").replace(unquote(password), "***")
    return redact(text)
