"""Site pages as Markdown files any MkDocs host can build (French only for now)."""

from __future__ import annotations

from pathlib import Path

from ctai_site import richtext, vocab
from ctai_site.model import Action, Catalog


def render_action(action: Action) -> str:
    content = action.content
    parts = [
        f"# {content.title}",
        "",
        f'<p class="ctai-summary">{richtext.inline_html(content.summary)}</p>',
        "",
        richtext.to_html(content.what),
    ]
    return "\n".join(parts) + "\n"


def render_index(catalog: Catalog) -> str:
    lines = ["# Actions", ""]
    for action in catalog.actions:
        theme = vocab.THEMES_BY_KEY[action.themes.main]
        lines.append(f"- [{action.content.title}](actions/{action.id}.md) — {theme.name_fr}")
    return "\n".join(lines) + "\n"


def site_files(catalog: Catalog) -> dict[str, str]:
    """Relative path -> Markdown, for every generated page."""
    files = {"index.md": render_index(catalog)}
    for action in catalog.actions:
        files[f"actions/{action.id}.md"] = render_action(action)
    return files


def write_site_files(catalog: Catalog, out: Path) -> int:
    """Write pages that changed (so `mkdocs serve` doesn't loop), delete stale ones."""
    files = site_files(catalog)
    written = 0
    for rel, text in files.items():
        target = out / rel
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written += 1
    if out.exists():
        for old in out.rglob("*.md"):
            if old.relative_to(out).as_posix() not in files:
                old.unlink()
    return written
