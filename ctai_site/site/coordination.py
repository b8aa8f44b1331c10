"""The coordination pages: for the team that runs the site, not for newcomers. The Réfugiés.info
drafts, the yearly reports, the follow-up of the fiches, the translation status, and the page
that lists them (`coordination/index.md`, the one the team bookmarks).

They are French only, `noindex`, left out of the search, of the sitemap (`leave_out`) and of
every public page's links. With the plugin's `coordination_dir` option, the built site keeps
none of them: the whole site with them goes to that folder instead (`split`), for a host the
public does not see.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from ctai_site.templating import environment

COORDINATION_DIR = "coordination"
PAGE = f"{COORDINATION_DIR}/index.md"
ROBOTS = "noindex, nofollow"


def render_coordination_page(
    *, drafts: bool, reports: bool, templates: Path | None = None
) -> str:
    return (
        environment(templates)
        .get_template("coordination.md.j2")
        .render(drafts=drafts, reports=reports, robots=ROBOTS)
    )


def built_folders(source_only: tuple[str, ...]) -> list[str]:
    """The built site's folders (and pages) of the coordination pages: `traductions.md` is
    built as `traductions/` (or `traductions.html`)."""
    out = []
    for path in source_only:
        name = path.rstrip("/")
        out += [name] if path.endswith("/") else [name[:-3], name[:-3] + ".html"]
    return out


def leave_out(sitemap: str, folders: list[str]) -> str:
    """The sitemap without the `<url>` entries of the coordination pages."""
    names = "|".join(re.escape(f) for f in folders)
    entry = re.compile(
        rf"\s*<url>\s*<loc>[^<]*?/(?:{names})(?:/[^<]*)?</loc>.*?</url>", re.S
    )
    return entry.sub("", sitemap)


def split(site_dir: Path, folders: list[str], target: Path) -> None:
    """`target` becomes the whole site with its coordination pages (hard links: no second copy
    on disk where the file system allows), and `site_dir` keeps none of them."""
    if target.exists():
        shutil.rmtree(target)

    def link(source: str, dest: str) -> None:
        try:
            os.link(source, dest)
        except OSError:  # another file system
            shutil.copy2(source, dest)

    shutil.copytree(site_dir, target, copy_function=link)
    for name in folders:
        path = site_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.is_file():
            path.unlink()
