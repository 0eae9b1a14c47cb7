"""The catalogue stays true: schema, lifecycle boundaries, platform spellings, one verdict
for diagnose and fix, and model IDs that count as used only when a request uses them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest

from opsdoc.checks import models as checks
from opsdoc.evidence import Evidence, ModelRef
from opsdoc.models.catalog import (
    ACTIVE,
    DEPRECATED,
    LEGACY,
    RETIRED,
    bundled_catalog,
    platform_of,
    read_catalog_file,
    schema_path,
)
from opsdoc.models.extract import COMPARED, MENTION, project_model_refs
from opsdoc.models.verdict import judge

CATALOG = bundled_catalog()
RAW = json.loads((schema_path().parent / "catalog.json").read_text(encoding="utf-8"))
SCHEMA = json.loads(schema_path().read_text(encoding="utf-8"))
DAY = date(2026, 12, 2)


def test_schema_is_valid_and_the_whole_catalogue_follows_it() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(RAW)


@pytest.mark.parametrize("entry", RAW["models"], ids=lambda e: e["id"])
def test_every_entry_validates_and_is_sourced(entry: dict[str, object]) -> None:
    validator = jsonschema.Draft202012Validator(
        {**SCHEMA["$defs"]["model"], "$defs": SCHEMA["$defs"]}
    )
    validator.validate(entry)
    assert str(entry["source"]).startswith("https://")


@pytest.mark.parametrize("info", CATALOG.models, ids=lambda i: i.id)
def test_status_on_each_boundary(info) -> None:  # type: ignore[no-untyped-def]
    one = timedelta(days=1)
    if info.retires_on is not None:
        assert info.status_on(info.retires_on) == RETIRED
        assert info.status_on(info.retires_on - one) != RETIRED
    if info.deprecated_on is not None:
        assert info.status_on(info.deprecated_on) == DEPRECATED
        assert info.status_on(info.deprecated_on - one) in (ACTIVE, LEGACY)
    elif info.status in (DEPRECATED, RETIRED) and info.checked_on is not None:
        # No published deprecation date: never "deprecated" before it was seen so.
        last = info.retires_on - one if info.retires_on else info.checked_on
        if last >= info.checked_on:
            assert info.status_on(info.checked_on) == DEPRECATED
        before = info.checked_on - one
        in_notice = info.retires_on is not None and (info.retires_on - before).days <= 60
        if info.retires_on is None or info.checked_on <= info.retires_on:
            # Inside Anthropic's 60-day notice window a retirement was announced by then.
            assert info.status_on(before) == (DEPRECATED if in_notice else ACTIVE)
    if info.status == LEGACY:
        assert info.status_on(DAY) == LEGACY


def test_corrected_facts() -> None:
    sonnet4 = CATALOG.lookup("claude-sonnet-4-20250514")
    assert sonnet4 is not None and sonnet4.status_on(date(2025, 6, 1)) == ACTIVE
    assert sonnet4.deprecated_on == date(2026, 4, 14)
    assert CATALOG.lookup("claude-4-sonnet-20250514") is sonnet4
    assert CATALOG.lookup("claude-4-opus-20250514") is CATALOG.lookup("claude-opus-4-20250514")
    opus41 = CATALOG.lookup("claude-opus-4-1-20250805")
    assert opus41 is not None and opus41.deprecated_on == date(2026, 6, 5)
    assert opus41.retires_on == date(2026, 8, 5)
    for old in ("claude-2.1", "claude-3-opus-20240229", "claude-opus-4-1-20250805"):
        assert CATALOG.lookup(old).successor == "claude-opus-4-8"  # type: ignore[union-attr]
    assert CATALOG.lookup("claude-1.3").successor == "claude-haiku-4-5"  # type: ignore[union-attr]
    opus45 = CATALOG.lookup("claude-opus-4-5")
    assert opus45 is not None and opus45.status == LEGACY
    assert opus45.retire_not_before == date(2026, 11, 24) and opus45.retires_on is None
    for new in ("claude-fable-5-2", "claude-mythos-5-2", "claude-mythos-preview"):
        assert CATALOG.lookup(new) is not None


PLATFORM_IDS = [(pid, info.id) for info in CATALOG.models for p in info.platforms for pid in p.ids]


@pytest.mark.parametrize(("written", "model"), PLATFORM_IDS)
def test_platform_spellings_round_trip(written: str, model: str) -> None:
    info = CATALOG.lookup(written)
    assert info is not None and info.id == model
    plat = info.platform(platform_of(written))
    assert plat is not None and written in plat.ids
    assert CATALOG.looks_like_model_id(written)
    if written.startswith("anthropic."):
        assert CATALOG.lookup("us." + written) is info  # cross-region profile
        arn = f"arn:aws:bedrock:us-east-1::foundation-model/{written}"
        assert CATALOG.lookup(arn) is info


def test_platform_dates_decide_for_platform_ids() -> None:
    bedrock = judge(CATALOG, "anthropic.claude-3-7-sonnet-20250219-v1:0", date(2026, 3, 1))
    assert bedrock.kind == DEPRECATED and bedrock.retires_on == date(2026, 4, 28)
    vertex = judge(CATALOG, "claude-opus-4-1@20250805", DAY)
    assert vertex.kind == RETIRED and not vertex.date_known


ALL_IDS = sorted(
    {n for i in CATALOG.models for n in (i.id, *i.aliases)} | {w for w, _ in PLATFORM_IDS}
)


@pytest.mark.parametrize("model_id", ALL_IDS)
def test_fix_and_diagnose_agree_on_every_id(model_id: str) -> None:
    """The diff in a finding is exactly the change ``opsdoc fix`` plans, for every ID."""
    from opsdoc.commands.fix import _decision

    code = (
        f'def ask(client, m):\n    return client.messages.create(model="{model_id}", messages=m)\n'
    )
    ev = Evidence(as_of=datetime(2026, 12, 2, tzinfo=UTC))
    ev.add(project_model_refs([("svc.py", code)]))
    hits = [
        h
        for func in (checks.retired_model, checks.deprecated_model, checks.unknown_model)
        for h in func(ev)
    ]
    target, finding_code, _ = _decision(model_id, DAY)
    diffs = [h.fix.diff for h in hits if h.fix.diff]
    if target is None:
        assert diffs == [], model_id
    else:
        assert finding_code and hits, model_id
        assert len(diffs) == 1 and f'model="{target}"' in diffs[0], model_id


# Precision: IDs in use vs IDs merely named -----------------------------------------


PRICING = '''"""Cost accounting for the usage dashboard."""

PRICE_PER_MTOK = {
    "claude-3-5-sonnet-20241022": (3.00, 15.00),
    "claude-3-haiku-20240307": (0.25, 1.25),
    "claude-sonnet-4-6": (3.00, 15.00),
}
VISION_MODELS = ["claude-3-opus-20240229", "claude-sonnet-4-6"]


def cost(model: str, tokens_in: int, tokens_out: int) -> float:
    price_in, price_out = PRICE_PER_MTOK.get(model, (0.0, 0.0))
    if model == "claude-3-5-haiku-20241022":
        price_in = 0.8
    return (tokens_in * price_in + tokens_out * price_out) / 1e6
'''

DOCS_BUILDER = '''"""Builds docs/models.md from the list of supported models."""

SUPPORTED = [
    ("claude-3-5-sonnet-20241022", "retired"),
    ("claude-sonnet-4-6", "current"),
]


def render() -> str:
    rows = [f"| {name} | {state} |" for name, state in SUPPORTED]
    return "\\n".join(["| model | state |", *rows])
'''

ISSUE_DUMP = json.dumps(
    [
        {
            "number": 88,
            "title": "404 after upgrade",
            "body": "We still call claude-3-5-sonnet-20241022 and get not_found_error",
        }
    ],
    indent=2,
)

SETTINGS = """from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    anthropic_model: str = "claude-3-5-haiku-20241022"
    summary_model: str = "claude-sonnet-4-6"


settings = Settings()
"""

SERVICE = """import os

from anthropic import Anthropic

from app.settings import settings

client = Anthropic()
REVIEW_MODEL = os.getenv("REVIEW_MODEL", "claude-3-7-sonnet-20250219")


def summarise(text: str) -> str:
    reply = client.messages.create(
        model=settings.anthropic_model,
        max_tokens=512,
        messages=[{"role": "user", "content": text}],
    )
    return reply.content[0].text


def review(text: str, model: str = REVIEW_MODEL) -> dict:
    body = {"model": model, "max_tokens": 256, "messages": [{"role": "user", "content": text}]}
    return client.post("/v1/messages", body=body, cast_to=dict)
"""

LITELLM = """model_list:
  - model_name: claude-3-opus-20240229
    litellm_params:
      model: anthropic/claude-3-haiku-20240307
      api_key: os.environ/ANTHROPIC_API_KEY
"""

DEPLOY = """apiVersion: serving.knative.dev/v1
kind: Service
spec:
  template:
    spec:
      containers:
        - image: gcr.io/acme/api
          env:
            - name: REVIEW_MODEL
              value: claude-3-opus-20240229
            - name: UNUSED_MODEL
              value: claude-2.1
"""


def _contexts(files: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    return {
        (r.ref.location, r.model_id): r.context
        for r in project_model_refs(files)
        if isinstance(r, ModelRef)
    }


def test_tables_docs_and_dumps_are_mentions_not_uses() -> None:
    found = _contexts(
        [
            ("app/pricing.py", PRICING),
            ("scripts/build_docs.py", DOCS_BUILDER),
            ("data/issues.json", ISSUE_DUMP),
        ]
    )
    # `if model == "claude-3-5-haiku-20241022":` in the table's lookup is a comparison
    assert found and set(found.values()) == {MENTION, COMPARED}
    ev = Evidence(as_of=datetime(2026, 12, 2, tzinfo=UTC))
    ev.add(project_model_refs([("app/pricing.py", PRICING), ("data/issues.json", ISSUE_DUMP)]))
    for func in (checks.retired_model, checks.unknown_model, checks.hardcoded_model):
        assert all(h.severity is checks.Severity.INFO for h in func(ev)), func.__name__


BEDROCK_SAMPLE = """{
  "id": "msg_bdrk_01",
  "type": "message",
  "role": "assistant",
  "model": "claude-3-5-sonnet-20240620",
  "content": [{"type": "text", "text": "Hello"}],
  "stop_reason": "end_turn",
  "stop_sequence": null,
  "usage": {"input_tokens": 12, "output_tokens": 6}
}
"""

REPLAY = """import anthropic

SAMPLE_REPLY = {
    "id": "msg_01",
    "model": "claude-3-opus-20240229",
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 3, "output_tokens": 1},
}


def ask(client: anthropic.Anthropic, text: str):
    body = {"model": "claude-3-haiku-20240307", "max_tokens": 64}
    return client.messages.create(messages=[{"role": "user", "content": text}], **body)
"""

CONFIG_WITH_LIMITS = """model: claude-3-haiku-20240307
max_output_tokens: 512
"""

LOADS_CONFIG = """import yaml

with open("config.yaml") as fh:
    CONFIG = yaml.safe_load(fh)
"""


def test_a_recorded_reply_names_the_model_that_answered_not_one_in_use() -> None:
    found = _contexts(
        [
            ("llm_api/sample_response_jsons/aws_bedrock.json", BEDROCK_SAMPLE),
            ("app/replay.py", REPLAY),
            ("config.yaml", CONFIG_WITH_LIMITS),
            ("app/settings.py", LOADS_CONFIG),
        ]
    )
    assert found == {
        ("llm_api/sample_response_jsons/aws_bedrock.json:5", "claude-3-5-sonnet-20240620"): MENTION,
        ("app/replay.py:5", "claude-3-opus-20240229"): MENTION,  # the reply's model
        ("app/replay.py:12", "claude-3-haiku-20240307"): "code",  # the request body's
        ("config.yaml:1", "claude-3-haiku-20240307"): "config",  # max_output_tokens is a limit
    }


def test_client_calls_settings_fields_env_defaults_and_routers_are_uses() -> None:
    found = _contexts(
        [
            ("app/settings.py", SETTINGS),
            ("app/service.py", SERVICE),
            ("litellm.yaml", LITELLM),
            ("deploy/service.yaml", DEPLOY),
        ]
    )
    assert found[("app/settings.py:5", "claude-3-5-haiku-20241022")] == "code"  # settings field
    assert found[("app/settings.py:6", "claude-sonnet-4-6")] == MENTION  # no call reads it
    assert found[("app/service.py:8", "claude-3-7-sonnet-20250219")] == "code"  # env default
    assert found[("litellm.yaml:4", "claude-3-haiku-20240307")] == "config"  # litellm_params
    assert found[("litellm.yaml:2", "claude-3-opus-20240229")] == MENTION  # the alias
    assert found[("deploy/service.yaml:10", "claude-3-opus-20240229")] == "config"  # env read
    assert found[("deploy/service.yaml:12", "claude-2.1")] == MENTION  # env nobody reads
    ev = Evidence(as_of=datetime(2026, 12, 2, tzinfo=UTC))
    ev.add(project_model_refs([("app/settings.py", SETTINGS), ("app/service.py", SERVICE)]))
    retired = {h.subject: h for h in checks.retired_model(ev)}
    assert retired["app/settings.py:5"].severity is None  # error: a real use
    assert retired["app/service.py:8"].severity is None


def test_m005_counts_production_use_sites_only() -> None:
    call = 'c.messages.create(model="claude-haiku-4-5", messages=m)\n'
    files = [(f"tests/test_{i}.py", call) for i in range(4)] + [("app/a.py", call)]
    ev = Evidence(as_of=datetime(2026, 12, 2, tzinfo=UTC))
    ev.add(project_model_refs(files))
    assert list(checks.hardcoded_model(ev)) == []


def test_m005_counts_the_rows_of_one_settings_table_once() -> None:
    """Five effort variants mapped to one API name are one table, the one place to change
    it (screenshot-to-code); the same ID in three call sites is three places."""
    table = (
        "CONFIG = {\n"
        + "".join(
            f'    "v{i}": {{"api_name": "claude-opus-4-6", "effort": "e{i}"}},\n' for i in range(5)
        )
        + "}\n\n\ndef name(v):\n    return CONFIG[v]['api_name']\n\n\n"
        + ("def ask(c, v):\n    return c.messages.create(model=name(v), messages=[])\n")
    )
    call = 'c.messages.create(model="claude-opus-4-6", messages=m)\n'
    ev = Evidence(as_of=datetime(2026, 12, 2, tzinfo=UTC))
    ev.add(project_model_refs([("app/provider.py", table), ("app/a.py", call)]))
    assert list(checks.hardcoded_model(ev)) == []
    rows = (
        "AGENTS = {\n"
        + "".join(
            f'    "a{i}": AgentConfig(provider="anthropic", model="claude-opus-4-6"),\n'
            for i in range(4)
        )
        + "}\n"
    )
    ev = Evidence(as_of=datetime(2026, 12, 2, tzinfo=UTC))
    ev.add(project_model_refs([("app/config.py", rows), ("app/a.py", call)]))
    assert list(checks.hardcoded_model(ev)) == []  # per-agent defaults built by a constructor
    ev = Evidence(as_of=datetime(2026, 12, 2, tzinfo=UTC))
    ev.add(project_model_refs([(f"app/{n}.py", call) for n in "abc"]))
    (hit,) = checks.hardcoded_model(ev)
    assert "hard-coded in 3 places" in hit.summary


def test_a_router_entry_built_in_code_uses_its_litellm_params_model_not_the_alias() -> None:
    """openui builds its LiteLLM proxy config in Python: clients ask for ``model_name``,
    the proxy sends ``litellm_params.model`` upstream."""
    router = (
        "def generate_config():\n    models = []\n    models.append(\n"
        '        {"model_name": "claude-3-opus", "litellm_params": {"model": '
        '"claude-3-opus-20240229"}}\n    )\n    return {"model_list": models}\n'
    )
    found = _contexts([("openui/litellm.py", router)])
    assert found[("openui/litellm.py:4", "claude-3-opus-20240229")] == "code"
    assert found[("openui/litellm.py:4", "claude-3-opus")] == MENTION


def test_sdk_model_literal_is_a_second_source(tmp_path: Path) -> None:
    from opsdoc.models.sdk import read_sdk

    (tmp_path / "types").mkdir()
    (tmp_path / "_data").mkdir()
    (tmp_path / "types" / "model.py").write_text(
        'Model = Union[Literal["claude-sonnet-7", "claude-haiku-4-5"], str]\n'
    )
    (tmp_path / "_data" / "deprecated_models.py").write_text(
        'DEPRECATED_MODELS = {"claude-sonnet-7-preview": "March 3rd, 2027"}\n'
    )
    sdk = read_sdk(tmp_path, "9.9.9")
    assert sdk.knows("claude-sonnet-7")
    assert sdk.end_of_life == {"claude-sonnet-7-preview": date(2027, 3, 3)}
    assert judge(CATALOG, "claude-sonnet-7", DAY, sdk).code == ""
    assert judge(CATALOG, "claude-sonnet-7", DAY).kind == "unknown"  # info, never M003
    assert judge(CATALOG, "claude-sonnett-4-6", DAY, sdk).code == "M003"  # a typo still is


def _opsdoc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opsdoc", *args], capture_output=True, text=True, timeout=120
    )


def test_models_command_json_and_override_file(tmp_path: Path) -> None:
    out = _opsdoc("models", "--as-of", "2026-06-01", "--format", "json")
    assert out.returncode == 0, out.stderr
    view = json.loads(out.stdout)
    by_id = {m["id"]: m for m in view["models"]}
    assert by_id["claude-sonnet-4-20250514"]["status"] == DEPRECATED
    assert by_id["claude-opus-4-1-20250805"]["status"] == ACTIVE
    assert view["catalogue"]["checked_on"] == CATALOG.checked_on.isoformat()
    newer = dict(RAW, checked_on="2027-03-01")
    newer["models"] = [*RAW["models"]]
    newer["models"].append(
        {
            "id": "claude-sonnet-7",
            "family": "sonnet",
            "version": "7",
            "status": "active",
            "source": "https://example.invalid/models",
            "checked_on": "2027-03-01",
        }
    )
    file = tmp_path / "models.json"
    file.write_text(json.dumps(newer))
    assert read_catalog_file(file).lookup("claude-sonnet-7") is not None
    out = _opsdoc("models", "--models-catalog", str(file), "--format", "json")
    assert any(m["id"] == "claude-sonnet-7" for m in json.loads(out.stdout)["models"])
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "checked_on": "2027-03-01", "models": [{"id": 3}]}')
    out = _opsdoc("models", "--models-catalog", str(bad))
    assert out.returncode == 2 and "bad.json" in out.stderr and "Traceback" not in out.stderr
    schema = _opsdoc("models", "--schema")
    assert json.loads(schema.stdout)["title"] == "opsdoc model catalogue"


def test_stale_catalogue_is_an_info_x_finding() -> None:
    ev = Evidence(as_of=datetime.combine(CATALOG.checked_on, datetime.min.time(), UTC))
    assert list(checks.stale_catalogue(ev)) == []
    ev = Evidence(as_of=ev.as_of + timedelta(days=121))
    (hit,) = checks.stale_catalogue(ev)
    assert "121 days" in hit.summary


def test_names_flow_through_values_not_through_arguments() -> None:
    """Guards a regression seen on opsdoc's own tree: following every name in a model
    argument (call arguments, indexes) reached half the project, so a lookup table of
    Bedrock names was reported as a retired model in use."""
    normaliser = (
        '_LEGACY = {"claude-v2:1": "claude-2.1"}\n'
        "def normalise(text):\n"
        "    legacy = _LEGACY.get(text)\n"
        "    return legacy or text\n"
    )
    caller = (
        "from models import normalise\n"
        "def route(client, task, m):\n"
        "    key = normalise(task)\n"
        "    return client.messages.create(model=pick(key), messages=m)\n"
    )
    found = _contexts([("models.py", normaliser), ("svc.py", caller)])
    assert found == {("models.py:1", "claude-2.1"): MENTION}
    via_table = caller.replace("pick(key)", "MODELS[key]")
    table = 'MODELS = {"fast": "claude-3-5-haiku-20241022"}\n'
    found = _contexts([("table.py", table), ("svc.py", via_table)])
    assert found == {("table.py:1", "claude-3-5-haiku-20241022"): "code"}
    via_get = caller.replace("pick(key)", 'MODELS.get(key, "claude-haiku-4-5")')
    found = _contexts([("table.py", table), ("svc.py", via_get)])
    assert found == {
        ("table.py:1", "claude-3-5-haiku-20241022"): "code",
        ("svc.py:4", "claude-haiku-4-5"): "code",
    }


def test_local_variables_of_different_functions_never_meet() -> None:
    """Two functions' locals named alike (``text``, ``model``) are different variables."""
    catalog_module = (
        '_LEGACY = {"claude-v2:1": "claude-2.1"}\n'
        "def normalise(text):\n"
        "    legacy = _LEGACY.get(text)\n"
        "    return legacy or text\n"
        "def clean(text):\n"
        "    text = normalise(text)\n"
        "    return text\n"
    )
    worker = (
        "def handle(client, job):\n"
        "    text = job.payload\n"
        '    model = text["model"]\n'
        "    return client.messages.create(model=model, messages=[])\n"
    )
    found = _contexts([("catalog.py", catalog_module), ("worker.py", worker)])
    assert found == {("catalog.py:1", "claude-2.1"): MENTION}


def test_config_key_loads_the_catalogue_relative_to_the_config(tmp_path: Path) -> None:
    from opsdoc.config import load_config

    (tmp_path / "ops").mkdir()
    (tmp_path / "ops" / "models.json").write_text(json.dumps(RAW))
    (tmp_path / "opsdoc.toml").write_text('models-catalog = "ops/models.json"\n')
    config = load_config(tmp_path / "opsdoc.toml")
    assert Path(config.models_catalog) == tmp_path / "ops" / "models.json"
    (tmp_path / "ops" / "models.json").write_text('{"models": []}')
    out = _opsdoc("diagnose", str(tmp_path), "--offline")
    assert out.returncode == 2 and "models.json" in out.stderr and "checked_on" in out.stderr


PROVIDER_TABLE = """from enum import StrEnum


class Provider(StrEnum):
    ANTHROPIC = "anthropic"
    BEDROCK = "bedrock"
    VERTEX = "vertex"


DEFAULT_MODEL: dict[Provider, str] = {
    Provider.ANTHROPIC: "claude-3-5-sonnet-20241022",
    Provider.BEDROCK: "anthropic.claude-3-5-sonnet-20241022-v2:0",
    Provider.VERTEX: "claude-3-5-sonnet-v2@20241022",
}


async def step(client, provider: Provider, messages):
    model = DEFAULT_MODEL[provider]
    return await client.messages.create(model=model, max_tokens=4096, messages=messages)
"""


def test_m005_a_provider_table_is_one_setting_per_platform_not_repetition() -> None:
    ev = Evidence(as_of=datetime(2026, 12, 2, tzinfo=UTC))
    ev.add(project_model_refs([("agent/loop.py", PROVIDER_TABLE)]))
    assert list(checks.hardcoded_model(ev)) == []
    # the retired IDs are still reported, each on its own line
    assert {h.subject for h in checks.retired_model(ev)} == {
        "agent/loop.py:11",
        "agent/loop.py:12",
        "agent/loop.py:13",
    }


def test_m005_the_same_partner_id_copied_on_one_platform_adds_up() -> None:
    call = (
        "def ask(client, messages):\n"
        '    return client.converse(modelId="anthropic.claude-3-5-sonnet-20241022-v2:0",'
        " messages=messages)\n"
    )
    files = [("agent/loop.py", PROVIDER_TABLE), ("app/a.py", call), ("app/b.py", call)]
    ev = Evidence(as_of=datetime(2026, 12, 2, tzinfo=UTC))
    ev.add(project_model_refs(files))
    (hit,) = checks.hardcoded_model(ev)
    assert hit.subject == "anthropic.claude-3-5-sonnet-20241022-v2:0"
    assert hit.summary.startswith(
        "Model anthropic.claude-3-5-sonnet-20241022-v2:0 (Amazon Bedrock) is hard-coded in 3"
        " places across 3 file(s)"
    )


SHORTCUT_FLAGS = """def apply_shortcuts(args):
    shortcuts = {
        "opus": "claude-3-opus-20240229",
        "haiku": "claude-3-5-haiku-20241022",
    }
    for flag, model_name in shortcuts.items():
        if getattr(args, flag) and not args.model:
            args.model = model_name
            break
"""

MAIN = """from app.llm import Model
from app.shortcuts import apply_shortcuts


def main(args):
    apply_shortcuts(args)
    return Model(args.model, verbose=args.verbose)
"""

LLM = """import litellm


class Model:
    def __init__(self, model, verbose=False):
        self.name = model
        self.verbose = verbose

    def send(self, messages):
        return litellm.completion(model=self.name, messages=messages)
"""


def test_a_table_walked_into_an_attribute_handed_to_a_class_is_in_use() -> None:
    found = _contexts(
        [("app/shortcuts.py", SHORTCUT_FLAGS), ("app/main.py", MAIN), ("app/llm.py", LLM)]
    )
    assert found == {
        ("app/shortcuts.py:3", "claude-3-opus-20240229"): "code",
        ("app/shortcuts.py:4", "claude-3-5-haiku-20241022"): "code",
    }
    # without the class that sends what it is given, the same table is only a table
    assert set(
        _contexts([("app/shortcuts.py", SHORTCUT_FLAGS), ("app/main.py", MAIN)]).values()
    ) == {MENTION}


PROFILES = """PROFILES = {"claude-3-opus-20240229": {"vision": True}}


def strip_region(model_name):
    return model_name[3:] if model_name.startswith("us.") else model_name


def profile(model_name):
    return PROFILES.get(strip_region(model_name))


def ask(client, chosen, messages):
    return client.messages.create(model=strip_region(chosen), messages=messages)


SUPPORTS_VISION = profile("claude-3-haiku-20240307")["vision"]
"""


def test_a_value_handed_to_a_helper_whose_result_another_caller_sends_is_no_use() -> None:
    """``strip_region``'s result is sent by ``ask``; ``profile`` hands it a different value
    for a capability lookup. Following the return of ``strip_region`` back to every caller
    would call the lookup's literal a request."""
    found = _contexts([("app/models.py", PROFILES)])
    assert found[("app/models.py:16", "claude-3-haiku-20240307")] == MENTION


def test_the_sdks_end_of_life_table_turns_a_legacy_entry_deprecated() -> None:
    """The catalogue calls claude-opus-4-5 legacy ("not before" a date); the installed SDK
    warns that it reaches end of life on 2027-01-22. The SDK is the newer source: M002
    before that day, M001 from it; without the SDK the catalogue's legacy stands."""
    from opsdoc.models.sdk import SdkModels

    sdk = SdkModels("2.16.0", frozenset(), {"claude-opus-4-5-20251101": date(2027, 1, 22)})
    before = judge(CATALOG, "claude-opus-4-5-20251101", date(2026, 12, 3), sdk)
    assert (before.code, before.retires_on) == ("M002", date(2027, 1, 22))
    assert before.replacement and before.replacement != "claude-opus-4-5-20251101"
    after = judge(CATALOG, "claude-opus-4-5-20251101", date(2027, 1, 22), sdk)
    assert after.code == "M001"
    assert judge(CATALOG, "claude-opus-4-5-20251101", date(2026, 12, 3)).code == ""
    alias = judge(CATALOG, "claude-opus-4-5", date(2026, 12, 3), sdk)
    assert alias.code == "M002"  # the alias of the same entry
    quiet = SdkModels("2.16.0", frozenset(), {"claude-haiku-2": date(2027, 1, 22)})
    assert judge(CATALOG, "claude-opus-4-5-20251101", date(2026, 12, 3), quiet).code == ""


def test_the_sdks_deprecation_warning_in_a_log_is_evidence_for_m002(tmp_path: Path) -> None:
    from opsdoc.commands.diagnose import Options, diagnose
    from opsdoc.config import Config
    from opsdoc.evidence import Ref
    from opsdoc.models.extract import DEPRECATION_WARNED, model_refs_in_log

    line = (
        "/app/summarizer/jobs.py:25: DeprecationWarning: The model 'claude-opus-4-5-20251101' "
        "is deprecated and will reach end-of-life on January 22nd, 2027."
    )
    [ref] = model_refs_in_log(line, Ref("exports", "worker.log:2"))
    assert (ref.model_id, ref.context) == ("claude-opus-4-5-20251101", DEPRECATION_WARNED)
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "config.py").write_text(
        "import anthropic\n"
        'MODEL = "claude-opus-4-5-20251101"\n'
        "def summarise(text):\n"
        "    client = anthropic.Anthropic()\n"
        "    return client.messages.create(model=MODEL, max_tokens=512, messages=[])\n"
    )
    (tmp_path / "ev").mkdir()
    (tmp_path / "ev" / "worker.log").write_text(
        f"2026-12-03T07:30:09.627Z INFO rq.worker: summaries: job started\n"
        f"2026-12-03T07:30:09.700Z {line}\n"
    )
    report = diagnose(
        Options(
            root=tmp_path / "code",
            evidence=[tmp_path / "ev"],
            as_of=datetime(2026, 12, 3, 10, 30, tzinfo=UTC),
            config=Config(),
            offline=True,
        )
    )
    first = report.findings[0]
    assert (first.code, first.subject) == ("M002", "config.py:2")
    assert "The SDK warned of it 1 time(s) in the logs" in first.summary
    assert any("DeprecationWarning" in e.quote for e in first.evidence)
