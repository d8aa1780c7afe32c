"""The README, the manual in docs/ and the command stay in step: every command has its section in
docs/commands.md and every section a command; .ci/run runs exactly the README's test command; every
link between the pages leads somewhere; and every command the pages show is run here, in a copy of
the project, and prints what the page shows under it (a statement count, an error's line).

The commands that need a server (`kg serve`, `kg push`, `kg query --endpoint`, curl) are shown in
docs/serving.md and run against real servers by tests/test_web.py and tests/test_remote.py."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = {path: path.read_text(encoding="utf-8") for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]}
COMMANDS = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
NEEDS_A_SERVER = re.compile(r"\bkg\s+(?:serve|push)\b|--endpoint|^\s*(?:curl|oxigraph)\b|\$EDITOR")


def test_every_command_has_a_section_in_the_manual_and_every_section_a_command():
    documented = set(re.findall(r"^### `kg (\w+)", COMMANDS, flags=re.M))
    assert documented == set(main.commands), (documented ^ set(main.commands))


def test_ci_runs_the_readme_test_command():
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    test_command = [line for line in blocks[1].splitlines() if line and not line.startswith("#")][0]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_is_a_quick_start():
    assert len(README.splitlines()) <= 250
    for page in ("commands", "data-model", "curation", "serving", "benchmarks"):
        assert f"(docs/{page}.md" in README, page


def test_the_manual_lists_every_named_query_with_its_question():
    from kg.query import named_queries

    for named in named_queries():
        assert f"| `{named.name}` | {named.question} |" in COMMANDS, named.name


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@pytest.mark.parametrize("page", list(PAGES), ids=lambda p: p.name)
def test_every_link_between_the_pages_leads_to_a_page_and_heading(page):
    for target in re.findall(r"\]\(([^)\s]+)\)", PAGES[page]):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        file, _, anchor = target.partition("#")
        linked = (page.parent / file).resolve() if file else page
        assert linked.exists(), f"{page.name}: {target}"
        if anchor and linked.suffix == ".md":
            headings = re.findall(r"^#+ (.*)$", linked.read_text(encoding="utf-8"), flags=re.M)
            assert anchor in {_slug(h) for h in headings}, f"{page.name}: {target}"


def shown_commands() -> list[tuple[str, str, list[str]]]:
    """(page, command, the lines shown under it) for every `kg` command the pages show: each line
    of a ```sh block, and each `$ kg ...` line of a plain block with its output below it."""
    found = []
    for path, text in PAGES.items():
        for kind, block in re.findall(r"```(sh|)\n(.*?)```", text, flags=re.S):
            lines = block.splitlines()
            i = 0
            while i < len(lines):
                line = lines[i]
                command = line[2:] if kind == "" and line.startswith("$ ") else (line if kind == "sh" else "")
                i += 1
                if not command.strip().startswith("kg ") and " kg " not in f" {command}":
                    continue
                while True:  # a command over several lines: its quotes still open
                    try:
                        shlex.split(command, comments=True)
                        break
                    except ValueError:
                        command += "\n" + lines[i]
                        i += 1
                output = []
                while kind == "" and i < len(lines) and not lines[i].startswith("$ "):
                    output.append(lines[i])
                    i += 1
                if kind == "sh":  # the lines of comment under a command in a sh block are what it prints
                    while i < len(lines) and lines[i].startswith("#   "):
                        output.append(lines[i][1:].strip())
                        i += 1
                if not NEEDS_A_SERVER.search(command):
                    found.append((path.name, command, output))
    return found


SHOWN = shown_commands()


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """The project as a fresh clone has it, with the test articles the pages draft from."""
    root = tmp_path_factory.mktemp("clone")
    for part in ("ontology", "facts", "viz", "tests/data/articles"):
        shutil.copytree(ROOT / part, root / part)
    return root


def test_the_pages_show_commands_to_run():
    assert len(SHOWN) >= 20 and {page for page, _, _ in SHOWN} >= {"README.md", "commands.md", "curation.md", "data-model.md"}


@pytest.mark.parametrize("page", sorted({page for page, _, _ in SHOWN}))
def test_every_command_a_page_shows_runs_and_prints_what_it_shows(copy, page):
    """A page's commands run in the order it shows them, in one copy of the project (kg adopt
    writes the file kg validate then reads); each exits as the page says (0, or not where it shows
    an error) and prints the lines the page shows under it that say something checkable."""
    scratch = copy / "scratch" / page  # the page's /tmp
    scratch.mkdir(parents=True)
    for shown_on, command, output in SHOWN:
        if shown_on != page:
            continue
        script = re.sub(r"(^|&&\s*|\|\|\s*)kg ", lambda m: f"{m.group(1)}{shlex.quote(sys.executable)} -m kg ",
                        command.strip(), flags=re.M)
        script = re.sub(r"^python -m pip install [^&]*&& ", "", script)  # installed already: the rest is the job
        script = script.replace("/tmp/", f"{scratch}/").replace("mkdir notes", f"mkdir {scratch}/notes") \
            .replace("> notes/", f"> {scratch}/notes/").replace("--store notes", f"--store {scratch}/notes")
        done = subprocess.run(["bash", "-c", script], cwd=copy, capture_output=True, text=True, timeout=300)
        said = [" ".join(line.split()) for line in (done.stdout + done.stderr).replace(str(scratch), "/tmp").splitlines()]
        if any(line.startswith("error:") for line in output):
            assert done.returncode != 0, (command, done.stdout)
        else:
            assert done.returncode == 0, (command, done.stdout, done.stderr)
        for line in output:
            line = " ".join(line.replace("notes/", "/tmp/notes/").replace("--store notes", "--store /tmp/notes").split())
            if line.startswith(("error:", "#", "entities per class", "validation:")) or re.match(r"\d[\d,]* statements", line) \
                    or line.startswith(("drafted ", "against the graph", "new ")):
                assert line in said, (command, line, said[:20])
