"""The ``code`` source: facts from the project's Python code and deploy/config files.

The source extracts facts (`CodeSite` records), it never judges them: checks
decide whether a blocking wait matters by correlating it with a job context.
Reading is cheap first (a bytes pre-filter picks which Python files are worth
parsing) because ``opsdoc diagnose`` runs on every project, large or small.
"""

from __future__ import annotations

import gc
import io
import re
import time
import tokenize
from collections.abc import Sequence
from dataclasses import replace

from opsdoc.evidence import CodeSite, Record
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult
from opsdoc.sources.code.blocking import CLIENTS, blocking_in_async
from opsdoc.sources.code.configs import scan_config
from opsdoc.sources.code.enqueues import enqueue_sites
from opsdoc.sources.code.facts import JOB_CONTEXT, dedupe, sort_key
from opsdoc.sources.code.link import link, suffix_match
from opsdoc.sources.code.logconf import unconfigured
from opsdoc.sources.code.prefetch import Prefetch, Read, can_fork, read_file
from opsdoc.sources.code.prefilter import Prefilter, Triggers
from opsdoc.sources.code.pyindex import ModuleIndex, module_name
from opsdoc.sources.code.pyscan import ParseFailure, PyModule, Reducer, analyze, parse
from opsdoc.sources.code.slicing import Reduced, reduce_source
from opsdoc.sources.code.suppress import suppressions
from opsdoc.sources.code.swallow import swallowed_exceptions
from opsdoc.sources.code.walk import SKIPPED, ProjectFile, iter_files, read_bytes

__all__ = ["CodeSource", "scan_python", "worth_parsing"]

PY_NEEDLES = (
    b".result(",
    b".work(",
    b"forever",
    b"pause(",
    b".wait(",
    b"Future(",
    b"create_future",
    b"CLOUD_RUN_",
    b"urlpatterns",
    b"outer",  # APIRouter, include_router
    b"lueprint",  # Blueprint, register_blueprint
    b"FastAPI",
    b"Flask",
    b"Thread",
    b"_task",  # create_task, add_task
    b"ensure_future",
    b".submit(",
    b"opsdoc:",
    b"async def",  # blocking calls in coroutines
    b"run_coroutine_threadsafe",
    b"run_until_complete",
    b"enqueue",  # job code, for swallowed exceptions (callees load on demand)
    b".delay(",
    b".apply_async(",
    b"subscribe(",
    b"Handler(",  # logging configuration
    b"basicConfig",
    b"dictConfig",
    b"fileConfig",
    b"propagate",
    b"logging.disable",
    b"loguru",
    b"structlog",
)
"""Substrings without which a Python file cannot hold a fact (besides routes and loops)."""
PY_TASK_DECORATOR = re.compile(rb"@[\w.]*\b(?:job|task|shared_task|actor|periodic_task|db_task)\b")
PY_ROUTE = re.compile(rb"@\w+\.(?:get|post|put|patch|delete|head|options|trace|route|api_route)\(")
PY_LOOP = re.compile(rb"while\s+(?:True\b|1\b|not\b|[\w.]+\s*:|[\w.]+\(\)\s*:)")
PY_CONSUME = re.compile(
    rb"\.(?:pull|receive\w*|blpop|brpop\w*|blmove|xread\w*|bzpop\w+|consume|poll|fetch"
    rb"|dequeue\w*|get)\("
    rb"|sleep\("  # keep-alive and polling loops that nothing ends
)


TRIGGERS = Triggers(PY_NEEDLES, (PY_ROUTE, PY_TASK_DECORATOR), PY_LOOP, PY_CONSUME)
"""The specification of `worth_parsing`; `worth_parsing_reference` reads it literally."""
_PREFILTER = Prefilter(TRIGGERS)


def worth_parsing(data: bytes) -> bool:
    """The cheap pre-filter: true exactly when a needle, route, task or loop is present.

    One scan per trigger would read each file some 35 times; `Prefilter` reads it
    about once and answers exactly as ``worth_parsing_reference(data, TRIGGERS)``.
    """
    return _PREFILTER(data)


CLIENT_ROOTS = tuple(
    sorted({name.partition(".")[0].encode() for name in CLIENTS} | {b"google.cloud"})
)
"""Libraries whose synchronous clients `blocking` knows (``from app.llm import client``)."""
BLOCKING_ROOTS = (*CLIENT_ROOTS, b"requests", b"httpx", b"urllib", b"subprocess", b"sleep(")
"""What a module must name for a coroutine's call into it to be followed (A001): its
clients, or a blocking call of its own in a synchronous helper."""


def _every_file(data: bytes) -> bool:
    """The pre-filter switched off: every Python file is parsed."""
    return True


def decode_python(data: bytes) -> str:
    """Text of a Python file, honouring its coding cookie (PEP 263)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        reason = exc.msg if isinstance(exc, SyntaxError) else str(exc).split(":")[0]
        raise ParseFailure(f"cannot decode as Python source: {reason}") from None


def reduce_python(data: bytes) -> Reduced | None:
    """What a file to parse is cut down to; None when it stays whole or does not decode
    (parsing it whole then reports why)."""
    try:
        return reduce_source(decode_python(data))
    except ParseFailure:
        return None


def scan_python(source: str, path: str) -> list[CodeSite]:
    """Facts of one Python module on its own; never raises, returns [] for garbage."""
    try:
        mod = analyze(source, path)
        own = {mod.index.module: mod.index}

        def load(ref: str) -> ModuleIndex | None:
            found = suffix_match(ref, own)
            return own[found] if found else None

        sites = [*mod.sites, *link([(mod.index, mod.web)], load)]
        if mod.index.mentions("async def"):
            sites.extend(blocking_in_async(mod.index, load))
        sites.extend(swallowed_exceptions([mod.index], load))
        sites.extend(unconfigured([mod.index], sites))
        sites.extend(suppressions(path, source, mod.index.lines))
    except (ParseFailure, RecursionError, MemoryError):
        return []
    return sorted(dedupe(sites), key=sort_key)


class CodeSource:
    """Scans the project directory (``opsdoc diagnose PATH``)."""

    name = "code"

    def __init__(
        self,
        root: str,
        timeout_s: float = 60.0,
        reduce: bool = True,
        prefilter: bool = True,
        *,
        only: Sequence[str] = (),
        exclude: Sequence[str] = (),
    ) -> None:
        self.root = root
        self.timeout_s = timeout_s
        self.reduce = reduce
        """Parse only the definitions that can seed a fact (`slicing`); False parses whole files."""
        self.prefilter = prefilter
        """Parse only files holding a trigger (`worth_parsing`); False parses every Python file.

        Both switches only change the cost of a scan, never its facts: the tests run every
        fixture with both off and compare."""
        self.only = list(only)
        """Files or directories (relative to `root`) to scan; empty: all of `root`."""
        self.exclude = list(exclude)
        """Paths and globs (relative to `root`) never scanned."""

    def collect(self, ctx: SourceContext) -> SourceResult:
        budget = min(self.timeout_s, ctx.deadline_s)
        scan = _Scan(self.root or ctx.root, budget, self.reduce, self.prefilter)
        scan.only, scan.exclude = self.only, self.exclude
        return scan.run()


class _Scan:
    """One run over a project: state shared by the file pass and the linking pass."""

    def __init__(
        self, root: str, budget_s: float, reduce: bool = True, prefilter: bool = True
    ) -> None:
        self.root = root
        self.reduce = reduce
        self.worth = worth_parsing if prefilter else _every_file
        self.deadline = time.monotonic() + budget_s * 0.9
        self.result = SourceResult()
        self.sites: list[CodeSite] = []
        self.python: dict[str, ProjectFile] = {}
        """module name -> file, for every Python file (parsed or not)."""
        self.parsed: dict[str, PyModule | None] = {}
        """module name -> parsed module (None when it failed)."""
        self.whole: dict[str, ModuleIndex] = {}
        """module name -> index of the whole file, for modules first parsed reduced."""
        self.docker_entries: set[str] = set()
        self.log_candidates: list[ProjectFile] = []
        """Python files that log but hold no other fact: parsed only if L001 needs them."""
        from opsdoc.models.extract import ProjectModels

        self.models = ProjectModels()
        """Model IDs in code and config, and what passes them to a request (M001-M005)."""
        self.files = 0
        self.client_refs: dict[str, str] = {}
        """dotted reference -> project module naming a client library ('' if none)."""
        self.by_last: dict[str, list[str]] | None = None
        """module names by their last component, for suffix matches of references."""
        self.only: list[str] = []
        """Files or directories to scan (relative to the root); empty: everything."""
        self.exclude: list[str] = []

    def run(self) -> SourceResult:
        """The scan, with the cyclic garbage collector paused.

        Parsing allocates hundreds of thousands of AST nodes, none of them in a cycle,
        and every allocation burst triggered a collection that traversed all the trees
        already kept: about a third of a scan's time. Collection resumes afterwards.
        """
        paused = gc.isenabled()
        gc.disable()
        try:
            return self._run()
        finally:
            if paused:
                gc.enable()

    def _run(self) -> SourceResult:
        unreadable: list[tuple[str, str]] = []
        files = list(iter_files(self.root, self.exclude, unreadable))
        if self.only:
            wanted = [o.strip("/") for o in self.only]
            files = [
                f
                for f in files
                if any(w in ("", ".") or f.rel == w or f.rel.startswith(w + "/") for w in wanted)
            ]
            unreadable = [
                (d, why)
                for d, why in unreadable
                if any(w in ("", ".") or f"{d}/".startswith(w + "/") for w in wanted)
                or any(f"{w}/".startswith(d + "/") for w in wanted)
            ]
        self.result.problems += [InputProblem(d, why) for d, why in unreadable]
        self.python = {module_name(f.rel): f for f in files if f.kind == "python"}
        stopped = False
        cut = reduce_python if self.reduce else None
        feed = Prefetch(files, self.worth, cut) if can_fork(files) else None
        try:
            for i, f in enumerate(files):
                if time.monotonic() > self.deadline:
                    stopped = True
                    break
                read = feed.get(i) if feed is not None else None
                self._file(f, read or read_file(f, self.worth, cut))
        finally:
            if feed is not None:
                feed.close()
        web = [(m.index, m.web) for m in list(self.parsed.values()) if m is not None]
        try:
            self.sites.extend(link(web, self._load))
        except RecursionError:
            self.result.problems.append(InputProblem(self.root, "route graph too deep to link"))
        indexes = [m.index for m in list(self.parsed.values()) if m is not None]
        try:
            self.sites.extend(swallowed_exceptions(indexes, self._load))
        except RecursionError:
            self.result.problems.append(InputProblem(self.root, "call graph too deep to follow"))
        try:
            self.sites.extend(self._linked_blocking(indexes))
        except RecursionError:
            self.result.problems.append(InputProblem(self.root, "imports too deep to follow"))
        try:
            self.sites.extend(enqueue_sites(indexes, self._load))
        except RecursionError:
            self.result.problems.append(InputProblem(self.root, "enqueue calls too deep to read"))
        self._parse_loggers_if_needed()
        parsed_now = [m.index for m in list(self.parsed.values()) if m is not None]
        self.sites.extend(unconfigured(parsed_now, self.sites, self._whole))
        self._fill_entries()
        self._tracked_env_files()
        records: list[Record] = [
            *sorted(dedupe(self.sites), key=sort_key),
            *self.models.records(),
        ]
        self.result.records = records
        parsed = sum(1 for m in self.parsed.values() if m is not None)
        self.result.detail = f"{self.files} files, {parsed} parsed, {len(records)} facts"
        if stopped:
            self.result.detail += " (stopped at the time limit)"
        return self.result

    def _file(self, f: ProjectFile, read: Read) -> None:
        if read.problem.startswith(SKIPPED):
            self.result.skipped.append(f"{f.rel} ({read.problem[len(SKIPPED) :]})")
        elif read.problem:
            self.result.problems.append(InputProblem(f.rel, read.problem))
        if not read.has_data:
            return
        self.files += 1
        data = read.data
        if read.models and data is not None:
            try:
                self._model_ids(f, data)
            except (RecursionError, MemoryError):
                reason = "nested too deeply for Python's parser; this file was not scanned"
                self.result.problems.append(InputProblem(f.rel, reason))
                return  # one pathological file costs only itself
        if f.kind == "python":
            if read.parse and data is not None:
                reducer = (lambda _source: read.reduced) if read.cut else None
                try:
                    self._parse(module_name(f.rel), f, data, reducer)
                except (RecursionError, MemoryError):
                    # One pathological file (a 100,000-term expression) costs only itself.
                    self.parsed[module_name(f.rel)] = None
                    reason = "nested too deeply for Python's parser; this file was not scanned"
                    self.result.problems.append(InputProblem(f.rel, reason))
            elif read.logs:
                self.log_candidates.append(f)
            return
        if data is None:
            return
        text = data.decode("utf-8", errors="replace")
        try:
            scan = scan_config(f.kind, f.rel, text, self._resolve_entry)
        except (ValueError, RecursionError) as exc:
            self.result.problems.append(InputProblem(f.rel, f"cannot read: {exc}"))
            return
        self.sites.extend(scan.sites)
        self.sites.extend(suppressions(f.rel, text))
        if scan.docker_entry:
            self.docker_entries.add(scan.docker_entry)

    def _linked_blocking(self, indexes: list[ModuleIndex]) -> list[CodeSite]:
        """Blocking calls on clients made in another project module (``from app.llm import
        client``), which the single-module pass cannot see."""
        out: list[CodeSite] = []
        for idx in indexes:
            if not idx.mentions("async def"):
                continue
            refs = {full for full in idx.imports.values()}
            refs |= {full.rpartition(".")[0] for full in refs}
            if any(self._client_module(ref) for ref in refs if ref):
                out.extend(blocking_in_async(idx, self._load_client_module))
        return out

    def _client_module(self, ref: str) -> str:
        """The project module ``ref`` names if its text names a client library, else ''.

        The answer does not depend on whether the pre-filter parsed the module."""
        found = self.client_refs.get(ref)
        if found is None:
            if self.by_last is None:
                self.by_last = {}
                for name in self.python:
                    self.by_last.setdefault(name.rpartition(".")[2], []).append(name)
            module = suffix_match(ref, self.by_last.get(ref.rpartition(".")[2], ()))
            found = ""
            if module:
                text, _ = read_bytes(self.python[module].abs)
                if text is not None and any(root in text for root in BLOCKING_ROOTS):
                    found = module
            self.client_refs[ref] = found
        return found

    def _load_client_module(self, ref: str) -> ModuleIndex | None:
        """`_load`, for a module that may make a client: one that names no client library
        is not parsed for it (most imports of a large project)."""
        return self._load(ref) if self._client_module(ref) else None

    def _parse_loggers_if_needed(self) -> None:
        """Whether a served app logs with no console handler (L001) is only a question when
        it serves HTTP and configures logging nowhere; only then are the files that merely
        log parsed (most projects never pay for it)."""
        kinds = {s.kind for s in self.sites}
        if "logging-config" in kinds or not kinds & {"http-handler", "service-context"}:
            return
        from opsdoc.sources.code.logconf import quiet_log_calls

        for f in sorted(self.log_candidates, key=lambda c: c.rel):
            if time.monotonic() > self.deadline:
                return
            mod = self._parse(module_name(f.rel), f)
            if mod is not None and quiet_log_calls(mod.index):
                return  # one module that logs unseen is enough to say so

    def _model_ids(self, f: ProjectFile, data: bytes) -> None:
        """Model IDs wherever they hide (M001-M005): code literals, config values, and the
        code that passes them to a request or reads the env var holding them."""
        self.models.add(f.rel, data.decode("utf-8", errors="replace"))

    def _tracked_env_files(self) -> None:
        """``.env`` files that git tracks are deployed with the code even when .gitignore
        lists them (the walk honours .gitignore): read those for model IDs too."""
        from opsdoc.models.extract import tracked_env_files

        for rel, data in tracked_env_files(self.root):
            if b"claude" in data:
                self.models.add(rel, data.decode("utf-8", errors="replace"))

    def _parse(
        self, module: str, f: ProjectFile, data: bytes | None = None, reduce: Reducer | None = None
    ) -> PyModule | None:
        if module in self.parsed:
            return self.parsed[module]
        self.parsed[module] = None
        if data is None:
            data, _ = read_bytes(f.abs)
            if data is None:
                return None
        try:
            source = decode_python(data)
            mod = analyze(source, f.rel, reduce)
        except ParseFailure as exc:
            self.result.problems.append(InputProblem(f.rel, exc.reason))
            return None
        except RecursionError:
            self.result.problems.append(InputProblem(f.rel, "nesting too deep to analyse"))
            return None
        self.parsed[module] = mod
        self.sites.extend(mod.sites)
        self.sites.extend(suppressions(f.rel, source, mod.index.lines))
        return mod

    def _load(self, ref: str) -> ModuleIndex | None:
        """Modules a route points at are parsed on demand (a Django views.py has no trigger)."""
        module = suffix_match(ref, self.python)
        if not module:
            return None
        mod = self._parse(module, self.python[module])
        return self._whole(mod.index) if mod else None

    def _whole(self, idx: ModuleIndex) -> ModuleIndex:
        """The index of the whole file: what another module names may be a left-out part.

        Only the index is kept, not its facts: those of the reduced parse are the same.
        """
        if not idx.reduced:
            return idx
        whole = self.whole.get(idx.module)
        if whole is None:
            whole = self.whole[idx.module] = parse(idx.text, idx.path)
        return whole

    def _resolve_entry(self, entry: str) -> str:
        entry = entry.lstrip("/")
        rels = {f.rel for f in self.python.values()}
        for candidate in (entry, entry.removesuffix(".py") + "/__main__.py"):
            if candidate in rels:
                return candidate
            found = sorted((r for r in rels if r.endswith("/" + candidate)), key=len)
            if found:
                return found[0]
        return ""

    def _fill_entries(self) -> None:
        """A job deployed without a command runs its image's CMD: use it when unambiguous."""
        if len(self.docker_entries) != 1:
            return
        (entry,) = self.docker_entries
        for i, site in enumerate(self.sites):
            if site.kind == JOB_CONTEXT and not site.attr("entry") and not site.attr("command"):
                if site.attr("mechanism") in ("env",):
                    continue
                attrs = tuple(sorted((*site.attrs, ("entry", entry))))
                self.sites[i] = replace(site, attrs=attrs)
