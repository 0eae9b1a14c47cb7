"""Find Anthropic model IDs in code, config files and log lines.

Pure functions (no I/O): sources hand them text and get `ModelRef`s back. Only
strings that are a whole model ID count, so prose that mentions Claude, product
names like ``claude-code`` and URLs are never flagged. Whether an ID is retired,
deprecated or invented is for the checks to judge.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from opsdoc.evidence import CodeSite, ModelRef, Ref
from opsdoc.models.catalog import Catalog, load_catalog
from opsdoc.redact import redact

SOURCE = "code"
MODEL_SITE = "model-id"
"""`CodeSite.kind` of the line a model ID sits on (lets a check spell out a diff)."""

# A model-ID-shaped token inside free text (config values, Dockerfile ENV, JSON).
_TOKEN = re.compile(
    r"(?<![\w.\-/])(?:(?:[a-z]{2,6}(?:-[a-z]+)?\.)?anthropic\.claude-[a-z0-9.\-]+(?::\d+)?"
    r"|claude-[a-z0-9.\-]+(?:@\d{8})?)"
)
_ARN_TOKEN = re.compile(r"arn:aws[a-z-]*:bedrock:[^\s\"'/]*/[^\s\"',;]+")
_COMMENT_LINE = re.compile(r"^\s*(?:#|//|;|--)")
# 404s from the Anthropic API: ``'type': 'not_found_error', 'message': 'model: claude-...'``.
_NOT_FOUND = re.compile(r"not_found_error|NotFoundError|\b404\b|not found", re.I)
_MODEL_IN_ERROR = re.compile(r"\bmodel:\s*\\?['\"]?(?P<id>[A-Za-z0-9][A-Za-z0-9._:@/\-]*)")
_EDGE_PUNCT = " \t.:/,;"


def _clean(token: str) -> str:
    return token.rstrip(".-,;:")


def _whole_id(text: str, catalog: Catalog) -> str | None:
    """``text`` when the whole string is a model ID (or a Bedrock ARN naming one)."""
    if "claude" not in text:
        return None
    candidate = text.strip()
    if catalog.looks_like_model_id(candidate):
        return candidate
    trimmed = candidate.strip(_EDGE_PUNCT)
    if trimmed != candidate and catalog.looks_like_model_id(trimmed):
        return trimmed
    return None


def model_refs_in_python(source: str, path: str) -> list[ModelRef]:
    """Model IDs in string literals anywhere in a module: assignments, defaults, dict
    values, keyword arguments, and constant parts of f-strings.

    Comments are ignored (commented-out code does not run). A file that does not
    parse is scanned as text instead, so a syntax error never hides a retired ID.
    """
    catalog = load_catalog()
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return model_refs_in_text(source, path, "code")
    found: dict[tuple[int, str], ModelRef] = {}
    for node in ast.walk(tree):
        parts: Iterable[ast.AST]
        if isinstance(node, ast.JoinedStr):
            parts = node.values
        elif isinstance(node, ast.Constant):
            parts = (node,)
        else:
            continue
        for part in parts:
            if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                continue
            model_id = _whole_id(part.value, catalog)
            if model_id is None:
                continue
            line = getattr(node, "lineno", 0) or 0
            found.setdefault(
                (line, model_id), ModelRef(Ref(SOURCE, f"{path}:{line}"), model_id, "code")
            )
    return [found[k] for k in sorted(found)]


def model_refs_in_text(text: str, path: str, context: str) -> list[ModelRef]:
    """Model IDs in a config or deploy file (.env, YAML, TOML, JSON, Dockerfile ENV, shell).

    Tokens must stand alone (not part of a longer word or path) and look like a model
    ID; full-line comments are skipped. ``context`` is recorded as given (``config``,
    ``env``...).
    """
    catalog = load_catalog()
    refs: list[ModelRef] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "claude" not in line or _COMMENT_LINE.match(line):
            continue
        seen: set[str] = set()
        tokens = [m.group(0) for m in _ARN_TOKEN.finditer(line)]
        spans = [m.span() for m in _ARN_TOKEN.finditer(line)]
        for match in _TOKEN.finditer(line):
            if any(a <= match.start() < b for a, b in spans):
                continue
            tokens.append(match.group(0))
        for token in tokens:
            model_id = _clean(token)
            if model_id in seen or not catalog.looks_like_model_id(model_id):
                continue
            seen.add(model_id)
            refs.append(ModelRef(Ref(SOURCE, f"{path}:{number}"), model_id, context))
    return refs


def model_refs_in_log(message: str, ref: Ref) -> list[ModelRef]:
    """Model IDs that a log line says were not found (the API's 404 ``not_found_error``).

    The ID is taken as written, Anthropic-shaped or not: the checks decide whether it
    is retired, invented, or a real model the key cannot reach.
    """
    if "model" not in message or not _NOT_FOUND.search(message):
        return []
    refs: list[ModelRef] = []
    for match in _MODEL_IN_ERROR.finditer(message):
        model_id = match.group("id").rstrip(".,;:\\'\"}")
        if model_id and model_id not in {r.model_id for r in refs}:
            refs.append(ModelRef(ref, model_id, "log"))
    return refs


def model_id_sites(refs: Iterable[ModelRef], text: str) -> list[CodeSite]:
    """One ``model-id`` `CodeSite` per line holding a model ID, with the line itself.

    Checks cannot read files, yet a fix diff needs the exact line; sources that want
    diffs in findings add these records next to the refs. The line keeps its
    indentation (attr ``text``) and is redacted.
    """
    lines = text.splitlines()
    sites: dict[str, CodeSite] = {}
    for ref in refs:
        path, _, number = ref.ref.location.rpartition(":")
        if not number.isdigit() or not 0 < int(number) <= len(lines):
            continue
        raw = lines[int(number) - 1]
        if len(raw) > 400 or ref.ref.location in sites:
            continue
        safe = redact(raw)
        sites[ref.ref.location] = CodeSite(
            ref=ref.ref,
            kind=MODEL_SITE,
            path=path,
            line=int(number),
            snippet=safe.strip()[:200],
            attrs=(("model_id", ref.model_id), ("text", safe)),
        )
    return list(sites.values())
