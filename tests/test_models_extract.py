"""Model-ID extraction from Python, config files and log lines."""

from __future__ import annotations

from pathlib import Path

from opsdoc.evidence import Ref
from opsdoc.models.extract import (
    MODEL_SITE,
    model_id_sites,
    model_refs_in_log,
    model_refs_in_python,
    model_refs_in_text,
)

FIXTURES = Path(__file__).parent / "fixtures" / "models"


def _ids(refs: list) -> list[tuple[str, str]]:
    return [(r.ref.location, r.model_id) for r in refs]


def test_python_literals_defaults_dict_values_and_kwargs() -> None:
    path = "app/summarise.py"
    source = (FIXTURES / "retired_worker" / path).read_text()
    refs = model_refs_in_python(source, path)
    assert _ids(refs) == [
        ("app/summarise.py:11", "claude-3-5-sonnet-latest"),
        ("app/summarise.py:15", "claude-3-haiku-20240307"),
    ]
    assert {r.context for r in refs} == {"code"}
    assert {r.ref.source for r in refs} == {"code"}


def test_f_string_constant_part_and_keyword_argument() -> None:
    source = (
        'REGION = "us"\n'
        'MODEL = f"claude-3-5-haiku-20241022"\n'
        'ARN = f"{REGION}.anthropic.claude-3-haiku-20240307-v1:0"\n'
        'PARTIAL = f"claude-3-opus-{REGION}"\n'
        'call(model="claude-sonnet-4-6")\n'
    )
    assert _ids(model_refs_in_python(source, "m.py")) == [
        ("m.py:2", "claude-3-5-haiku-20241022"),
        ("m.py:3", "anthropic.claude-3-haiku-20240307-v1:0"),
        ("m.py:5", "claude-sonnet-4-6"),
    ]


def test_prose_comments_urls_and_products_are_not_flagged() -> None:
    source = (FIXTURES / "healthy" / "app" / "service.py").read_text()
    assert model_refs_in_python(source, "app/service.py") == []
    commented = '# MODEL = "claude-3-5-sonnet-20241022"\nx = "Claude 3.5 Sonnet is retired"\n'
    assert model_refs_in_python(commented, "c.py") == []


def test_bedrock_arn_string_is_a_model_id() -> None:
    source = (FIXTURES / "platforms" / "bedrock.py").read_text()
    assert _ids(model_refs_in_python(source, "bedrock.py")) == [
        (
            "bedrock.py:4",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
        ),
        ("bedrock.py:9", "us.anthropic.claude-3-haiku-20240307-v1:0"),
    ]


def test_syntax_error_falls_back_to_text_scan() -> None:
    source = 'print "legacy"\nMODEL = "claude-2.1"\n'
    assert _ids(model_refs_in_python(source, "old.py")) == [("old.py:2", "claude-2.1")]


def test_config_files() -> None:
    env = (FIXTURES / "retired_worker" / ".env.production").read_text()
    assert _ids(model_refs_in_text(env, ".env.production", "env")) == [
        (".env.production:3", "claude-3-7-sonnet-20250219")
    ]
    yaml_text = (FIXTURES / "retired_worker" / "worker.yaml").read_text()
    refs = model_refs_in_text(yaml_text, "worker.yaml", "config")
    assert _ids(refs) == [("worker.yaml:5", "claude-3-opus-20240229")]
    assert refs[0].context == "config"
    toml_text = (FIXTURES / "invented_ids" / "settings.toml").read_text()
    assert _ids(model_refs_in_text(toml_text, "settings.toml", "config")) == [
        ("settings.toml:3", "claude-sonet-4-6"),
        ("settings.toml:4", "claude-haiku-4-5"),
    ]
    docker = (FIXTURES / "deprecated_sonnet" / "Dockerfile").read_text()
    assert _ids(model_refs_in_text(docker, "Dockerfile", "config")) == [
        ("Dockerfile:5", "claude-sonnet-4-5")
    ]
    vertex = (FIXTURES / "platforms" / "vertex.yaml").read_text()
    assert _ids(model_refs_in_text(vertex, "vertex.yaml", "config")) == [
        ("vertex.yaml:4", "claude-3-5-haiku@20241022"),
        ("vertex.yaml:5", "claude-sonnet-4-6"),
    ]


def test_json_and_comments_in_text() -> None:
    text = '{"model": "claude-opus-4-1", "note": "see claude-code docs"}\n# claude-2.0\n'
    assert _ids(model_refs_in_text(text, "c.json", "config")) == [("c.json:1", "claude-opus-4-1")]


def test_log_not_found_bodies() -> None:
    lines = (FIXTURES / "logs" / "rq_worker.log").read_text().splitlines()
    refs = [
        r
        for i, line in enumerate(lines)
        for r in model_refs_in_log(line, Ref("exports", f"w.log#{i}"))
    ]
    assert _ids(refs) == [
        ("w.log#1", "claude-3-haiku-20240307"),
        ("w.log#2", "claude-3-haiku-20240307"),
    ]
    assert {r.context for r in refs} == {"log"}
    json_lines = (FIXTURES / "logs" / "cloud_run_stderr.log").read_text().splitlines()
    refs = [r for line in json_lines for r in model_refs_in_log(line, Ref("exports", "l"))]
    assert [r.model_id for r in refs] == ["claude-3-5-haiku-20241022", "claude-sonnet-4-6"]


def test_log_lines_without_a_404_yield_nothing() -> None:
    assert model_refs_in_log("using model: claude-3-5-sonnet-20241022", Ref("x", "1")) == []
    assert model_refs_in_log("Job OK (abc)", Ref("x", "2")) == []


def test_model_id_sites_keep_the_whole_line() -> None:
    source = (FIXTURES / "deprecated_sonnet" / "agent.py").read_text()
    refs = model_refs_in_python(source, "agent.py")
    sites = model_id_sites(refs, source)
    assert len(sites) == 1
    site = sites[0]
    assert site.kind == MODEL_SITE and site.where == "agent.py:8"
    assert site.attr("text") == '        model="claude-sonnet-4-5-20250929",'
    assert site.snippet == 'model="claude-sonnet-4-5-20250929",'


def test_a_vertex_ai_404_names_the_model_in_its_resource_path() -> None:
    """What the anthropic SDK's Vertex client raises when Vertex AI has no such model."""
    line = (
        "anthropic.NotFoundError: Error code: 404 - [{'error': {'code': 404, 'message': "
        "'Publisher Model `projects/p/locations/europe-west1/publishers/anthropic/models/"
        "claude-3-5-sonnet-v2@20241022` was not found or your project does not have access to "
        "it.', 'status': 'NOT_FOUND'}}]"
    )
    assert [r.model_id for r in model_refs_in_log(line, Ref("x", "1"))] == [
        "claude-3-5-sonnet-v2@20241022"
    ]


def test_a_dotted_version_is_an_id_unless_another_provider_routes_it() -> None:
    """``claude-opus-4.8`` written from memory 404s on the Claude API; OpenRouter spells its
    IDs with dots behind a provider prefix (``anthropic/claude-3.5-sonnet``)."""
    text = (
        "DIGEST_MODEL=claude-opus-4.8\n"
        "OPENROUTER_MODEL=anthropic/claude-3.5-sonnet\n"
        "ROUTED=openrouter/anthropic/claude-sonnet-4.5\n"
    )
    refs = model_refs_in_text(text, "deploy/.env", "config")
    assert [r.model_id for r in refs] == ["claude-opus-4.8"]
    source = (
        "import anthropic\n"
        "client = anthropic.Anthropic()\n"
        "client.messages.create(model='claude-sonnet-4.6', max_tokens=5, messages=[])\n"
        "client.messages.create(model='anthropic/claude-3.5-haiku', max_tokens=5, messages=[])\n"
    )
    assert [r.model_id for r in model_refs_in_python(source, "app.py")] == ["claude-sonnet-4.6"]


def test_an_anthropic_slug_in_a_file_that_talks_to_a_gateway_is_the_gateway_s_id() -> None:
    """OpenRouter serves ``anthropic/claude-sonnet-4``; the Claude API has no such ID. Where
    no gateway is named, the prefix is LiteLLM's and the rest goes to the Claude API."""
    gateway = (
        "from openai import OpenAI\n"
        "client = OpenAI(base_url='https://openrouter.ai/api/v1')\n"
        "client.chat.completions.create(model='anthropic/claude-sonnet-4', messages=[])\n"
        "DIRECT = 'claude-sonnet-4'\n"
    )
    assert [r.model_id for r in model_refs_in_python(gateway, "app.py")] == ["claude-sonnet-4"]
    litellm = "import litellm\nlitellm.completion(model='anthropic/claude-sonnet-4', messages=[])\n"
    assert [r.model_id for r in model_refs_in_python(litellm, "app.py")] == ["claude-sonnet-4"]
    config = "base_url: https://openrouter.ai/api/v1\nmodel: anthropic/claude-sonnet-4\n"
    assert model_refs_in_text(config, "conf.yaml", "config") == []
    assert [
        r.model_id for r in model_refs_in_text(config.split("\n", 1)[1], "c.yaml", "config")
    ] == ["claude-sonnet-4"]


def _contexts(files: list[tuple[str, str]]) -> list[tuple[str, str, str, bool]]:
    from opsdoc.evidence import ModelRef
    from opsdoc.models.extract import project_model_refs

    return [
        (r.ref.location, r.model_id, r.context, r.listed)
        for r in project_model_refs(files)
        if isinstance(r, ModelRef)
    ]


CHOICES = """
from discord.commands import OptionChoice

CHAT_MODEL_CHOICES = [
    OptionChoice(name="Sonnet 4.5", value="claude-sonnet-4-5"),
    OptionChoice(name="Haiku 4.5", value="claude-haiku-4-5"),
]
"""


def test_model_ids_offered_as_choices_of_an_option_that_reaches_a_call_are_in_use() -> None:
    """discord-claude's ``/chat`` command: the IDs of a py-cord choice list, handed to
    ``@option("model", choices=...)``, reach ``messages.create`` through the command's
    ``model`` parameter (and so for argparse ``choices=`` read as ``args.model``, and
    click's ``type=click.Choice([...])``). Listed among alternatives, they are no copy
    of a setting (M005)."""
    cog = """
from discord import option
from .options import CHAT_MODEL_CHOICES

class Cog:
    @option("prompt", required=True)
    @option("model", choices=CHAT_MODEL_CHOICES, required=False)
    async def chat(self, ctx, prompt, model="claude-haiku-4-5"):
        return await self.client.messages.create(model=model, messages=[])
"""
    assert _contexts([("bot/options.py", CHOICES), ("bot/cog.py", cog)]) == [
        ("bot/options.py:5", "claude-sonnet-4-5", "code", True),
        ("bot/options.py:6", "claude-haiku-4-5", "code", True),
        ("bot/cog.py:8", "claude-haiku-4-5", "code", False),
    ]
    # the option offered to a parameter that never reaches a request: a label only
    unused = cog.replace("model=model", 'model="claude-haiku-4-5"')
    assert {
        c for _, _, c, _ in _contexts([("bot/options.py", CHOICES), ("bot/cog.py", unused)])[:2]
    } == {"mention"}
    cli = """
import argparse
import click
import anthropic

MODELS = ("claude-sonnet-4-5", "claude-haiku-4-5")

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=MODELS)
    args = parser.parse_args()
    anthropic.Anthropic().messages.create(model=args.model, max_tokens=5, messages=[])

@click.command()
@click.option("--model-name", type=click.Choice(["claude-opus-4-1"]))
def run(model_name):
    anthropic.Anthropic().messages.create(model=model_name, max_tokens=5, messages=[])
"""
    assert [(loc, c) for loc, _, c, _ in _contexts([("tool/cli.py", cli)])] == [
        ("tool/cli.py:6", "code"),
        ("tool/cli.py:6", "code"),
        ("tool/cli.py:15", "code"),
    ]
    # a list of supported IDs only compared against is no use
    check = """
SUPPORTED = ["claude-sonnet-4-5"]

def ok(model):
    return model in SUPPORTED
"""
    assert _contexts([("app/check.py", check)]) == [
        ("app/check.py:2", "claude-sonnet-4-5", "mention", True)
    ]


def test_one_element_of_a_list_read_by_its_index_is_the_only_one_in_use() -> None:
    """gptme's form auto-detection keeps three fast models in a list but only ever sends
    ``fast_models[0]``: the retired Haiku at index 2 is never requested. A loop over the
    list sends each of them."""
    first = """
def parse(chat):
    fast_models = ["claude-haiku-4-5", "gpt-4o-mini", "claude-3-5-haiku-20241022"]
    model = fast_models[0]
    return chat(model=model)
"""
    assert [(loc, c) for loc, _, c, _ in _contexts([("app/parse.py", first)])] == [
        ("app/parse.py:3", "mention"),  # claude-3-5-haiku-20241022, index 2
        ("app/parse.py:3", "code"),  # claude-haiku-4-5, index 0
    ]
    each = first.replace(
        "model = fast_models[0]\n    return chat(model=model)",
        "for m in fast_models:\n        chat(model=m)",
    )
    assert {c for _, _, c, _ in _contexts([("app/parse.py", each)])} == {"code"}


OVERRIDDEN = """
import anthropic


class AsyncLLM:
    def __init__(self, model: str = "claude-3-haiku-20240307", system: str = ""):
        self.model = model
        self.client = anthropic.AsyncAnthropic()

    async def ask(self, text):
        return await self.client.messages.create(model=self.model, max_tokens=9, messages=[])
"""


def test_a_default_every_call_overrides_is_never_sent() -> None:
    """Open-LLM-VTuber's ``AsyncLLM(model="claude-3-haiku-latest")`` default: its only
    caller, imported under another name, always passes ``model=``. A call that leaves the
    parameter out, or unpacks ``**kwargs``, sends the default."""
    factory = "from app.claude import AsyncLLM as ClaudeLLM\n\ndef make(cfg):\n    return ClaudeLLM({args})\n"

    def context(args: str) -> str:
        files = [("app/claude.py", OVERRIDDEN), ("app/factory.py", factory.format(args=args))]
        ((_, _, found, _),) = _contexts(files)
        return found

    assert context("model=cfg.model, system=cfg.prompt") == "mention"
    assert context("cfg.model") == "mention"  # by position
    assert context("system=cfg.prompt") == "code"
    assert context("**cfg.kwargs") == "code"
