"""Cloud Logging v2 ``ListLogEntries`` over exported entries (``gcloud logging read`` JSON).

The fake evaluates the filter the way the Logging query language defines it
(comparisons joined by AND, OR and NOT, where NOT binds tightest, then OR, then AND;
juxtaposition means AND) and sorts by timestamp, so a test can see that the query
really bounds the read. A filter it cannot parse is rejected with INVALID_ARGUMENT,
as the real API rejects it ("Unparseable filter"); a valid construct the fake does
not evaluate (a global restriction, a function) is rejected the same way rather than
ignored, so a test can never pass because a clause was silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import grpc
from google.cloud.logging_v2.types import ListLogEntriesRequest, ListLogEntriesResponse, LogEntry
from google.protobuf import json_format

from fakes.grpcserver import Abort, FakeGrpcServer, Method, paged

SEVERITIES = {
    "DEFAULT": 0,
    "DEBUG": 100,
    "INFO": 200,
    "NOTICE": 300,
    "WARNING": 400,
    "ERROR": 500,
    "CRITICAL": 600,
    "ALERT": 700,
    "EMERGENCY": 800,
}
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<op>>=|<=|!=|=~|!~|[=<>:])
      | (?P<paren>[()])
      | (?P<word>[A-Za-z0-9_.\-+*@/$]+)
    )""",
    re.VERBOSE,
)
KEYWORDS = ("AND", "OR", "NOT")


def entry_from_json(data: dict[str, Any]) -> Any:
    pb = LogEntry.pb()()
    json_format.ParseDict(data, pb, ignore_unknown_fields=True)
    return LogEntry.wrap(pb)


def invalid(message: str) -> Abort:
    return Abort(grpc.StatusCode.INVALID_ARGUMENT, message)


@dataclass
class Token:
    kind: str  # string, op, paren, word, end
    text: str
    column: int


def tokens(flt: str) -> list[Token]:
    out: list[Token] = []
    pos = 0
    while pos < len(flt):
        if flt[pos:].strip() == "":
            break
        m = _TOKEN.match(flt, pos)
        if m is None or m.lastgroup is None:
            column = len(flt) - len(flt[pos:].lstrip()) + 1
            raise syntax_error(column, flt[column - 1])
        text = m.group(m.lastgroup)
        out.append(Token(m.lastgroup, text, m.start(m.lastgroup) + 1))
        pos = m.end()
    out.append(Token("end", "", len(flt) + 1))
    return out


def syntax_error(column: int, token: str) -> Abort:
    return invalid(f"Unparseable filter: syntax error at line 1, column {column}, token '{token}'")


# An expression tree: ("and"|"or", [children]), ("not", child), ("cmp", field, op, values).
Node = tuple[Any, ...]


class Parser:
    def __init__(self, flt: str) -> None:
        self.toks = tokens(flt)
        self.i = 0

    def peek(self) -> Token:
        return self.toks[self.i]

    def take(self) -> Token:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def fail(self) -> Abort:
        tok = self.peek()
        return syntax_error(tok.column, tok.text or "<end of filter>")

    def parse(self) -> Node | None:
        if self.peek().kind == "end":
            return None
        node = self.conjunction()
        if self.peek().kind != "end":
            raise self.fail()
        return node

    def conjunction(self) -> Node:
        parts = [self.disjunction()]
        while True:
            tok = self.peek()
            if tok.kind == "word" and tok.text == "AND":
                self.take()
            elif tok.kind == "end" or tok.text == ")":
                break
            parts.append(self.disjunction())  # juxtaposition is AND
        return ("and", parts) if len(parts) > 1 else parts[0]

    def disjunction(self) -> Node:
        parts = [self.unary()]
        while self.peek().kind == "word" and self.peek().text == "OR":
            self.take()
            parts.append(self.unary())
        return ("or", parts) if len(parts) > 1 else parts[0]

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind == "word" and tok.text == "NOT":
            self.take()
            return ("not", self.unary())
        if tok.text == "(":
            self.take()
            node = self.conjunction()
            if self.take().text != ")":
                self.i -= 1
                raise self.fail()
            return node
        return self.comparison()

    def comparison(self) -> Node:
        field = self.take()
        if field.kind not in ("word", "string") or field.text in KEYWORDS:
            self.i -= 1
            raise self.fail()
        if self.peek().kind != "op":
            if self.peek().text == "(":
                raise invalid(
                    f"Unparseable filter: function {field.text}() at column {field.column} "
                    "is not supported by this test fake"
                )
            raise invalid(
                f"Unparseable filter: global restriction {field.text} at column "
                f"{field.column} is not supported by this test fake"
            )
        op = self.take().text
        return ("cmp", field.text, op, self.values())

    def values(self) -> list[str]:
        tok = self.take()
        if tok.kind == "string":
            return [unquote(tok.text)]
        if tok.kind == "word" and tok.text not in KEYWORDS:
            return [tok.text]
        if tok.text == "(":  # field = ("a" OR "b")
            out = self.values()
            while self.peek().kind == "word" and self.peek().text == "OR":
                self.take()
                out.extend(self.values())
            if self.take().text != ")":
                self.i -= 1
                raise self.fail()
            return out
        self.i -= 1
        raise self.fail()


def unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def parse_filter(flt: str) -> Node | None:
    """The filter's tree, or `Abort` (INVALID_ARGUMENT) for what the API would reject."""
    return Parser(flt).parse()


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _lookup(data: dict[str, Any], field: str) -> Any:
    value: Any = data
    for part in re.findall(r'"[^"]*"|[^.]+', field):
        key = part.strip('"')
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _compare(field: str, have: Any, op: str, want: str) -> bool:
    if have is None:
        return op in ("!=", "!~")
    if field == "timestamp":
        a, b = _when(str(have)), _when(want)
    elif field == "severity" and op in ("<", "<=", ">", ">="):
        a, b = SEVERITIES.get(str(have).upper(), 0), SEVERITIES.get(want.upper(), 0)
    else:
        a, b = str(have).lower(), want.lower()
    if op == "=":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    if op == ":":
        return str(b) in str(a)
    if op in ("=~", "!~"):
        found = re.search(want, str(have)) is not None
        return found if op == "=~" else not found
    return bool({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op])


def matches(node: Node | None, data: dict[str, Any]) -> bool:
    if node is None:
        return True
    kind = node[0]
    if kind == "and":
        return all(matches(n, data) for n in node[1])
    if kind == "or":
        return any(matches(n, data) for n in node[1])
    if kind == "not":
        return not matches(node[1], data)
    _, field, op, values = node
    have = _lookup(data, field)
    return any(_compare(field, have, op, v) for v in values)


def add_logging(server: FakeGrpcServer, entries: list[Any]) -> None:
    def handle(request: Any) -> Any:
        tree = parse_filter(request.filter)
        chosen = [e for e in entries if matches(tree, _as_dict(e))]
        chosen.sort(key=lambda e: e.timestamp, reverse=request.order_by.endswith("desc"))
        page, token = paged(chosen, request, size_default=50)
        return ListLogEntriesResponse(entries=page, next_page_token=token)

    server.add(
        "google.logging.v2.LoggingServiceV2",
        {"ListLogEntries": Method(ListLogEntriesRequest, ListLogEntriesResponse, handle)},
    )


def _as_dict(entry: Any) -> dict[str, Any]:
    return dict(json_format.MessageToDict(LogEntry.pb(entry)))
