"""Find the project directory: the folder with ontology/ and facts/, like mkdocs finds mkdocs.yml."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import ProjectNotFound

#: The templates of the repository kg is installed from (editable installs and source trees).
DEFAULT_VIZ_DIR = Path(__file__).resolve().parent.parent / "viz"


@dataclass(frozen=True)
class Project:
    """A project directory: ``ontology/`` (OWL, code lists, shapes), ``facts/`` and ``viz/``."""

    root: Path

    @classmethod
    def find(cls, root: str | Path | None = None) -> "Project":
        """The project at ``root``, or the nearest one from the working directory upward."""
        if root is not None:
            path = Path(root).resolve()
            if not cls._is_project(path):
                raise ProjectNotFound(f"{root}: not a vn-customs-kg project (no ontology/ and facts/ there)")
            return cls(path)
        here = Path.cwd().resolve()
        for candidate in (here, *here.parents):
            if cls._is_project(candidate):
                return cls(candidate)
        raise ProjectNotFound(
            f"no vn-customs-kg project in {here} or above (looked for ontology/ and facts/); use --root DIR"
        )

    @staticmethod
    def _is_project(path: Path) -> bool:
        return (path / "ontology").is_dir() and (path / "facts").is_dir()

    @property
    def ontology_files(self) -> list[Path]:
        """The ontology and code lists: every ontology/*.ttl except the shapes."""
        return sorted(p for p in (self.root / "ontology").glob("*.ttl") if p.name != "shapes.ttl")

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def fact_files(self) -> list[Path]:
        """Every facts/*.trig (and *.ttl, TriG's subset), in a stable order."""
        facts = self.root / "facts"
        return sorted([*facts.glob("*.trig"), *facts.glob("*.ttl")])

    @property
    def viz_dir(self) -> Path:
        """The page templates and styles: the project's own viz/, else the ones kg comes with."""
        own = self.root / "viz"
        return own if own.is_dir() else DEFAULT_VIZ_DIR

    def relative(self, path: Path) -> str:
        """``path`` as the user sees it: relative to the project root where possible."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)
