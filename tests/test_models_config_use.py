"""When a model ID in a config or data file is a setting in use, and when it only labels data.

An ID in a non-Python file is in use when a platform reads the file to run the project
(deploy files, LiteLLM router configs) or when a module, deploy file or script opens the
file by name. A field of a data table's records (a benchmark leaderboard a site generator
renders) names which model a row is about: at most an info finding.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from opsdoc.checks import models as checks
from opsdoc.evidence import Evidence, ModelRef
from opsdoc.findings import Severity
from opsdoc.models.extract import MENTION, code_loads, project_model_refs, record_field_lines

AS_OF = datetime(2026, 12, 2, tzinfo=UTC)

LEADERBOARD = """- dirname: 2024-05-01-20-05-59--direct-opus-filenames-outside-fence
  test_cases: 133
  model: claude-3-opus-20240229
  edit_format: diff
  commit_hash: f4b1797-dirty, f4b1797
  pass_rate_1: 53.4
  command: aider --opus

- dirname: 2024-06-20-15-16-41--claude-3.5-sonnet-diff
  test_cases: 133
  model: claude-3-5-sonnet-20240620
  edit_format: diff
  commit_hash: 068609e-dirty
  pass_rate_1: 57.9
  command: aider --sonnet
"""

SETTINGS_YAML = """# Runtime settings; see app/config.py
service:
  name: helpdesk-triage
llm:
  provider: anthropic
  model: claude-3-5-sonnet-20240620
  max_tokens: 600
"""

LOADER = """from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "config" / "settings.yaml"


def load(path: Path = DEFAULT_PATH) -> dict:
    with path.open() as fh:
        return yaml.safe_load(fh)
"""

BUILT_NAME_LOADER = """import os
import tomllib
from pathlib import Path

_ENV = os.environ.get("APP_ENV", "production")
_PATH = Path(__file__).resolve().parent.parent / "config" / f"{_ENV}.toml"

with _PATH.open("rb") as fh:
    CONFIG = tomllib.load(fh)
"""

PRODUCTION_TOML = """[llm]
model = "claude-3-opus-20240229"
max_tokens = 1200
"""

PLOTTER = """import yaml

with open("website/_data/leaderboard.yml") as fh:
    ROWS = yaml.safe_load(fh)
"""

ROUTER = """model_list:
  - model_name: smart
    litellm_params:
      model: anthropic/claude-3-opus-20240229
"""

WORKFLOW = """name: review
on: [pull_request]
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          model: claude-3-opus-20240229
"""

READS_MODEL_ENV = """import os

MODEL = os.environ["MODEL"]


def ask(client, text):
    return client.messages.create(model=MODEL, max_tokens=10, messages=text)
"""


def _contexts(files: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    return {
        (r.ref.location, r.model_id): r.context
        for r in project_model_refs(files)
        if isinstance(r, ModelRef)
    }


def test_a_leaderboard_the_site_renders_is_data_not_a_setting() -> None:
    found = _contexts([("website/_data/leaderboard.yml", LEADERBOARD)])
    assert found == {
        ("website/_data/leaderboard.yml:3", "claude-3-opus-20240229"): MENTION,
        ("website/_data/leaderboard.yml:11", "claude-3-5-sonnet-20240620"): MENTION,
    }
    ev = Evidence(as_of=AS_OF)
    ev.add(project_model_refs([("website/_data/leaderboard.yml", LEADERBOARD)]))
    hits = list(checks.retired_model(ev))
    assert hits and {h.severity for h in hits} == {Severity.INFO}


def test_a_table_stays_data_even_when_a_script_reads_it() -> None:
    found = _contexts(
        [("website/_data/leaderboard.yml", LEADERBOARD), ("benchmark/plots.py", PLOTTER)]
    )
    assert set(found.values()) == {MENTION}


def test_a_config_file_the_code_opens_by_name_is_in_use() -> None:
    loaded = _contexts([("config/settings.yaml", SETTINGS_YAML), ("app/config.py", LOADER)])
    assert loaded == {("config/settings.yaml:6", "claude-3-5-sonnet-20240620"): "config"}
    ev = Evidence(as_of=AS_OF)
    ev.add(project_model_refs([("config/settings.yaml", SETTINGS_YAML), ("app/config.py", LOADER)]))
    (hit,) = checks.retired_model(ev)
    assert hit.subject == "config/settings.yaml:6" and hit.severity is None  # an error


def test_the_same_config_file_that_nothing_opens_is_a_mention() -> None:
    # it opens another file of the same folder and kind, by its own name
    other = LOADER.replace('"settings.yaml"', '"logging.yaml"')
    assert _contexts([("config/settings.yaml", SETTINGS_YAML), ("app/config.py", other)]) == {
        ("config/settings.yaml:6", "claude-3-5-sonnet-20240620"): MENTION
    }


def test_a_name_built_at_run_time_from_folder_and_extension_is_a_load() -> None:
    files = [("config/production.toml", PRODUCTION_TOML), ("app/settings.py", BUILT_NAME_LOADER)]
    assert _contexts(files) == {("config/production.toml:2", "claude-3-opus-20240229"): "config"}
    # the module opens .json files from elsewhere: not this TOML file
    other = BUILT_NAME_LOADER.replace('"config"', '"cache"').replace(".toml", ".json")
    assert _contexts([("config/production.toml", PRODUCTION_TOML), ("app/settings.py", other)]) == {
        ("config/production.toml:2", "claude-3-opus-20240229"): MENTION
    }


def test_a_script_that_hands_the_file_to_the_program_is_a_load() -> None:
    run = "#!/bin/sh\nexec python -m app --config config/settings.yaml\n"
    assert _contexts([("config/settings.yaml", SETTINGS_YAML), ("run.sh", run)]) == {
        ("config/settings.yaml:6", "claude-3-5-sonnet-20240620"): "config"
    }
    commented = "#!/bin/sh\n# edit config/settings.yaml first\nexec python -m app\n"
    assert _contexts([("config/settings.yaml", SETTINGS_YAML), ("run.sh", commented)]) == {
        ("config/settings.yaml:6", "claude-3-5-sonnet-20240620"): MENTION
    }


def test_router_configs_and_ci_workflows_are_deploy_config_on_their_own() -> None:
    found = _contexts([("proxy/litellm.yaml", ROUTER), (".github/workflows/review.yml", WORKFLOW)])
    assert found == {
        ("proxy/litellm.yaml:4", "claude-3-opus-20240229"): "config",
        (".github/workflows/review.yml:9", "claude-3-opus-20240229"): "config",
    }
    # the same workflow text outside the workflows folder is no deploy file
    assert _contexts([("docs/review.yml", WORKFLOW)]) == {
        ("docs/review.yml:9", "claude-3-opus-20240229"): MENTION
    }


CI_JOBS = """name: ci
on: [push]
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      # the stable pass runs the latest release
      - name: Start server
        env:
          MODEL: anthropic/claude-3-opus-20240229
        run: app-server &
      - run: npx playwright test
  nightly-digest:
    runs-on: ubuntu-latest
    steps:
      - run: python -m app.digest
        env:
          MODEL: claude-3-opus-20240229
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: pytest -q
      - run: gcloud run deploy app --set-env-vars MODEL=claude-3-opus-20240229
"""


def test_a_model_in_a_ci_job_that_only_runs_tests_is_the_test_run_s() -> None:
    """gptme's webui e2e job starts the server with ``MODEL=anthropic/claude-3-5-haiku-latest``
    for Playwright tests that never send a request; a job that runs the app, or tests and
    then deploys, sets what serves."""
    found = _contexts([("app/digest.py", READS_MODEL_ENV), (".github/workflows/ci.yml", CI_JOBS)])
    assert {k: v for k, v in found.items() if k[0].startswith(".github")} == {
        (".github/workflows/ci.yml:10", "claude-3-opus-20240229"): MENTION,
        (".github/workflows/ci.yml:18", "claude-3-opus-20240229"): "config",
        (".github/workflows/ci.yml:23", "claude-3-opus-20240229"): "config",
    }


def test_a_lower_case_model_key_is_not_the_env_var_the_code_reads() -> None:
    files = [
        ("notes/benchmark.yaml", "model: claude-3-opus-20240229\n"),
        ("app.py", READS_MODEL_ENV),
    ]
    assert _contexts(files)[("notes/benchmark.yaml:1", "claude-3-opus-20240229")] == MENTION
    env = [(".env", "MODEL=claude-3-opus-20240229\n"), ("app.py", READS_MODEL_ENV)]
    assert _contexts(env)[(".env:1", "claude-3-opus-20240229")] == "config"


def test_record_field_lines_needs_a_list_of_records_sharing_the_key() -> None:
    assert record_field_lines("t.yml", LEADERBOARD) >= {3, 11}
    assert record_field_lines("s.yaml", SETTINGS_YAML) == set()
    one = "- model: claude-3-opus-20240229\n  name: only\n"
    assert record_field_lines("one.yml", one) == set()
    export = (
        '[\n  {"model": "claude-3-opus-20240229", "score": 1},\n  {"model": "x", "score": 2}\n]\n'
    )
    assert record_field_lines("t.json", export) == {2, 3}
    assert record_field_lines("broken.yml", "- model: [unclosed\n- model: x\n") == set()


def test_code_loads_needs_the_name_in_a_string() -> None:
    assert code_loads("config/settings.yaml", "app/config.py", LOADER)
    assert not code_loads("config/settings.yaml", "app/config.py", "# reads settings.yaml\n")
    assert not code_loads("config/settings.yaml", "config/settings.yaml", SETTINGS_YAML)


def test_the_code_scan_finds_a_loader_that_names_no_model(tmp_path: Path) -> None:
    """The module that opens the config file holds no model word at all: the scan reads it
    in a second pass, once a config file that needs a loader turned up."""
    from opsdoc.sources.base import SourceContext
    from opsdoc.sources.code import CodeSource

    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.yaml").write_text(SETTINGS_YAML)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "config.py").write_text(LOADER)
    (tmp_path / "website" / "_data").mkdir(parents=True)
    (tmp_path / "website" / "_data" / "leaderboard.yml").write_text(LEADERBOARD)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "old.yaml").write_text("llm:\n  model: claude-3-haiku-20240307\n")
    ctx = SourceContext(as_of=AS_OF, root=str(tmp_path), deadline_s=60)
    records = CodeSource(str(tmp_path)).collect(ctx).records
    refs = {(r.ref.location, r.context) for r in records if isinstance(r, ModelRef)}
    assert refs == {
        ("config/settings.yaml:6", "config"),
        ("website/_data/leaderboard.yml:3", MENTION),
        ("website/_data/leaderboard.yml:11", MENTION),
        ("notes/old.yaml:2", MENTION),
    }


PROFILE = """from assistant import agent

agent.llm.model = "claude-3.5"
agent.llm.max_tokens = 4096
"""

TRANSLATOR = """import anthropic


class Llm:
    def __init__(self):
        self.model = "claude-sonnet-4-6"
        self.client = anthropic.Anthropic()

    def run(self, messages):
        model = self.model
        if model in ("claude-3.5", "claude-3-5"):
            model = "claude-3-5-sonnet-20240620"
        return self.client.messages.create(model=model, max_tokens=512, messages=messages)
"""


def _m003(files: list[tuple[str, str]]) -> list[tuple[str, Severity | None, str]]:
    ev = Evidence(as_of=AS_OF)
    ev.add(project_model_refs(files))
    return [(h.subject, h.severity, h.summary) for h in checks.unknown_model(ev)]


def test_an_invented_looking_id_that_the_code_tests_for_is_an_alias() -> None:
    files = [("assistant/profiles/short.py", PROFILE), ("assistant/llm.py", TRANSLATOR)]
    found = _contexts(files)
    assert found[("assistant/llm.py:11", "claude-3.5")] == "compared"
    [(subject, severity, summary)] = _m003(files)
    assert (subject, severity) == ("assistant/profiles/short.py:3", Severity.INFO)
    assert "the code tests for this name (assistant/llm.py:11)" in summary


def test_the_same_id_with_no_comparison_or_only_a_test_s_is_never_released() -> None:
    plain = TRANSLATOR.replace('        if model in ("claude-3.5", "claude-3-5"):\n', "").replace(
        '            model = "claude-3-5-sonnet-20240620"\n', ""
    )
    alone = [("assistant/profiles/short.py", PROFILE), ("assistant/llm.py", plain)]
    [(_, severity, summary)] = _m003(alone)
    assert severity is None and "never released" in summary  # the check's error
    in_a_test = [*alone, ("tests/test_llm.py", TRANSLATOR)]
    [(_, severity, _)] = _m003(in_a_test)
    assert severity is None


SCHEMA = """from dataclasses import dataclass


@dataclass(frozen=True)
class ConfigBase:
    model_name: str
    required_env_vars: list[str]


@dataclass(frozen=True)
class LLMConfig(ConfigBase):
    supports_vision: bool = False
"""

REGISTRY = """from app.schema import LLMConfig

REGISTRY = {
    "OPUS": LLMConfig("anthropic/claude-opus-4-20250514", ["ANTHROPIC_API_KEY"], True),
    "LABEL": LLMConfig.__doc__ or "claude-sonnet-4-20250514",
}
"""

HANDLER = """import litellm

from app.registry import REGISTRY


async def complete(key, messages):
    config = REGISTRY[key]
    return await litellm.acompletion(model=config.model_name, messages=messages)
"""


def test_a_dataclass_field_reached_by_position_is_a_model_in_use() -> None:
    """Shape of skyvern's config registry: ``LLMConfig("anthropic/claude-...", ...)`` fills
    the first field of a dataclass base, which a handler sends as ``model=``."""
    files = [
        ("app/schema.py", SCHEMA),
        ("app/registry.py", REGISTRY),
        ("app/handler.py", HANDLER),
    ]
    found = _contexts(files)
    assert found[("app/registry.py:4", "claude-opus-4-20250514")] == "code"
    assert found[("app/registry.py:5", "claude-sonnet-4-20250514")] == MENTION
    # the same call to a plain class with no such field is not a use
    plain = SCHEMA.replace("@dataclass(frozen=True)\n", "")
    assert (
        _contexts([("app/schema.py", plain), *files[1:]])[
            ("app/registry.py:4", "claude-opus-4-20250514")
        ]
        == MENTION
    )
