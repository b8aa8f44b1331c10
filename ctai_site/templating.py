"""One Jinja environment for every generated page: the site's, the drafts', a site's overrides.

Templates are found by name: a site's own folder first (the plugin's `templates` option), then
`site/templates/`, `refugies_info/templates/` `bilan/templates/` and `guide/templates/` of the package. Every filter escapes: a fiche's
text never becomes markup or Markdown syntax on the way.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory from one environment to the next. MkDocs makes a new
    Jinja environment for each build, and mkdocs-static-i18n runs one build per language (and
    `serve` one per edit): without it, Material's 35 templates are compiled again each time,
    a tenth of a language's build. Jinja checks each template's source against the checksum."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_PACKAGES = (
    "ctai_site.site",
    "ctai_site.refugies_info",
    "ctai_site.bilan",
    "ctai_site.guide",
)

# Python-Markdown's escapable characters (markdown.Markdown.ESCAPED_CHARS, `<` and `>` aside:
# they are entities already); a backslash before any other character would show.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+.!-])")
_SHORTCODE = re.compile(r":(?=[\w+-]+:)")


def md(text: str) -> Markup:
    """Text for a Markdown heading or link text: no Markdown, HTML, emoji or attribute syntax.

    Python-Markdown turns a backslash-escaped character back into itself; `:` before an
    `:emoji:` shortcode becomes an entity.
    """
    flat = " ".join(text.split())
    escaped = html.escape(flat, quote=False)
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    return Markup(_SHORTCODE.sub("&#58;", escaped))


def script_json(data: Any) -> str:
    """JSON safe inside `<script>`: no `<`, `>` or `&` left (so no `</script>` either)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def front_matter_str(text: str) -> Markup:
    """A front matter value: a JSON string is a valid YAML scalar; HTML-escaped because
    Material writes `page.title` into the page unescaped."""
    return Markup(json.dumps(html.escape(" ".join(text.split())), ensure_ascii=False))


def _environment(extra: Path | None) -> Environment:
    loaders: list[Any] = [PackageLoader(package, "templates") for package in TEMPLATE_PACKAGES]
    if extra is not None:
        loaders.insert(0, FileSystemLoader(extra))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["json_title"] = lambda v: Markup(json.dumps(html.escape(" ".join(str(v).split()))))
    env.filters["yaml_str"] = front_matter_str
    env.filters["attr_lines"] = lambda text: Markup(str(escape(text)).replace("\n", "&#10;"))
    return env


_ENVIRONMENTS: dict[Path | None, Environment] = {}


def environment(extra: Path | None = None) -> Environment:
    """The Jinja environment; templates of `extra` (a site's folder) override ours by name."""
    if extra not in _ENVIRONMENTS:
        _ENVIRONMENTS[extra] = _environment(extra)
    return _ENVIRONMENTS[extra]


def template_folders() -> list[Path]:
    """The package's template folders (what generated pages depend on, besides the data)."""
    return [Path(__file__).parent / p.split(".")[-1] / "templates" for p in TEMPLATE_PACKAGES]
