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


def test_the_add_an_article_example_prints_what_the_readme_shows(tmp_path):
    """Step 1 of "Add an article": the lines the README shows under the command are what kg draft
    says (so the walk-through cannot drift from the tool)."""
    import subprocess
    import sys

    section = README.split("## Add an article", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S).group(1)
    shown = [line[1:].strip() for line in block.splitlines() if line.startswith("#   ")]
    assert shown
    done = subprocess.run([sys.executable, "-m", "kg", "draft", "tests/data/articles/drug-seizures.txt", "--date",
                           "2023-04-05", "-o", str(tmp_path / "drug.trig")], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    said = [" ".join(line.split()) for line in done.stderr.splitlines()]
    for line in shown:
        assert " ".join(line.replace("/tmp/drug.trig", str(tmp_path / "drug.trig")).split()) in said, line
