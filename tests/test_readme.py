"""The README and the command stay in step: every command is documented, every documented command
exists, and .ci/run runs exactly the README's test command."""
import re
from pathlib import Path

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_a_readme_section_and_every_section_a_command():
    documented = set(re.findall(r"^### `kg (\w+)", README, flags=re.M))
    assert documented == set(main.commands), (documented ^ set(main.commands))


def test_ci_runs_the_readme_test_command():
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    test_command = [line for line in blocks[1].splitlines() if line and not line.startswith("#")][0]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_lists_every_named_query_with_its_question():
    from kg.query import named_queries

    for named in named_queries():
        assert f"| `{named.name}` | {named.question} |" in README, named.name
