"""MkDocs glue, and the only module that imports MkDocs.

Everything happens before MkDocs touches `site/`: `on_config` loads and checks the catalogue and
writes the generated pages (`site.build.generate`), so a broken fiche stops the build with its
`file:line` errors and leaves the last good site in place (MkDocs cleans `site_dir` only after
`on_config`). Pages are files in `<docs_dir>/<generated_dir>/` because mkdocs-static-i18n 1.3.1
cannot take in-memory files (ultrabug/mkdocs-static-i18n#263); `on_files` mounts them at the site
root (`catalogue/actions/x.ar.md` -> `/ar/actions/x/`). mkdocs-static-i18n re-runs the whole
build once per language, calling every event again (`mkdocs_static_i18n/plugin.py`,
`on_post_build`): the sources' signature makes the seven reruns skip the work. The folders that
are French only (`build.SOURCE_ONLY`) are built once, in the French build.

The printable guides (one PDF per language, `guide/`) are made by `mkdocs build` and
`gh-deploy` only, never by `mkdocs serve`: WeasyPrint takes about half a second per language,
too slow for the edit loop, and a reader of the local preview does not need the PDF. `on_startup`
tells which command runs; the guides are rendered in `on_config` (their sizes go into the home
pages, and a failure leaves the previous site in place), from a cache in `.cache/guide/` that
keeps the PDFs of unchanged guides, and written into the site in `on_post_build`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from ctai_site import config as checks
from ctai_site.fiche import vocab
from ctai_site.fiche.errors import FicheError
from ctai_site.guide import build as guide
from ctai_site.guide.pdf import GuideError
from ctai_site.opendata.export import site_action_url, write_exports
from ctai_site.site import build, html, maps, opendata_page
from ctai_site.site.settings import OSM_MAX_ZOOM, Download, Settings, Tiles
from ctai_site.translation import fallback_lines

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

CSS = "assets/ctai/ctai.css"
JS = "assets/ctai/ctai.js"
GUIDE_CACHE = ".cache/guide"  # next to mkdocs.yml


class CtaiSiteConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (the hand-written pages still build)."""
    actions = c.Type(str, default="actions")
    """Folder of the fiches, relative to mkdocs.yml."""
    translations = c.Type(str, default="translations")
    """Folder of the translations, relative to mkdocs.yml."""
    generated_dir = c.Type(str, default="catalogue")
    """Folder inside docs_dir where pages are written (git-ignored), mounted at the site root."""
    territory = c.Type(str, default="territory.yml")
    """The territory file (name, contract, glossary, data·inclusion source), relative to
    mkdocs.yml."""
    templates = c.Optional(c.Type(str))
    """Folder of templates overriding ours by name, relative to mkdocs.yml."""
    guide = c.Type(bool, default=True)
    """Make the printable guide (a PDF per language) in `mkdocs build`; never in `serve`."""
    tiles_url = c.Optional(c.Type(str))
    """The map's tile server, an XYZ template (`{z}`, `{x}`, `{y}`); OpenStreetMap if unset."""
    tiles_attribution = c.Optional(c.Type(str))
    """Whom the map credits for its background (required with `tiles_url`)."""
    tiles_attribution_url = c.Optional(c.Type(str))
    """Where the credit links to (https)."""
    tiles_max_zoom = c.Type(int, default=OSM_MAX_ZOOM)
    """The closest zoom the tile server has."""


class CtaiSitePlugin(BasePlugin[CtaiSiteConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.site: Any = None  # site.pages.Site once loaded
        self._signature: tuple[Any, ...] | None = None
        self.command: str | None = None
        self.guides: dict[str, bytes] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command  # MkDocs keeps this plugin across `serve` rebuilds (1.4+)

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        """MkDocs' checks, then ours; every problem as one French line naming its option."""
        errors, warnings = super().load_config(options, config_file_path)
        root = Path(config_file_path).parent if config_file_path else Path.cwd()
        problems = checks.plugin_options(options, dict(self.config), root, failed=errors)
        return [(key, base.ValidationError(msg)) for key, msg in problems], [
            w for w in warnings if w[0] in self.config
        ]

    def _sources(self, config: MkDocsConfig) -> build.Sources:
        root = Path(config.config_file_path).parent
        templates = self.config.templates
        return build.Sources(
            actions=root / self.config.actions,
            translations=root / self.config.translations,
            territory=root / self.config.territory,
            templates=root / templates if templates else None,
            display_root=root,
        )

    def _generated(self, config: MkDocsConfig) -> Path:
        return Path(config.docs_dir) / self.config.generated_dir

    def _tiles(self) -> Tiles:
        if self.config.tiles_url is None:
            return Tiles(max_zoom=self.config.tiles_max_zoom)
        return Tiles(
            self.config.tiles_url,
            self.config.tiles_attribution or "",
            self.config.tiles_attribution_url,
            self.config.tiles_max_zoom,
        )

    def _make_guides(self, site: Any, sources: build.Sources, config: MkDocsConfig) -> None:
        """Render the guides (or take them from the cache) when this command publishes."""
        self.guides = {}
        if not self.config.guide or self.command == "serve":
            return
        if not config.site_url:
            log.info(  # INFO: a site without an address is fine to build (`--strict`)
                "guide PDF : site_url absent de territory.yml, les codes QR donnent le chemin de "
                "chaque page depuis la racine du site (ar/actions/…), pas son adresse complète"
            )
        root = Path(config.config_file_path).parent
        self.guides = guide.render_guides(
            site,
            cache=root / GUIDE_CACHE,
            site_url=config.site_url,
            templates=sources.templates,
        )

    @event_priority(0)
    def _load(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        missing = [e for e in checks.REQUIRED_EXTENSIONS if e not in config.markdown_extensions]
        if missing:
            raise PluginError(checks.missing_extensions(missing))
        # Material ships no Pashto or Tigrinya strings (its build fails without them): ours come
        # after a site's own custom_dir, before Material's templates.
        overrides = str(html.OVERRIDES)
        if overrides not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        for option, asset in (("extra_css", CSS), ("extra_javascript", JS)):
            if asset not in [str(v) for v in config[option]]:
                config[option].append(asset)
        sources = self._sources(config)
        tiles = self._tiles()
        signature = (build.signature(sources.folders()), tiles, self.command)
        if signature == self._signature:
            return config  # mkdocs-static-i18n's next language: nothing changed
        try:
            site = build.load_site(sources)
            if site.territory.site_url and not config.site_url:
                config.site_url = site.territory.site_url  # sitemap, canonical links, QR codes
            self._make_guides(site, sources, config)
            downloads = {
                lang: Download(guide.file_path(lang), len(pdf)) for lang, pdf in self.guides.items()
            }
            site = dataclasses.replace(site, settings=Settings(tiles, downloads))
            written = build.write_site_files(
                build.render_site(site, sources.templates), self._generated(config)
            )
        except FicheError as error:
            raise PluginError(f"{error.summary()}\n{error}") from None
        except (GuideError, ValueError) as error:
            raise PluginError(str(error)) from None
        if written:
            log.info("%d page(s) écrite(s) dans %s", written, self.config.generated_dir)
        for line in fallback_lines(site.catalog, site.translations, site.territory.texts()):
            log.info(line)  # INFO: a missing translation must not fail `--strict`
        self.site, self._signature = site, signature
        return config

    @staticmethod
    def _language(config: MkDocsConfig) -> str:
        """This build's language: mkdocs-static-i18n sets the theme's for each of its builds."""
        return str(config.theme.get("language") or vocab.SOURCE_LANGUAGE)

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has set this build's language
    def _per_language(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if self.config.enabled and self.site is not None:
            lang = self._language(config)
            if lang in vocab.LANGUAGE_CODES:
                strings = self.site.strings(lang)
                config.site_name = strings("site.name")
                config.site_description = strings("site.description")
        return config

    on_config = CombinedEvent(_load, _per_language)

    def _mount(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Mount the generated folder at the site root; add our CSS, JS and the map's assets.
        In a build of another language than French, leave out the French-only folders
        (`build.SOURCE_ONLY`) before mkdocs-static-i18n copies them as a fallback."""
        if not self.config.enabled:
            return files
        prefix = self.config.generated_dir.strip("/") + "/"
        french_build = self._language(config) == vocab.SOURCE_LANGUAGE
        taken = {f.dest_uri: f.src_uri for f in files if not f.src_uri.startswith(prefix)}
        for file in [f for f in files if f.src_uri.startswith(prefix)]:
            dest = file.dest_uri[len(prefix) :]
            if dest in taken:
                raise PluginError(checks.page_clash(taken[dest], file.src_uri, dest))
            files.remove(file)
            if not french_build and build.french_only(file.src_uri[len(prefix) :]):
                # With `fallback_to_default`, mkdocs-static-i18n 1.3.1 builds every French
                # page that has no translation into each language's folder (`reconfigure_files`
                # in mkdocs_static_i18n/reconfigure.py): a file it never sees is never copied.
                continue
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
        for uri, path in html.site_assets(CSS, JS) + maps.asset_files():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    @event_priority(-110)  # after mkdocs-static-i18n (-100) gave each page its alternates
    def _source_only_alternates(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """A French-only page has no other language: without this, mkdocs-static-i18n lists
        `/en/bilan/2023/` (never built) in its sitemap and its language switcher; with it, the
        switcher leads to each language's home page."""
        if not self.config.enabled:
            return files
        prefix = self.config.generated_dir.strip("/") + "/"
        for file in files:
            alternates = getattr(file, "alternates", None)
            generated = file.src_uri.startswith(prefix)
            if alternates and generated and build.french_only(file.src_uri[len(prefix) :]):
                file.alternates = {  # type: ignore[attr-defined]
                    lang: alt for lang, alt in alternates.items() if lang == vocab.SOURCE_LANGUAGE
                }
        return files

    on_files = CombinedEvent(_mount, _source_only_alternates)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output
        return html.localize_html(output, str(config.theme.get("language") or "fr"))

    @event_priority(-110)  # after mkdocs-static-i18n merged the languages' search entries
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.site is None:
            return
        html.split_search_index(Path(config.site_dir))
        guide.write_guides(self.guides, Path(config.site_dir))
        write_exports(  # open data, once at the site root
            self.site.catalog,
            Path(config.site_dir) / opendata_page.DATA_DIR,
            self.site.territory.source,
            action_url=site_action_url(config.site_url),
        )

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        sources = self._sources(config)
        for folder in (sources.actions, sources.translations, sources.territory, sources.templates):
            if folder is not None and folder.exists():
                server.watch(str(folder))
        # MkDocs watches all of docs_dir, our generated pages included: each edit of a fiche
        # would rebuild twice (the build rewrites pages, which looks like a new edit). Watch the
        # hand-written parts only; the generated pages follow from the folders watched above.
        docs = Path(config.docs_dir).resolve()
        generated = self._generated(config).resolve()
        if generated.parent == docs:
            server.unwatch(str(docs))
            server.watch(str(docs), recursive=False)
            for child in sorted(docs.iterdir()):
                if child.is_dir() and child.resolve() != generated:
                    server.watch(str(child))
        return server
