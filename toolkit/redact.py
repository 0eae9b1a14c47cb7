"""Secret redaction: applied to every quote and detail before it reaches output.

Evidence quotes come from log lines, configs and URLs, which routinely hold
credentials. Redaction happens where quotes are made, so no renderer can forget.

Secrets are found by their structure, not by a list of known values:

- PEM blocks (``-----BEGIN ... -----END ...-----``), masked whole, also when their
  newlines are JSON-escaped (a service-account key file quoted in a log line);
- URL userinfo (``scheme://user:password@host``), whatever the password holds,
  ``/`` and ``@`` included;
- JWTs (three base64url parts, the first starting ``eyJ``);
- known key prefixes: ``sk-ant-``, ``sk-``, ``AIza``, ``ya29.``, GitHub, GitLab,
  Slack, Hugging Face, SendGrid and npm tokens, AWS access key IDs
  (``AKIA``/``ASIA``...);
- ``Authorization: Bearer/Basic`` values and cookie headers;
- values of fields named like ``*_key``, ``*secret*``, ``password``, ``passwd``,
  ``token``, ``credentials``, ``private_key_id``, ``session``/``sessionid``/``sid``;
- long base64 runs (a PEM body line on its own).

Cost is linear in the text: each detector finds its hits with one left-to-right
search anchored on literal text, every hit is turned into a span, and the text is
rebuilt once from the spans. Nothing backtracks over a long run of characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

MASK = "***"

KINDS = (
    "PEM private key block",
    "URL userinfo password",
    "JWT",
    "Anthropic key (sk-ant-)",
    "OpenAI-style key (sk-)",
    "Google API key (AIza)",
    "Google OAuth token (ya29.)",
    "GitHub token (ghp_/gho_/ghu_/ghs_/ghr_/github_pat_)",
    "GitLab token (glpat-)",
    "Slack token (xox?-)",
    "Hugging Face token (hf_)",
    "SendGrid key (SG.)",
    "npm token (npm_)",
    "AWS access key ID (AKIA/ASIA)",
    "Authorization Bearer/Basic value",
    "Cookie / Set-Cookie header value",
    "secret-named field value (*_key, *secret*, password, token, credentials, session)",
    "bare base64 run of 56+ characters (PEM body line)",
)
"""The kinds of secret masked, for documentation and the sweep test."""


# (pattern, number of leading characters kept) - the hit is masked after the kept prefix.
def _token(literal: str, rest: str) -> re.Pattern[str]:
    """``literal`` + ``rest`` starting a token; the literal comes first so the regex
    engine can skip ahead to it instead of trying every position."""
    return re.compile(re.escape(literal) + f"(?<![A-Za-z0-9_-]{re.escape(literal)})" + rest)


# (pattern, number of leading characters kept) - the hit is masked after the kept prefix.
_PREFIXED: tuple[tuple[re.Pattern[str], int], ...] = (
    (_token("sk-ant-", r"[A-Za-z0-9_-]{8,}"), 7),
    (_token("sk-", r"(?!ant-)(?:proj-)?[A-Za-z0-9_-]{20,}"), 3),
    (_token("AIza", r"[0-9A-Za-z_-]{30,}"), 4),
    (_token("ya29.", r"[A-Za-z0-9_.-]{20,}"), 5),
    (_token("gh", r"[pousr]_[A-Za-z0-9]{20,}"), 0),
    (_token("github_pat_", r"[A-Za-z0-9_]{20,}"), 0),
    (_token("glpat-", r"[A-Za-z0-9_-]{16,}"), 6),
    (_token("xox", r"[abposr]-[A-Za-z0-9-]{10,}"), 0),
    (_token("hf_", r"[A-Za-z0-9]{20,}"), 3),
    (_token("SG.", r"[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}"), 3),
    (_token("npm_", r"[A-Za-z0-9]{30,}"), 4),
    (_token("AKIA", r"[A-Z0-9]{16}(?![A-Za-z0-9])"), 0),
    (_token("ASIA", r"[A-Z0-9]{16}(?![A-Za-z0-9])"), 0),
    # JWT: header.payload[.signature]; the header always starts {" -> eyJ.
    (_token("eyJ", r"[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?"), 0),
)

# Searched in the lower-cased text, one literal each so the search skips ahead.
_AUTH = tuple(
    re.compile(word + f"(?<![a-z0-9]{word})" + r"\s+(?=[A-Za-z0-9._~+/=-]{8})")
    for word in ("bearer", "basic", "token")
)
_AUTH_VALUE = re.compile(r"[A-Za-z0-9._~+/=-]+")

_COOKIE = re.compile(r"cookie(?<![a-z0-9_]cookie)[\"']?\s*[:=]\s*")
_COOKIE_VALUE = re.compile(r"[^\"'\r\n]+")

_PEM_BEGIN = "-----BEGIN"
_PEM_END = "-----END"

_BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{56,}={0,2}")

# A field name that ends with one of these words (an optional plural/_id suffix
# allowed; "tokens" is a count, as in max_tokens) names a secret; "secret" may stand anywhere in it. The short words
# (session, sid, auth) only as the whole name or its last part.
_SECRET_NAME = re.compile(
    r"secret|(?:password|passwd|passphrase|pwd|api[_-]?key|apikey|access[_-]?key|"
    r"private[_-]?key|credentials?|_key|(?:^|[^a-z0-9])(?:session|sessionid|sid|auth))"
    r"(?:s|_?ids?)?$|token(?:_?ids?)?$"
)
# Token counts of model APIs (max_tokens, input_tokens, total_tokens...) are numbers,
# not credentials.
_TOKEN_COUNT = re.compile(
    r"(?:max|min|num|n|input|output|prompt|completion|total|cache\w*|budget|context)_?tokens?$"
)
_ASSIGN_AT = re.compile(r"[:=]")
# An unquoted value; a ':' or '=' followed by a space or quote ends it (another field).
_UNQUOTED_VALUE = re.compile(
    r"(?:[^\"'\s,;&}\]:=]|[:=](?=[^\s\"']))(?:[^\"'\s,;&}\]:=]|[:=](?=[^\s\"']))+"
)
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_ALWAYS_NAME = (
    "secret",
    "password",
    "passwd",
    "passphrase",
    "credential",
    "private",
    "api",
    "token",
)
_NOT_VALUES = frozenset(
    {"str", "bytes", "int", "none", "null", "bool", "true", "false", "optional"}
)
_MAX_NAME = 80
_NAME_BEFORE = re.compile(r"(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]+$")

_URL_TERMINATORS = re.compile(r"[\s\"'<>`]")


def _prefixed(text: str) -> Iterator[tuple[int, int]]:
    for pattern, keep in _PREFIXED:
        for m in pattern.finditer(text):
            yield m.start() + keep, m.end()


def _pem(text: str) -> Iterator[tuple[int, int]]:
    pos = text.find(_PEM_BEGIN)
    while pos >= 0:
        end = text.find(_PEM_END, pos)
        if end < 0:
            yield pos, len(text)  # a cut-off block: everything after BEGIN is key material
            return
        close = text.find("-----", end + len(_PEM_END))
        stop = len(text) if close < 0 else close + 5
        yield pos, stop
        pos = text.find(_PEM_BEGIN, stop)


def _urls(text: str) -> Iterator[tuple[int, int]]:
    if "://" not in text or "@" not in text:
        return
    ats = [m.start() for m in re.finditer("@", text)]
    terms = [m.start() for m in _URL_TERMINATORS.finditer(text)]
    pos = text.find("://")
    while pos >= 0:
        start = pos + 3
        t = bisect_left(terms, start)
        term = terms[t] if t < len(terms) else len(text)
        a = bisect_left(ats, term) - 1  # the last '@' before the URL ends
        if a >= 0 and ats[a] >= start:
            at = ats[a]
            colon = text.find(":", start, at)
            user_end = at if colon < 0 else colon
            user = text[start:user_end]
            if not any(c in user for c in "/?#"):
                # user:password -> keep the user; a lone user part is often a token
                yield (colon + 1 if colon >= 0 else start), at
                pos = text.find("://", at)
                continue
        pos = text.find("://", start)


def _auth(text: str, low: str) -> Iterator[tuple[int, int]]:
    for pattern in _AUTH:
        for m in pattern.finditer(low):
            v = _AUTH_VALUE.match(text, m.end())
            if v:
                yield v.start(), v.end()


def _cookies(text: str, low: str) -> Iterator[tuple[int, int]]:
    for m in _COOKIE.finditer(low):
        v = _COOKIE_VALUE.match(text, m.end())
        if v:
            yield v.start(), v.end()


def _field_name(text: str, op: int) -> str:
    """The field name written just before the ``:``/``=`` at ``op`` ("" if none)."""
    j = op
    while j > 0 and op - j < 8 and text[j - 1] in " \t":
        j -= 1
    if j > 0 and text[j - 1] in "\"'":
        j -= 1
        if j > 0 and text[j - 1] == "\\":  # a JSON-escaped quote: \"name\":
            j -= 1
    start = max(0, j - _MAX_NAME)
    m = _NAME_BEFORE.search(text, start, j)
    if m is None and j > 0 and text[j - 1] in _NAME_CHARS:
        return text[start:j]  # a name longer than the window: its last characters
    return m.group() if m else ""


def _fields(text: str) -> Iterator[tuple[int, int]]:
    """Values assigned to secret-named fields: found from each ``:`` or ``=`` backwards
    (a bounded look at the name), so the cost stays linear in the text."""
    n = len(text)
    pos = 0
    while True:
        m = _ASSIGN_AT.search(text, pos)
        if m is None:
            return
        op = m.start()
        pos = op + 1
        if op + 1 < n and text[op + 1] in "=/":  # ==, :=... no: "://" and "=="
            continue
        if op > 0 and text[op - 1] in "=!<>":
            continue
        name = _field_name(text, op).lower()
        if not name or _SECRET_NAME.search(name) is None or _TOKEN_COUNT.search(name):
            continue
        vstart = op + 1
        while vstart < n and vstart - op <= 8 and text[vstart] in " \t":
            vstart += 1
        if vstart >= n:
            return
        quote = text[vstart]
        escaped = quote == "\\" and vstart + 1 < n and text[vstart + 1] in "\"'"
        if escaped:  # a JSON-escaped quote: the value ends at the next escaped one
            vstart += 1
            quote = text[vstart]
        if quote in "\"'":
            if escaped:
                close = text.find("\\" + quote, vstart + 1)
            else:
                close = text.find(quote, vstart + 1)
                while close > 0 and text[close - 1] == "\\":
                    close = text.find(quote, close + 1)
            vend = n if close < 0 else close
            if vend - vstart > 1 and not _is_reference(text, vstart + 1, vend, name):
                yield vstart + 1, vend
            pos = max(vend, pos)
            continue
        v = _UNQUOTED_VALUE.match(text, vstart)
        if v is not None and not _is_reference(text, vstart, v.end(), name):
            yield vstart, v.end()
            pos = v.end()


def _is_reference(text: str, start: int, end: int, word: str) -> bool:
    """A value that names where a secret lives (``os.environ[...]``), not the secret.

    Kept for the words that are often ordinary names (``session``, ``sid``, ``auth``,
    ``_key``) so ``cache_key = build(x)`` stays readable; secret words are always masked.
    """
    value = text[start : min(end, start + 200)]
    if value.lower().rstrip(",)]") in _NOT_VALUES:
        return True  # a type annotation or an empty value
    if any(w in word for w in _ALWAYS_NAME):
        return False
    if value.isalpha() and value.islower() and len(value) <= 10:
        return True  # prose after an ordinary name ("close_http_session: its result ...")
    return "(" in value or value[:1] in "{[$"


def redaction_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) spans of ``text`` that hold secrets."""
    spans: list[tuple[int, int]] = []
    if "-----BEGIN" in text:
        spans.extend(_pem(text))
    spans.extend(_urls(text))
    spans.extend(_prefixed(text))
    low = text.lower()
    if len(low) != len(text):  # a character that lower-cases to two: keep offsets exact
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    spans.extend(_auth(text, low))
    spans.extend(_cookies(text, low))
    spans.extend(_fields(text))
    spans.extend((m.start(), m.end()) for m in _BASE64_RUN.finditer(text) if _mixed(m.group()))
    spans = [s for s in spans if s[1] > s[0]]
    if not spans:
        return spans
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def _mixed(run: str) -> bool:
    return (
        any(c.isdigit() for c in run)
        and any(c.isupper() for c in run)
        and any(c.islower() for c in run)
    )


def redact(text: str) -> str:
    """Mask credentials in ``text``; leaves everything else untouched."""
    if not text:
        return text
    spans = redaction_spans(text)
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(MASK)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
