"""MkDocs glue, and the only module that imports MkDocs.

Everything happens before MkDocs touches `site/`: the catalogue and its translations are loaded
and checked in `on_config`, so a broken fiche stops the build with its `file:line` errors and
leaves the last good site in place (MkDocs cleans `site_dir` only after `on_config`).

Pages are written as Markdown files into `<docs_dir>/<generated_dir>/` because
mkdocs-static-i18n 1.3.1 cannot take in-memory files (ultrabug/mkdocs-static-i18n#263), and
mounted at the site root in `on_files` (`catalogue/actions/x.ar.md` -> `/ar/actions/x/`).
mkdocs-static-i18n re-runs the whole build once per language, calling every event again
(`mkdocs_static_i18n/plugin.py`, `on_post_build`): the catalogue is loaded and the files
written once per change of the sources, not eight times.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from ctai_site import exports, i18n, l10n, maps, opendata, pages, vocab
from ctai_site.errors import FicheError
from ctai_site.loading import load_catalog

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent / "assets"
CSS = "assets/ctai/ctai.css"
JS = "assets/ctai/ctai.js"
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "pymdownx.emoji")
# Word separators for search, beyond spaces: Arabic comma, semicolon and question mark;
# Ethiopic word space and punctuation (Tigrinya).
SEARCH_SEPARATOR = r"[\s\-،؛؟፡።፣፤፥፦፧]+"
LUNR_LANGUAGES = frozenset({"ar", "fr", "ru", "en"})  # lunr.js stemmers among our languages


class CtaiSiteConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (the hand-written pages still build)."""
    actions = c.Type(str, default="actions")
    """Folder of the fiches, relative to mkdocs.yml."""
    translations = c.Type(str, default="translations")
    """Folder of the translations, relative to mkdocs.yml."""
    generated_dir = c.Type(str, default="catalogue")
    """Folder inside docs_dir where pages are written (git-ignored), mounted at the site root."""
    templates = c.Optional(c.Type(str))
    """Folder of templates overriding ours by name (relative to mkdocs.yml)."""
    source = c.Type(str, default="ctai-site")
    """data·inclusion `source`: ids are exported as `<source>--<id>`."""


def _signature(folders: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """What the generated pages depend on, cheaply: every source file's path, mtime and size."""
    out = []
    for folder in folders:
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def _report_fallbacks(site: pages.Site) -> None:
    """Log (INFO: `--strict` must not fail) which translations are stale or missing."""
    for cov in i18n.coverage(site.catalog, site.translations):
        stale = [f for f in cov.fiches if f.stale]
        missing = [f.action_id for f in cov.fiches if f.state == i18n.MISSING]
        for fiche in stale:
            log.info(
                "%s : traduction périmée (%s), le français est affiché",
                site.translations.path_of(cov.lang, fiche.action_id),
                ", ".join(fiche.stale),
            )
        if missing:
            log.info(
                "%s : %d fiche(s) sans traduction, affichée(s) en français : %s",
                cov.lang,
                len(missing),
                ", ".join(missing),
            )
        if cov.strings_stale or cov.strings_missing:
            log.info(
                "%s : %d texte(s) de l'interface en français (traduction manquante ou périmée)",
                site.translations.path_of(cov.lang, i18n.SITE),
                len(cov.strings_stale) + len(cov.strings_missing),
            )
        for orphan in cov.orphans:
            log.info(
                "%s : aucune fiche ne porte cet identifiant",
                site.translations.path_of(cov.lang, orphan),
            )


class CtaiSitePlugin(BasePlugin[CtaiSiteConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.site: pages.Site | None = None
        self._signature: tuple[tuple[str, int, int], ...] | None = None

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent

    def _generated(self, config: MkDocsConfig) -> Path:
        return Path(config.docs_dir) / self.config.generated_dir

    def _templates(self, config: MkDocsConfig) -> Path | None:
        return self._root(config) / self.config.templates if self.config.templates else None

    # --- Configuration: load, check and write once; then per-language settings -------------

    @event_priority(0)
    def _load(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        missing = [e for e in REQUIRED_EXTENSIONS if e not in config.markdown_extensions]
        if missing:
            raise PluginError(
                "ctai-site : ajoutez à markdown_extensions de mkdocs.yml : " + ", ".join(missing)
            )
        for option, asset in (("extra_css", CSS), ("extra_javascript", JS)):
            if asset not in [str(v) for v in config[option]]:
                config[option].append(asset)
        root = self._root(config)
        folders = [root / self.config.actions, root / self.config.translations]
        templates = self._templates(config)
        folders += [Path(pages.__file__).parent / "templates"] + ([templates] if templates else [])
        signature = _signature(folders)
        if signature == self._signature:
            return config  # mkdocs-static-i18n's next language: nothing changed
        try:
            catalog = load_catalog(root / self.config.actions, display_root=root)
            translations = i18n.load_translations(
                root / self.config.translations, display_root=root
            )
        except FicheError as error:
            raise PluginError(f"{error.summary()}\n{error}") from None
        site = pages.Site(catalog, translations)
        try:
            files = pages.site_files(site, templates=templates)
        except ValueError as error:
            raise PluginError(str(error)) from None
        written = pages.write_site_files(files, self._generated(config))
        if written:
            log.info("%d page(s) écrite(s) dans %s", written, self.config.generated_dir)
        _report_fallbacks(site)
        self.site, self._signature = site, signature
        return config

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has set this build's language
    def _per_language(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled or self.site is None:
            return config
        lang = str(config.theme.get("language") or vocab.SOURCE_LANGUAGE)
        if lang in vocab.LANGUAGE_CODES:
            strings = self.site.strings(lang)
            config.site_name = strings("site.name")
            config.site_description = strings("site.description")
        return config

    on_config = CombinedEvent(_load, _per_language)

    # --- Files: mount the generated folder at the site root, add our CSS and JS -------------

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        prefix = self.config.generated_dir.strip("/") + "/"
        taken = {f.dest_uri: f.src_uri for f in files if not f.src_uri.startswith(prefix)}
        for file in list(files):
            if not file.src_uri.startswith(prefix):
                continue
            dest = file.dest_uri[len(prefix) :]
            if dest in taken:
                raise PluginError(
                    f"ctai-site : {taken[dest]} et {file.src_uri} donnent la même page ({dest}) : "
                    "renommez ou supprimez la page écrite à la main"
                )
            files.remove(file)
            files.append(
                File(
                    file.src_path,
                    file.src_dir,
                    file.dest_dir,
                    file.use_directory_urls,
                    dest_uri=dest,
                    inclusion=file.inclusion,
                )
            )
        for uri in (CSS, JS):
            if files.get_file_from_path(uri) is None:
                source = ASSETS / Path(uri).name
                files.append(File.generated(config, uri, abs_src_path=str(source)))
        for uri, path in maps.asset_files():  # the map's script and the vendored Leaflet
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    # --- Pages: direction on <html>, search in the reader's language ------------------------

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output
        return localize_html(output, str(config.theme.get("language") or vocab.SOURCE_LANGUAGE))

    @event_priority(-110)  # after mkdocs-static-i18n merged the languages' search entries
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            split_search_index(Path(config.site_dir))
        if self.config.enabled and self.site is not None:  # open data, once at the site root
            exports.write_exports(
                self.site.catalog,
                Path(config.site_dir) / opendata.DATA_DIR,
                self.config.source,
                action_url=exports.site_action_url(config.site_url),
            )

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        root = self._root(config)
        folders = [self.config.actions, self.config.translations]
        if self.config.templates:
            folders.append(self.config.templates)
        for folder in folders:
            if (root / folder).exists():
                server.watch(str(root / folder))
        # MkDocs watches all of docs_dir, our generated pages included: each edit of a fiche
        # would rebuild twice (the build rewrites pages, which looks like a new edit). Watch the
        # hand-written parts only; the generated pages follow from the folders watched above.
        # (A folder created in docs_dir while serving is seen after a restart.)
        docs = Path(config.docs_dir).resolve()
        generated = self._generated(config).resolve()
        if generated.parent == docs:
            server.unwatch(str(docs))
            server.watch(str(docs), recursive=False)
            for child in sorted(docs.iterdir()):
                if child.is_dir() and child.resolve() != generated:
                    server.watch(str(child))
        return server


# --- HTML and search index post-processing (Material for MkDocs specifics) --------------------

_HTML_TAG = re.compile(r"<html\b([^>]*)>")
_HEAD_ALTERNATE = re.compile(r'\n?[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_LABEL = re.compile(r'class="md-search__input" name="query" aria-label="([^"]*)"')
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def localize_html(output: str, lang: str) -> str:
    """Fix what Material and mkdocs-static-i18n leave: `dir` on `<html>` (Material sets it on
    `<body>` only), a name for the search dialog, no sitemap requests that 404, and, for a
    translated page, search in `/<lang>/search/search_index.json`: the reader's language."""

    def html_tag(m: re.Match[str]) -> str:
        attrs = m[1]
        if " dir=" not in attrs:
            attrs = f' dir="{l10n.direction(lang)}"' + attrs
        return f"<html{attrs}>"

    output = _HTML_TAG.sub(html_tag, output, count=1)
    # Material's search dialog has no accessible name (axe: aria-dialog-name): give it the
    # localized label Material puts on the search field.
    label = _SEARCH_LABEL.search(output)
    if label:
        output = output.replace(
            _SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{label[1]}">', 1
        )
    # Material fetches `sitemap.xml` next to every `<link rel="alternate" hreflang>` of the
    # head, to keep the reader on the same page when switching language; mkdocs-static-i18n
    # points those links at the page itself (`/ar/actions/x/sitemap.xml`: a 404 per language,
    # per page). Its language selector already links each page to its translations, and its
    # sitemap.xml lists them as hreflang alternates: the head links go.
    output = _HEAD_ALTERNATE.sub("", output)
    if lang == vocab.SOURCE_LANGUAGE:
        return output

    def search_base(m: re.Match[str]) -> str:
        data = json.loads(m[2])
        data["base"] = data["base"].rstrip("/") + f"/{lang}/"
        return m[1] + json.dumps(data, ensure_ascii=False) + m[3]

    return _CONFIG.sub(search_base, output, count=1)


def split_search_index(site_dir: Path) -> None:
    """One search index per language: `/<lang>/search/search_index.json`, locations relative
    to `/<lang>/`; the root index keeps French. Idempotent: it runs after every language's
    build and the last run (mkdocs-static-i18n's merged index) wins."""
    index = site_dir / "search" / "search_index.json"
    if not index.exists():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    docs = data.get("docs", [])
    by_lang: dict[str, list[dict[str, Any]]] = {code: [] for code in vocab.LANGUAGE_CODES}
    for doc in docs:
        first, _, rest = doc["location"].partition("/")
        if first in vocab.LANGUAGE_CODES and first != vocab.SOURCE_LANGUAGE:
            by_lang[first].append({**doc, "location": rest})
        else:
            by_lang[vocab.SOURCE_LANGUAGE].append(doc)
    for lang, entries in by_lang.items():
        config = dict(data.get("config", {}))
        config["lang"] = [lang if lang in LUNR_LANGUAGES else "en"]
        config["separator"] = SEARCH_SEPARATOR
        target = index if lang == vocab.SOURCE_LANGUAGE else site_dir / lang / "search" / index.name
        if lang != vocab.SOURCE_LANGUAGE and not entries:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"config": config, "docs": entries}, ensure_ascii=False)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
