"""Secret redaction: applied to every quote and detail before it reaches output.

Evidence quotes come from log lines, configs and URLs, which routinely hold
credentials. Redaction happens where quotes are made, so no renderer can forget.
"""

from __future__ import annotations

import re

MASK = "***"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # user:password@host in any URL scheme (redis://, rediss://, postgres://, https://).
    (
        re.compile(
            r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]{0,30}://)(?P<user>[^:/@\s]*):(?P<pw>[^@/\s]+)@"
        ),
        r"\g<scheme>\g<user>:" + MASK + "@",
    ),
    # Anthropic, OpenAI-style, Google API keys, GitHub and Slack tokens.
    (re.compile(r"sk-ant-[A-Za-z0-9_-]{8,}"), "sk-ant-" + MASK),
    (re.compile(r"\bsk-[A-Za-z0-9]{20,}"), "sk-" + MASK),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{30,}"), "AIza" + MASK),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{20,}"), MASK),
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"), MASK),
    (re.compile(r"\bya29\.[A-Za-z0-9_.-]{20,}"), "ya29." + MASK),
    # Authorization headers and bearer tokens.
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 " + MASK),
    # key=value / "key": "value" where the key names a secret.
    (
        re.compile(
            r"(?i)(?P<k>[\"']?[A-Za-z0-9_.-]{0,64}(?:password|passwd|secret|token|api[_-]?key|apikey|"
            r"access[_-]?key|private[_-]?key|credentials?)[\"']?\s*[:=]\s*)(?P<q>[\"']?)(?P<v>[^\"'\s,;&]{3,})"
        ),
        r"\g<k>\g<q>" + MASK,
    ),
)


def redact(text: str) -> str:
    """Mask credentials in ``text``; leaves everything else untouched.

    A search before each substitution: most texts hold no secret, and ``sub`` with
    a group template costs a Python-level call per pattern even when nothing matches.
    """
    if not text:
        return text
    for pattern, replacement in _PATTERNS:
        if pattern.search(text) is not None:
            text = pattern.sub(replacement, text)
    return text
