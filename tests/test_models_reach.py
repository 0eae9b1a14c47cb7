"""A retired model ID inside code nothing refers to sends no request: info, not M001.

Real applications keep leftovers: a client class replaced by another, a helper whose only
call was commented out. Maintainers rejected M001 errors on those. A definition is dead
only when its name appears nowhere else in the project (code, strings, config or deploy
files; comments do not count), and only definitions a name can settle are judged:
undecorated module-level functions not named like an entry point, plain classes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from opsdoc.commands.diagnose import Options, build_sources, diagnose
from opsdoc.config import Config

AS_OF = datetime(2026, 12, 2, tzinfo=UTC)
RETIRED = "claude-3-5-sonnet-20241022"

DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "-m", "app.worker"]\n'

WORKER = """from app.summarise import summarise_ticket


def process(ticket):
    return summarise_ticket(ticket)


if __name__ == "__main__":
    process({"id": 1})
"""

LIVE = f"""import anthropic

client = anthropic.Anthropic()


def summarise_ticket(ticket):
    return client.messages.create(model="{RETIRED}", max_tokens=300, messages=[])
"""

LEFTOVER = f"""import anthropic


def draft_reply_old(ticket):
    client = anthropic.Anthropic()
    return client.messages.create(model="{RETIRED}", max_tokens=300, messages=[])


class LegacyClient:
    def __init__(self):
        self.model = "{RETIRED}"
        self.client = anthropic.Anthropic()

    def ask(self, text):
        return self.client.messages.create(model=self.model, max_tokens=10, messages=[])
"""


def m001(root: Path) -> list[tuple[str, str, str]]:
    options = Options(root=root, as_of=AS_OF, config=Config(), offline=True)
    report = diagnose(options, build_sources(options))
    return sorted(
        (f.severity.value, f.subject, f.summary) for f in report.findings if f.code == "M001"
    )


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_a_retired_id_only_in_functions_and_classes_nothing_refers_to_is_info(
    tmp_path: Path,
) -> None:
    caller = "from app import old_reply\n\n# old_reply.draft_reply_old(ticket)  # replaced\n"
    root = project(
        tmp_path,
        {
            "Dockerfile": DOCKERFILE,
            "app/__init__.py": "",
            "app/worker.py": "def process(ticket):\n    return None\n",
            "app/old_reply.py": LEFTOVER,
            "app/tickets.py": caller,
        },
    )
    ((severity, subject, summary),) = m001(root)
    assert (severity, subject) == ("info", RETIRED)
    assert "only in code nothing runs" in summary


def test_the_same_id_in_a_function_the_worker_calls_stays_an_error(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "Dockerfile": DOCKERFILE,
            "app/__init__.py": "",
            "app/worker.py": WORKER,
            "app/summarise.py": LIVE,
            "app/old_reply.py": LEFTOVER,
        },
    )
    found = m001(root)
    assert {s for s, _, _ in found} == {"error"}, found


def test_a_name_in_a_string_or_a_config_file_is_a_reference(tmp_path: Path) -> None:
    """A task queue's dotted path, an entry point in pyproject, a registry by name."""
    by_string = project(
        tmp_path / "a",
        {
            "Dockerfile": DOCKERFILE,
            "app/__init__.py": "",
            "app/worker.py": 'QUEUE.enqueue("app.old_reply.draft_reply_old", 1)\n',
            "app/old_reply.py": LEFTOVER.replace("class LegacyClient", "class _Unused"),
        },
    )
    assert {s for s, _, _ in m001(by_string)} == {"error"}
    by_config = project(
        tmp_path / "b",
        {
            "Dockerfile": DOCKERFILE,
            "pyproject.toml": '[project.scripts]\nreply = "app.old_reply:draft_reply_old"\n',
            "app/__init__.py": "",
            "app/old_reply.py": LEFTOVER.replace("class LegacyClient", "class _Unused"),
        },
    )
    assert {s for s, _, _ in m001(by_config)} == {"error"}


def test_decorated_functions_and_subclasses_are_reached_by_registration(tmp_path: Path) -> None:
    registered = f"""import anthropic
from celery import shared_task
from django.core.management.base import BaseCommand


@shared_task
def nightly_digest():
    return anthropic.Anthropic().messages.create(model="{RETIRED}", max_tokens=5, messages=[])


class Command(BaseCommand):
    def handle(self, *args, **options):
        anthropic.Anthropic().messages.create(model="{RETIRED}", max_tokens=5, messages=[])


def main():
    anthropic.Anthropic().messages.create(model="{RETIRED}", max_tokens=5, messages=[])
"""
    root = project(
        tmp_path, {"Dockerfile": DOCKERFILE, "app/__init__.py": "", "app/jobs.py": registered}
    )
    assert [s for s, _, _ in m001(root)] == ["error"] * 3


def test_in_a_library_public_functions_are_its_api(tmp_path: Path) -> None:
    """No image or deploy file: an uncalled public function is called by the library's
    users; only a private one nothing refers to is dead."""
    public = project(tmp_path / "lib", {"pkg/__init__.py": "", "pkg/client.py": LEFTOVER})
    assert {s for s, _, _ in m001(public)} == {"error"}
    private = project(
        tmp_path / "lib2",
        {
            "pkg/__init__.py": "",
            "pkg/client.py": LEFTOVER.replace(
                "def draft_reply_old", "def _draft_reply_old"
            ).replace("class LegacyClient", "class _LegacyClient"),
        },
    )
    assert {s for s, _, _ in m001(private)} == {"info"}


def test_names_a_framework_finds_by_their_spelling_are_never_dead(tmp_path: Path) -> None:
    """pytest collects ``test_*`` functions nobody calls (browser-use's live CI test that a
    retired model broke); Home Assistant calls ``async_setup_entry`` by name."""
    live_test = (
        "import os\n\nfrom app.agent import Agent\n\n\n"
        "async def test_sonnet_clicks_the_button():\n"
        f"    agent = Agent(model='{RETIRED}', api_key=os.environ['ANTHROPIC_API_KEY'])\n"
        "    assert await agent.run()\n"
    )
    integration = (
        "import anthropic\n\n\nasync def async_setup_entry(hass, entry):\n"
        f"    return anthropic.Anthropic().messages.create(model='{RETIRED}', max_tokens=5)\n"
    )
    root = project(
        tmp_path,
        {
            "Dockerfile": DOCKERFILE,
            "app/__init__.py": "",
            "app/agent.py": "class Agent:\n    def __init__(self, model, api_key):\n"
            "        self.model = model\n",
            "tests/test_live.py": live_test,
            "custom_components/helper/__init__.py": integration,
        },
    )
    found = m001(root)
    assert [s for s, _, _ in found] == ["error", "warning"], found
