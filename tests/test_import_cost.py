"""`kg query` must start fast: it never imports rdflib, networkx, pyvis or pySHACL."""
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).parent / "data" / "project"
HEAVY = ("rdflib", "networkx", "pyvis", "pyshacl")


def test_kg_query_imports_nothing_heavy():
    code = (
        "import sys\nfrom kg.cli import main\n"
        "try:\n    main(['--root', sys.argv[1], 'query', '--name', 'sources', '--format', 'csv'])\n"
        "except SystemExit:\n    pass\n"
        f"print('HEAVY', sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(PROJECT)], capture_output=True, text=True, check=True)
    assert "source" in result.stdout  # the query really ran
    assert result.stdout.strip().splitlines()[-1] == "HEAVY []", result.stdout
