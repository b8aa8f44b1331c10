"""The guides that travel with the tool: `docs/*.md` of the repository ship in the package
(`pyproject.toml` maps `docs/` to `ctai_site/docs/guides/`), so that `ctai-site aide SUJET`
shows them on a machine that has only the installed wheel, and every message can name them."""

from __future__ import annotations

from pathlib import Path

# Topic -> (file, what it is): the names `ctai-site aide` takes.
DOCS = {
    "format": ("format.md", "le format des fiches, clé par clé"),
    "nouveau-territoire": (
        "nouveau-territoire.md",
        "créer, remplir et mettre à jour le site d'un territoire",
    ),
    "publier": ("publier.md", "publier le site (GitLab Pages, GitHub Pages, tout hébergeur)"),
    "carte": ("map.md", "le fond de la carte et son serveur de tuiles"),
    "performance": ("performance.md", "ce que coûte la construction, mesuré"),
}


def guides_folder() -> Path:
    """Where the guides are: inside the installed package, or `docs/` of a clone."""
    shipped = Path(__file__).resolve().parent / "guides"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "docs"


def guide_path(topic: str) -> Path | None:
    """The file of a topic, None if there is no such topic (or the file is missing)."""
    if topic not in DOCS:
        return None
    path = guides_folder() / DOCS[topic][0]
    return path if path.is_file() else None
