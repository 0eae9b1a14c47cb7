"""The ``code`` source: facts from the project's Python code and deploy/config files.

The source extracts facts (`CodeSite` records), it never judges them: checks
decide whether a blocking wait matters by correlating it with a job context.
Reading is cheap first (a bytes pre-filter picks which Python files are worth
parsing) because ``opsdoc diagnose`` runs on every project, large or small.
"""

from __future__ import annotations

import ast
import gc
import io
import os
import re
import time
import tokenize
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from opsdoc.evidence import CodeSite, Record
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult
from opsdoc.sources.code.batch import BatchEntry, batch_swallows
from opsdoc.sources.code.blocking import blocking_in_async, may_block
from opsdoc.sources.code.commands import run_target
from opsdoc.sources.code.configs import scan_config
from opsdoc.sources.code.enqueues import enqueue_sites, may_enqueue
from opsdoc.sources.code.facts import (
    APP_REGISTRY,
    IMAGE_BUILD,
    JOB_CONTEXT,
    LONG_RUNNING,
    SERVICE_CONTEXT,
    TASK_DROPPED,
    dedupe,
    make_site,
    sort_key,
)
from opsdoc.sources.code.link import link, suffix_match
from opsdoc.sources.code.logconf import unconfigured
from opsdoc.sources.code.prefetch import Prefetch, Read, can_fork, read_file
from opsdoc.sources.code.prefilter import Prefilter, Triggers
from opsdoc.sources.code.pyindex import ModuleIndex, module_name
from opsdoc.sources.code.pyscan import (
    REGISTRY_GATES,
    ParseFailure,
    PyModule,
    Reducer,
    analyze,
    analyze_index,
    parse,
    parse_whole,
)
from opsdoc.sources.code.slicing import Reduced, reduce_source
from opsdoc.sources.code.summary import background_sites
from opsdoc.sources.code.suppress import suppressions
from opsdoc.sources.code.swallow import may_start_jobs, swallowed_exceptions
from opsdoc.sources.code.walk import SKIPPED, ProjectFile, iter_files, read_bytes
from opsdoc.sources.code.web import WebModule

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
    b"asyncio.run(",  # a script running another module's coroutine (`run_targets`)
    b"anyio.run(",
    b"trio.run(",
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


TREES_KEPT = 16
"""Parsed modules whose trees the scan keeps at a time (most recently used first)."""
IMPORTED_KEPT = 64
IMPORTED_TEXT_KEPT = 3_000_000
"""Trees of modules other modules import (`_load`), kept apart from the others: at most
this many, holding at most this much source text between them (a tree takes about 28
times its text, so about 80 MB). The passes walk every parsed module once in turn, and
with one shared list the modules most of them import (a project's ``utils.py``) were
dropped by that walk and parsed again a dozen times each."""


@dataclass
class Parsed:
    """What the scan keeps of a parsed module once its tree is dropped.

    A parsed tree takes about 28 times its source; keeping every one for the passes
    that look across modules made a scan's memory grow with the project. The scan keeps
    this instead, and parses again the few modules a cross-module pass needs (the same
    text, cut the same way, so the same tree): route declarations, and whether the
    module can matter to each pass, answered while its tree was at hand.
    """

    file: ProjectFile
    path: str
    module: str
    reduced: bool
    """Parsed without its inert definitions (`slicing`)."""
    cut: bool
    """Parsed from a cut text when one could be made (parse again the same way)."""
    web: WebModule
    """Its route declarations (`link` joins them across modules; no tree in them)."""
    link: bool
    """Declares routes or routers, or starts background work (`link` reads its tree)."""
    entries: bool
    """May start a job (`swallow.may_start_jobs`)."""
    client_async: bool
    """Coroutines here import a project module that makes a client (`_linked_blocking`)."""
    enqueues: bool
    """Enqueues a job it names (`enqueues.may_enqueue`)."""
    registry_use: bool = False
    """Coroutines here may call an object kept in the app's registry (`registry`)."""


FOREIGN_MANIFESTS = (
    "package.json",
    "go.mod",
    "Cargo.toml",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "Gemfile",
    "composer.json",
    "mix.exs",
)
"""Build files of projects in other languages: a folder holding one is a project of its own."""


def _project_of(folder: str, homes: set[str]) -> str:
    """The project a deploy file in ``folder`` belongs to, '' for the whole repository.

    Its own folder when Python code lies beneath it; else the nearest folder above that
    holds Python, when the deploy file sits directly in a folder of it
    (``codelabs/graph/templates/job.yaml`` deploys ``codelabs/graph/``); but a deploy file
    deeper inside a subtree with no Python at all (``infra/edge-demo/terraform/main.tf``
    next to other demos) belongs to that subtree, which runs none of the repository's
    Python. At the repository's root it deploys everything."""
    if not folder or folder in homes:
        return folder
    branch, above = folder, folder.rpartition("/")[0]
    while above and above not in homes:
        branch, above = above, above.rpartition("/")[0]
    if not above:
        return ""
    return above if branch == folder else branch


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


JOB_MECHANISMS = {
    "cloud-run-job-yaml": "Cloud Run job",
    "gcloud": "gcloud run jobs",
    "k8s-cronjob": "Kubernetes CronJob",
    "k8s-job": "Kubernetes Job",
    "terraform": "Terraform Cloud Run job",
}
"""Job facts whose command is a batch entry, and how a summary names them."""


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
        self.parsed: dict[str, Parsed | None] = {}
        """module name -> what is kept of a parsed module (None when it failed)."""
        self.trees: OrderedDict[tuple[str, bool], ModuleIndex] = OrderedDict()
        """(module name, whole) -> index, for the `TREES_KEPT` modules used last; whole:
        the index of the whole file, for a module first parsed reduced."""
        self.trees_kept = TREES_KEPT
        self.imported: OrderedDict[tuple[str, bool], ModuleIndex] = OrderedDict()
        """The same, for modules reached through `_load` (`IMPORTED_KEPT`)."""
        self.imported_kept = IMPORTED_KEPT
        self.imported_text = 0
        self.keep_trees = False
        """Keep every tree and hand every module to every cross-module pass, as the scan
        did before it kept summaries: the reference the tests compare with."""
        self.docker_entries: set[str] = set()
        self.dockerfiles: dict[str, tuple[str, str]] = {}
        """Directory of each Dockerfile -> (Python entry, default command) of its image."""
        self.runs: list[tuple[str, str, str]] = []
        """What deploy files say is run (`commands.run_target`), where they say it, and the
        directory of the file saying it (a Dockerfile's ``CMD python main.py`` is relative
        to its build context)."""
        self.scripts: dict[str, str] = {}
        """Console scripts the project declares: name -> ``module:function``."""
        self.log_candidates: list[ProjectFile] = []
        """Python files that log but hold no other fact: parsed only if L001 needs them."""
        from opsdoc.models.extract import ProjectModels

        self.models = ProjectModels()
        """Model IDs in code and config, and what passes them to a request (M001-M005)."""
        self.model_ids_seen = False
        """Whether any file read so far names ``claude`` (holds a model ID)."""
        self.uses_deferred: list[ProjectFile] = []
        """Python files that may pass a model ID on but hold none, read before any file
        held one: what they pass on only matters once an ID exists (`_deferred_uses`)."""
        self.files = 0
        self.templates: set[str] = set()
        """Files a template tool renders (`templates`): counted, not scanned."""
        self.client_refs: dict[str, str] = {}
        """dotted reference -> project module that may hold a blocking call ('' if none)."""
        self.by_last: dict[str, list[str]] | None = None
        """module names by their last component, for suffix matches of references."""
        self.linking_later = True
        """Whether modules parsed now will still get the cross-module passes, so that
        their blocking calls are scanned once, there (`_linked_blocking`)."""
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
        templates: list[str] = []
        files = list(iter_files(self.root, self.exclude, unreadable, templates))
        if self.only:
            wanted = [o.strip("/") for o in self.only]
            files = [
                f
                for f in files
                if any(w in ("", ".") or f.rel == w or f.rel.startswith(w + "/") for w in wanted)
            ]
            templates = [
                t
                for t in templates
                if any(w in ("", ".") or t == w or t.startswith(w + "/") for w in wanted)
            ]
            unreadable = [
                (d, why)
                for d, why in unreadable
                if any(w in ("", ".") or f"{d}/".startswith(w + "/") for w in wanted)
                or any(f"{w}/".startswith(d + "/") for w in wanted)
            ]
        self.templates.update(templates)
        self.result.problems += [self._problem(d, why) for d, why in unreadable]
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
        web = [(self._index(m), m.web) for m in self._kept() if m.link or self.keep_trees]
        try:
            self.sites.extend(link(web, self._load))
        except RecursionError:
            self.result.problems.append(InputProblem(self.root, "route graph too deep to link"))
        del web
        kept = self._kept()
        self.linking_later = False  # modules parsed from here on get no pass of their own
        registry = {s.attr("key"): s.attr("class") for s in self.sites if s.kind == APP_REGISTRY}
        found: list[CodeSite] = []
        passes = self._module_passes(kept, registry, found)
        try:
            found.extend(swallowed_exceptions(passes, self._load))
        except RecursionError:
            self.result.problems.append(InputProblem(self.root, "call graph too deep to follow"))
        for _ in passes:
            pass  # the modules left when the swallowed-exception pass gave up
        self.sites.extend(found)
        try:
            self.sites.extend(batch_swallows(self._batch_entries(), self._load))
        except RecursionError:
            self.result.problems.append(InputProblem(self.root, "call graph too deep to follow"))
        self._parse_loggers_if_needed()
        self.sites.extend(unconfigured(self._kept(), self.sites, self._whole))
        self._fill_entries()
        self._scope_jobs()
        for home, (entry, command) in sorted(self.dockerfiles.items()):
            attrs = {"dir": home, "entry": entry, "command": command}
            where = f"{home}/Dockerfile" if home else "Dockerfile"
            self.sites.append(make_site(IMAGE_BUILD, where, 1, [], attrs=attrs))
        self._tracked_env_files()
        self._deferred_uses()
        self._drop_sleeping_tasks()
        self._config_loaders(files)
        self._unreferenced_holders(files)
        records: list[Record] = [
            *sorted(dedupe(self.sites), key=sort_key),
            *self.models.records(),
        ]
        self.result.records = records
        parsed = sum(1 for m in self.parsed.values() if m is not None)
        self.result.detail = f"{self.files} files, {parsed} parsed, {len(records)} facts"
        if self.templates:
            n = len(self.templates)
            self.result.detail += f", {n} template file{'s' if n != 1 else ''} not scanned"
        if stopped:
            self.result.detail += " (stopped at the time limit)"
        return self.result

    def _file(self, f: ProjectFile, read: Read) -> None:
        if read.problem.startswith(SKIPPED):
            self.result.skipped.append(f"{f.rel} ({read.problem[len(SKIPPED) :]})")
        elif read.problem:
            self.result.problems.append(self._problem(f.rel, read.problem))
        if not read.has_data:
            return
        self.files += 1
        data = read.data
        tree = self._shared_tree(f, read)
        if read.models and data is not None:
            try:
                self._model_ids(f, data, tree)
            except (RecursionError, MemoryError):
                reason = "nested too deeply for Python's parser; this file was not scanned"
                self.result.problems.append(self._problem(f.rel, reason))
                return  # one pathological file costs only itself
        if f.kind == "python":
            if read.parse and data is not None:
                reducer = (lambda _source: read.reduced) if read.cut else None
                try:
                    self._parse(module_name(f.rel), f, data, reducer, tree)
                except (RecursionError, MemoryError):
                    # One pathological file (a 100,000-term expression) costs only itself.
                    self.parsed[module_name(f.rel)] = None
                    reason = "nested too deeply for Python's parser; this file was not scanned"
                    self.result.problems.append(self._problem(f.rel, reason))
            elif read.logs:
                self.log_candidates.append(f)
            return
        if data is None:
            return
        text = data.decode("utf-8", errors="replace")
        try:
            scan = scan_config(f.kind, f.rel, text, self._resolve_entry)
        except (ValueError, RecursionError) as exc:
            self.result.problems.append(self._problem(f.rel, f"cannot read: {exc}"))
            return
        self.sites.extend(scan.sites)
        self.sites.extend(suppressions(f.rel, text))
        if scan.docker_entry:
            self.docker_entries.add(scan.docker_entry)
        home = f.rel.rpartition("/")[0]
        if f.kind == "dockerfile":
            self.dockerfiles[home] = (scan.docker_entry, scan.docker_command)
        self.runs.extend((target, how, home) for target, how in scan.runs)
        self.scripts.update(scan.scripts)

    def _problem(self, rel: str, reason: str) -> InputProblem:
        """A file or directory that could not be read or parsed: requested when the user
        named it (``diagnose PATH``), else one the walk found by itself."""
        named = rel in ("", ".") or any(rel == o.strip("/") for o in self.only)
        return InputProblem(rel, reason, requested=named)

    def _kept(self) -> list[Parsed]:
        """The modules parsed so far, in the order they were parsed."""
        return [m for m in list(self.parsed.values()) if m is not None]

    def _module_passes(
        self, kept: list[Parsed], registry: Mapping[str, str], found: list[CodeSite]
    ) -> Iterator[ModuleIndex]:
        """The cross-module passes that read one module at a time, run together so that each
        module is parsed again at most once for all of them (one pass after another walked
        every module in turn, and dropped trees were parsed again for each): blocking calls
        on clients made in another module, in methods of objects the web app keeps in its
        registry, and enqueue calls go to ``found``; the modules that may start jobs are
        yielded to the swallowed-exception pass, which follows their calls."""
        problems: set[str] = set()

        def guarded(reason: str, facts: Callable[..., list[CodeSite]], *args: object) -> None:
            try:
                found.extend(facts(*args))
            except RecursionError:
                if reason not in problems:
                    problems.add(reason)
                    self.result.problems.append(InputProblem(self.root, reason))

        for m in kept:
            if not self.keep_trees and not (
                m.entries or m.client_async or m.enqueues or (registry and m.registry_use)
            ):
                continue
            idx = self._index(m)
            if self.keep_trees or m.client_async:
                guarded("imports too deep to follow", self._linked_blocking, idx)
            if registry and (self.keep_trees or m.registry_use):
                guarded("calls too deep to follow", blocking_in_async, idx, self._load, registry)
            if self.keep_trees or m.enqueues:
                guarded("enqueue calls too deep to read", enqueue_sites, [idx], self._load)
            if self.keep_trees or m.entries:
                yield idx

    def _scanned_later(self, idx: ModuleIndex) -> bool:
        """Whether the module's blocking calls are left to `_linked_blocking`."""
        try:
            return self.linking_later and self._imports_client(idx)
        except RecursionError:
            return False

    def _linked_blocking(self, idx: ModuleIndex) -> list[CodeSite]:
        """Blocking calls in the coroutines of a module that imports a project module that
        may make a client (``from app.llm import client``): scanned here only, with that
        module at hand, since the single-module scan would find a subset of the same."""
        if not self._imports_client(idx):
            return []
        try:
            return blocking_in_async(idx, self._load_client_module)
        except RecursionError:
            return blocking_in_async(idx)  # at least what the module shows by itself

    def _imports_client(self, idx: ModuleIndex) -> bool:
        """Whether coroutines of ``idx`` may call a client made in another project module."""
        if not idx.mentions("async def"):
            return False
        refs = {full for full in idx.imports.values()}
        refs |= {full.rpartition(".")[0] for full in refs}
        return any(self._client_module(ref) for ref in refs if ref)

    def _client_module(self, ref: str) -> str:
        """The project module ``ref`` names if its text may hold a blocking call, else ''.

        The answer does not depend on whether the pre-filter parsed the module."""
        found = self.client_refs.get(ref)
        if found is None:
            module = self._module_named(ref)
            found = ""
            if module:
                text, _ = read_bytes(self.python[module].abs)
                if text is not None and may_block(text):
                    found = module
            self.client_refs[ref] = found
        return found

    def _load_client_module(self, ref: str) -> ModuleIndex | None:
        """`_load`, for a module that may make a client: one that imports no blocking library
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
            if mod is not None and quiet_log_calls(self._index(mod)):
                return  # one module that logs unseen is enough to say so

    def _shared_tree(self, f: ProjectFile, read: Read) -> ast.Module | None:
        """One parse for a file that both the model extractor and the code scan read whole:
        its tree, when both would parse the very same text; else None (each parses its own,
        reporting what it reports)."""
        data = read.data
        if not (f.kind == "python" and read.parse and read.models and data is not None):
            return None
        if read.cut and read.reduced is not None:
            return None  # the scan parses the cut text
        try:
            source = decode_python(data)
        except ParseFailure:
            return None
        if source != data.decode("utf-8", errors="replace"):
            return None
        return parse_whole(source, f.rel)

    def _model_ids(self, f: ProjectFile, data: bytes, tree: ast.Module | None = None) -> None:
        """Model IDs wherever they hide (M001-M005): code literals, config values, and the
        code that passes them to a request or reads the env var holding them.

        A Python file without ``claude`` holds no ID, only uses, name flows and env reads,
        which judge IDs found elsewhere; until some file holds an ID it is set aside, and
        a project that names no model (most) never pays for reading those."""
        if b"claude" in data:
            self.model_ids_seen = True
        elif f.kind == "python" and not self.model_ids_seen:
            self.uses_deferred.append(f)
            return
        self.models.add(f.rel, data.decode("utf-8", errors="replace"), tree)

    def _drop_sleeping_tasks(self) -> None:
        """A dropped task whose coroutine another module defines is no risk when that
        coroutine only ever suspends in ``asyncio.sleep`` (`tasks.only_sleeps`): the
        sleep's timer holds it. Read once the walk is done, in the defining module."""
        from opsdoc.sources.code.tasks import only_sleeps

        kept: list[CodeSite] = []
        for site in self.sites:
            ref = site.attr("coroutine") if site.kind == TASK_DROPPED else ""
            module, _, name = ref.rpartition(".")
            other = self._load(module) if module else None
            target = other.funcs.get(name) if other is not None else None
            if other is not None and target is not None and only_sleeps(other, target):
                continue
            kept.append(site)
        self.sites = kept

    def _deferred_uses(self) -> None:
        """The files `_model_ids` set aside, read once an ID turned up anywhere (their
        facts are sets and maps, so reading them last changes nothing)."""
        if not self.model_ids_seen:
            return
        for f in self.uses_deferred:
            data, _ = read_bytes(f.abs)
            if data is None:
                continue
            try:
                self._model_ids(f, data)
            except (RecursionError, MemoryError):
                reason = "nested too deeply for Python's parser; this file was not scanned"
                self.result.problems.append(self._problem(f.rel, reason))

    def _config_loaders(self, files: list[ProjectFile]) -> None:
        """Which config files holding a ``model`` setting some module, deploy file or script
        opens by name: only those settings are in use (a second read of the candidates,
        paid only by projects that have such a config file)."""
        from opsdoc.models.extract import SCRIPT_PATH, is_deploy_config

        wanted = self.models.unloaded_configs()
        if not wanted:
            return
        names = {w.rpartition("/")[2].encode() for w in wanted}
        exts = {b"." + w.rpartition(".")[2].encode() for w in wanted if "." in w}
        for f in files:
            if time.monotonic() > self.deadline or not wanted:
                return  # unproven loads stay mentions: a miss, never a false alarm
            python = f.kind == "python"
            if not python and f.kind == "text":
                continue
            data, _ = read_bytes(f.abs)
            if data is None or not any(h in data for h in (names | exts if python else names)):
                continue
            text = data.decode("utf-8", errors="replace")
            if python or is_deploy_config(f.rel, text) or SCRIPT_PATH.search(f.rel):
                self.models.note_loads(f.rel, text, wanted)
                wanted = self.models.unloaded_configs()

    def _unreferenced_holders(self, files: list[ProjectFile]) -> None:
        """Which definitions holding a model ID nothing in the project refers to: a
        retired ID there sends no request (`opsdoc.models.reach`). A third read, paid only
        by projects that write a model ID inside a function or class; at the time limit
        everything left counts as referenced (a miss, never a false alarm)."""
        from opsdoc.models.reach import is_private, referenced

        holders = self.models.holders()
        if not (self.dockerfiles or self.runs):  # a library: its public names are its API
            holders = {n: p for n, p in holders.items() if is_private(n)}
        if not holders:
            return

        def contents() -> Iterator[tuple[str, bytes]]:
            for f in files:
                if time.monotonic() > self.deadline:
                    raise TimeoutError
                data, _ = read_bytes(f.abs)
                if data is not None:
                    yield f.rel, data

        try:
            seen = referenced(holders, contents(), holders)
        except TimeoutError:
            return
        self.models.unreferenced = set(holders) - seen

    def _tracked_env_files(self) -> None:
        """``.env`` files that git tracks are deployed with the code even when .gitignore
        lists them (the walk honours .gitignore): read those for model IDs too."""
        from opsdoc.models.extract import tracked_env_files

        for rel, data in tracked_env_files(self.root):
            if b"claude" in data:
                self.model_ids_seen = True
                self.models.add(rel, data.decode("utf-8", errors="replace"))

    def _parse(
        self,
        module: str,
        f: ProjectFile,
        data: bytes | None = None,
        reduce: Reducer | None = None,
        tree: ast.Module | None = None,
    ) -> Parsed | None:
        if module in self.parsed:
            return self.parsed[module]
        self.parsed[module] = None
        if data is None:
            data, _ = read_bytes(f.abs)
            if data is None:
                return None
        try:
            source = decode_python(data)
            idx = parse(source, f.rel, reduce, tree)
            mod = analyze_index(idx, source, blocking=not self._scanned_later(idx))
        except ParseFailure as exc:
            if exc.template:
                self.templates.add(f.rel)
            else:
                self.result.problems.append(self._problem(f.rel, exc.reason))
            return None
        except RecursionError:
            self.result.problems.append(self._problem(f.rel, "nesting too deep to analyse"))
            return None
        kept = self._summary(f, mod, cut=reduce is not None)
        self.parsed[module] = kept
        self._keep(module, False, mod.index)
        self.sites.extend(mod.sites)
        self.sites.extend(suppressions(f.rel, source, mod.index.lines))
        return kept

    def _summary(self, f: ProjectFile, mod: PyModule, cut: bool) -> Parsed:
        """What the cross-module passes need of a module, read while its tree is at hand."""
        idx, web = mod.index, mod.web
        kept = Parsed(f, idx.path, idx.module, idx.reduced, cut, web, True, True, True, True)
        try:
            declares = bool(web.routers or web.includes or web.routes or web.django)
            kept.link = declares or next(background_sites(idx), None) is not None
            kept.entries = may_start_jobs(idx)
            kept.client_async = self._imports_client(idx)
            kept.enqueues = may_enqueue(idx)
            kept.registry_use = idx.mentions(*REGISTRY_GATES) and idx.mentions("async def")
        except RecursionError:
            pass  # every pass reads it, and says what is too deep for it
        return kept

    def _keep(self, module: str, whole: bool, idx: ModuleIndex, imported: bool = False) -> None:
        """Remember a tree among the `trees_kept` used last (all of them, `keep_trees`), or
        with ``imported`` among the imported modules used last, which outlast the walks."""
        key = (module, whole)
        if imported or key in self.imported:
            self.trees.pop(key, None)
            if key not in self.imported:
                self.imported_text += len(idx.text)
            self.imported[key] = idx
            self.imported.move_to_end(key)
            while (
                len(self.imported) > 1
                and not self.keep_trees
                and (
                    len(self.imported) > self.imported_kept
                    or self.imported_text > IMPORTED_TEXT_KEPT
                )
            ):
                _, dropped = self.imported.popitem(last=False)
                self.imported_text -= len(dropped.text)
            return
        self.trees[key] = idx
        self.trees.move_to_end(key)
        while len(self.trees) > self.trees_kept and not self.keep_trees:
            self.trees.popitem(last=False)

    def _tree(self, module: str, whole: bool) -> ModuleIndex | None:
        key = (module, whole)
        return self.trees.get(key) or self.imported.get(key)

    def _index(self, m: Parsed) -> ModuleIndex:
        """The module's index as it was first parsed (cut or whole), parsed again from its
        file when its tree was dropped."""
        return self._index_of(m, imported=False)

    def _index_of(self, m: Parsed, imported: bool) -> ModuleIndex:
        idx = self._tree(m.module, False)
        if idx is None:
            idx = self._reparse(m, whole=False)
        self._keep(m.module, False, idx, imported)
        return idx

    def _reparse(self, m: Parsed, whole: bool) -> ModuleIndex:
        """Parse a module again as it was parsed (or whole); a file that changed or went
        away since then gives an empty index (its facts were taken the first time)."""
        data, _ = read_bytes(m.file.abs)
        try:
            if data is None:
                raise ParseFailure("gone")
            source = decode_python(data)
            if whole or not m.cut:
                return parse(source, m.path)
            return parse(source, m.path, lambda _source: reduce_python(data))
        except (ParseFailure, MemoryError):
            return ModuleIndex.build(ast.Module(body=[], type_ignores=[]), m.path, "")

    def _module_named(self, ref: str) -> str:
        """`suffix_match` of ``ref`` over the project's modules, looked up by last segment:
        a name equal to ``ref`` or ending with ``.ref`` shares its last segment, so only
        those few are compared (the same answer as over all modules, in the same order)."""
        if self.by_last is None:
            self.by_last = {}
            for name in self.python:
                self.by_last.setdefault(name.rpartition(".")[2], []).append(name)
        return suffix_match(ref, self.by_last.get(ref.rpartition(".")[2], ()))

    def _load(self, ref: str) -> ModuleIndex | None:
        """Modules a route points at are parsed on demand (a Django views.py has no trigger)."""
        module = self._module_named(ref)
        if not module:
            return None
        mod = self._parse(module, self.python[module])
        return self._whole(mod, imported=True) if mod else None

    def _whole(self, m: Parsed, imported: bool = False) -> ModuleIndex:
        """The index of the whole file: what another module names may be a left-out part.

        Only the index is kept, not its facts: those of the reduced parse are the same.
        """
        if not m.reduced:
            return self._index_of(m, imported)
        whole = self._tree(m.module, True)
        if whole is None:
            whole = self._reparse(m, whole=True)
        self._keep(m.module, True, whole, imported)
        return whole

    def _fill_from_images(self) -> None:
        for i, site in enumerate(self.sites):
            if site.kind not in (JOB_CONTEXT, LONG_RUNNING) or not site.attr("image"):
                continue
            if site.attr("entry") or site.attr("command") or site.attr("args"):
                continue
            name = site.attr("image").rsplit("/", 1)[-1].split("@")[0].split(":")[0]
            built = [d for d in self.dockerfiles if d.rpartition("/")[2] == name]
            if len(built) != 1:
                continue
            entry, command = self.dockerfiles[built[0]]
            extra = ("entry", entry) if entry else ("command", command) if command else None
            if extra is not None:
                self.sites[i] = replace(site, attrs=tuple(sorted((*site.attrs, extra))))

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

    def _batch_entries(self) -> list[BatchEntry]:
        """What the deployment runs as a batch process: commands of Dockerfiles, Procfiles,
        crontabs, systemd units, and of the jobs that job manifests and ``gcloud run jobs``
        commands declare (`JOB_CONTEXT` facts)."""
        runs = list(self.runs)
        for site in self.sites:
            if site.kind != JOB_CONTEXT:
                continue
            how = JOB_MECHANISMS.get(site.attr("mechanism"), "")
            if not how:
                continue
            home = site.path.rpartition("/")[0]
            if site.attr("entry"):
                runs.append((f"path:{site.attr('entry')}", how, ""))
            argv = [a for a in [*site.attr("command").split(","), *site.attr("args").split(",")]]
            target = run_target([a for a in argv if a])
            if target.startswith("script:"):
                runs.append((target, how, home))
        out: list[BatchEntry] = []
        rels = {f.rel for f in self.python.values()}
        for target, how, home in runs:
            kind, _, value = target.partition(":")
            if kind == "path":
                near = (
                    f"{home}/{value.removeprefix('./')}"
                    if home and not value.startswith("/")
                    else ""
                )
                rel = near if near in rels else self._resolve_run(value)
                if rel:
                    out.append(BatchEntry(rel, "", how))
            elif kind == "script" and value in self.scripts:
                module, _, function = self.scripts[value].partition(":")
                out.append(BatchEntry(module.strip(), function.strip(), f"{how} (`{value}`)"))
        return list(dict.fromkeys(out))

    def _resolve_run(self, path: str) -> str:
        """The scanned file a command's path names; an image's absolute path
        (``/app/jobs/nightly.py``) is matched by its tail."""
        parts = [p for p in path.split("/") if p and p != "."]
        for cut in range(len(parts)):
            tail = "/".join(parts[cut:])
            found = self._resolve_entry(tail)
            if cut == len(parts) - 1:
                exact = (tail, tail.removesuffix(".py") + "/__main__.py")
                return found if found in exact else ""
            if found:
                return found
        return ""

    def _scope_jobs(self) -> None:
        """A job or service manifest deploys the project it sits in (`_project_of`): in a
        repository of many projects, code of another project is not what it runs."""
        homes: set[str] = set()
        for f in self.python.values():
            folder = f.rel.rpartition("/")[0]
            while folder and folder not in homes:
                homes.add(folder)
                folder = folder.rpartition("/")[0]
        for i, site in enumerate(self.sites):
            if site.kind not in (JOB_CONTEXT, SERVICE_CONTEXT) or site.path.endswith(".py"):
                continue
            folder = site.path.rpartition("/")[0]
            if folder and folder not in homes and self._foreign_project(folder):
                scope = folder  # a project in another language: it runs none of our Python
            else:
                scope = _project_of(folder, homes)
            if scope:
                attrs = tuple(sorted((*site.attrs, ("scope", scope))))
                self.sites[i] = replace(site, attrs=attrs)

    def _foreign_project(self, folder: str) -> bool:
        """The folder holds another language's build manifest (``package.json``,
        ``go.mod``...) and no Python: a deploy script there (``gcloud run deploy --source
        .``) ships that project, not the Python of the folders beside it."""
        return any(
            os.path.isfile(os.path.join(self.root, folder, name)) for name in FOREIGN_MANIFESTS
        )

    def _fill_entries(self) -> None:
        """A job deployed without a command runs its image's CMD: use it when unambiguous,
        or, in a project of several images, the Dockerfile in the folder named like the
        image (``image: indexer`` is built from ``gcp/indexer/Dockerfile``)."""
        if len(self.dockerfiles) > 1:
            self._fill_from_images()
        if len(self.docker_entries) != 1:
            return
        (entry,) = self.docker_entries
        for i, site in enumerate(self.sites):
            if site.kind == JOB_CONTEXT and not site.attr("entry") and not site.attr("command"):
                if site.attr("mechanism") in ("env",):
                    continue
                attrs = tuple(sorted((*site.attrs, ("entry", entry))))
                self.sites[i] = replace(site, attrs=attrs)
            elif site.kind == LONG_RUNNING and not site.attr("command") and site.attr("image"):
                attrs = tuple(sorted((*site.attrs, ("entry", entry))))
                self.sites[i] = replace(site, attrs=attrs)
