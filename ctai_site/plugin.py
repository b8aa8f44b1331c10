"""The host's glue (MkDocs 1.6 or ProperDocs 1.6), and the only module that imports it.

The work is the driver's (`ctai_site.driver`, host-free). This module hands it the host's
events, through the host's documented plugin API and mkdocs-static-i18n's documented options:

- `on_config` (before mkdocs-static-i18n's): `Run.start` generates the pages (a broken fiche
  stops the build before MkDocs cleans `site_dir`) and starts the parts that build the other
  languages in processes of their own; then each build's site name in its language.
- `on_files`: the generated folder mounted at the site root (mkdocs-static-i18n 1.3.1 takes no
  in-memory files, ultrabug/mkdocs-static-i18n#263). French-only pages (`build.SOURCE_ONLY`)
  are added after mkdocs-static-i18n's `on_files`, in the French build only: with
  `fallback_to_default` it would build them in every language. In a part that does not build
  French, the French build (mkdocs-static-i18n always builds the default language first) has
  its pages excluded (`File.inclusion`): it costs its theme files only.
- mkdocs-static-i18n's per-language `build` option: every language while pages are read, so
  each page's language links and the sitemap list them all; when the first build ends
  (`on_post_build`, before mkdocs-static-i18n builds the others), only this process's languages.
- `on_post_build`, after each language: its search entries kept; after the last, `Run.finish`
  merges the parts and writes the search index, guides and open data.

`on_serve` watches the sources (`mkdocs serve` rebuilds everything, one process); the live
preview that rebuilds the page being read first is `ctai-site serve` (`driver.serve`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import mkdocs
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ctai_site import config as checks
from ctai_site.driver import hosts
from ctai_site.driver.generate import GenerateError
from ctai_site.driver.parts import Host
from ctai_site.driver.project import Language, Options, Project, built_languages
from ctai_site.driver.run import Run, RunError
from ctai_site.fiche import vocab
from ctai_site.site import build, html, maps
from ctai_site.site.settings import OSM_MAX_ZOOM
from ctai_site.templating import MemoryBytecodeCache

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

CSS = "assets/ctai/ctai.css"
JS = "assets/ctai/ctai.js"


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
    """The territory file (name, contract, glossary, data·inclusion source)."""
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
    jobs = c.Optional(c.Type(int))
    """Processes building the languages at once in `mkdocs build`: one per core if unset."""


class CtaiSitePlugin(BasePlugin[CtaiSiteConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.command: str | None = None
        self.dirty = False
        self.run: Run | None = None
        self._depth = 0  # builds under way: mkdocs-static-i18n's run inside the first one
        self._builds: dict[str, bool] = {}  # each language's `build`, as mkdocs.yml sets it
        self._french_only: list[File] = []  # added after mkdocs-static-i18n's `on_files`
        self._bytecode = MemoryBytecodeCache()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command, self.dirty = command, dirty

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

    @staticmethod
    def _i18n(config: MkDocsConfig) -> Any:
        """mkdocs-static-i18n, if the site uses it: its documented options only."""
        plugin = config.plugins.get("i18n")
        return plugin if plugin is not None and "languages" in plugin.config else None

    def _set_builds(self, config: MkDocsConfig, builds: dict[str, bool]) -> None:
        i18n = self._i18n(config)
        for lang in i18n.config.languages if i18n is not None else []:
            if lang.locale in builds:
                lang.build = builds[lang.locale]

    @staticmethod
    def _language(config: MkDocsConfig) -> str:
        """This build's language: mkdocs-static-i18n sets the theme's for each of its builds."""
        return str(config.theme.get("language") or vocab.SOURCE_LANGUAGE)

    @event_priority(0)  # before mkdocs-static-i18n (-100)
    def _start(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        if self._depth > 0:  # a language built inside the first build: every language shown
            self._set_builds(config, self._builds)
            return config
        for problem in hosts.unsupported():
            raise PluginError(problem)
        missing = [e for e in checks.REQUIRED_EXTENSIONS if e not in config.markdown_extensions]
        if missing:
            raise PluginError(checks.missing_extensions(missing))
        # Material ships no Pashto or Tigrinya strings (its build fails without them): ours come
        # after a site's own custom_dir, before Material's templates.
        if str(html.OVERRIDES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(html.OVERRIDES))
        for option, asset in (("extra_css", CSS), ("extra_javascript", JS)):
            if asset not in [str(v) for v in config[option]]:
                config[option].append(asset)
        i18n = self._i18n(config)
        found = i18n.config.languages if i18n is not None else []
        languages = [Language(x.locale, x.name, x.default, x.build) for x in found]
        self._builds = {x.locale: x.build for x in languages}
        project = Project(
            root=Path(config.config_file_path).parent,
            docs_dir=Path(config.docs_dir),
            options=Options.of(dict(self.config)),
            site_url=config.site_url,
            languages=built_languages(languages) or (self._language(config),),
        )
        host = Host(mkdocs.__name__, Path(config.config_file_path), config.strict, self.dirty)
        try:
            self.run = Run.start(
                project,
                host=host,
                command=self.command or "build",
                site_dir=Path(config.site_dir),
                dedup_search=i18n is None or i18n.config.reconfigure_search,
            )
        except (GenerateError, RunError) as error:
            raise PluginError(str(error)) from None
        for line in self.run.notes():
            log.info(line)  # INFO: a missing translation must not fail `--strict`
        if self.run.site_url and not config.site_url:
            config.site_url = self.run.site_url  # sitemap, canonical links, QR codes
        return config

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has set this build's language
    def _per_language(self, config: MkDocsConfig) -> MkDocsConfig | None:
        strings = self.run.strings(self._language(config)) if self.run else None
        if self.config.enabled and strings is not None:
            config.site_name, config.site_description = strings
        return config

    on_config = CombinedEvent(_start, _per_language)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._depth += 1

    def _mount(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Mount the generated folder at the site root; add our CSS, JS and the map's assets."""
        if self.run is None or not self.config.enabled:
            return files
        prefix = self.config.generated_dir.strip("/") + "/"
        lang = self._language(config)
        taken = {f.dest_uri: f.src_uri for f in files if not f.src_uri.startswith(prefix)}
        self._french_only = []
        for file in files:  # the pages this build leaves out (`Run.excluded`)
            rel = file.src_uri[len(prefix) :] if file.src_uri.startswith(prefix) else None
            if file.is_documentation_page() and self.run.excluded(lang, rel):
                file.inclusion = InclusionLevel.EXCLUDED
        for file in [f for f in files if f.src_uri.startswith(prefix)]:
            dest = file.dest_uri[len(prefix) :]
            if dest in taken:
                raise PluginError(checks.page_clash(taken[dest], file.src_uri, dest))
            files.remove(file)
            mounted = File(
                file.src_path,
                file.src_dir,
                file.dest_dir,
                file.use_directory_urls,
                dest_uri=dest,
                inclusion=file.inclusion,
            )
            if not build.french_only(file.src_uri[len(prefix) :]):
                files.append(mounted)
            elif lang == vocab.SOURCE_LANGUAGE and self.run.builds(lang):
                self._french_only.append(mounted)
        for uri, path in html.site_assets(CSS, JS) + maps.asset_files():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    @event_priority(-110)  # after mkdocs-static-i18n (-100): it never sees them
    def _add_french_only(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        for file in self._french_only:
            files.append(file)
        return files

    on_files = CombinedEvent(_mount, _add_french_only)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext | None:
        """A French-only page's language links (`partials/alternate.html` of our overrides):
        itself in French, each language's home page otherwise (mkdocs-static-i18n sets them on
        the pages it built, in `config.extra.alternate`)."""
        if page.file.src_uri in {f.src_uri for f in self._french_only}:
            url = urlsplit(config.site_url or "").path.rstrip("/")
            suffix = "" if config.use_directory_urls else "index.html"
            i18n = self._i18n(config)
            context["ctai_alternate"] = [  # type: ignore[typeddict-unknown-key]
                {
                    "name": x.name,
                    "link": page.file.url
                    if x.locale == vocab.SOURCE_LANGUAGE
                    else x.fixed_link or f"{url}{x.link}{suffix}",
                    "lang": x.locale,
                }
                for x in (i18n.config.languages if i18n is not None else [])
                if self._builds.get(x.locale) or x.locale == "null"
            ]
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output
        if self.run is not None:
            self.run.page_built(page.url)
        return html.localize_html(output, self._language(config))

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = self._bytecode  # Material's templates compiled once per process
        return env

    @event_priority(-90)  # before mkdocs-static-i18n builds the other languages (-100)
    def _language_built(self, *, config: MkDocsConfig) -> None:
        if self.run is None:
            return
        self.run.language_built(self._language(config), Path(config.site_dir))
        if self._depth == 1:  # mkdocs-static-i18n builds next the languages with `build`
            self._set_builds(config, {x: self.run.builds(x) for x in self._builds})

    @event_priority(-110)  # after mkdocs-static-i18n built its languages
    def _finish(self, *, config: MkDocsConfig) -> None:
        self._depth -= 1
        if self._depth > 0 or self.run is None:
            return
        self._set_builds(config, self._builds)
        try:
            self.run.finish(Path(config.site_dir), config.site_url)
        except RunError as error:
            raise PluginError(str(error)) from None
        self.run = None

    on_post_build = CombinedEvent(_language_built, _finish)

    def on_build_error(self, *, error: Exception) -> None:
        if self.run is not None:
            self.run.abort()
        self.run, self._depth = None, 0

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        project = Project(Path(config.config_file_path).parent, Path(config.docs_dir), Options())
        sources = Options.of(dict(self.config))
        root = project.root
        for folder in (sources.actions, sources.translations, sources.territory, sources.templates):
            if folder is not None and (root / folder).exists():
                server.watch(str(root / folder))
        # MkDocs watches all of docs_dir, our generated pages included: each edit of a fiche
        # would rebuild twice (the build rewrites pages, which looks like a new edit). Watch the
        # hand-written parts only; the generated pages follow from the folders watched above.
        docs = project.docs_dir.resolve()
        generated = (docs / sources.generated_dir).resolve()
        if generated.parent == docs:
            server.unwatch(str(docs))
            server.watch(str(docs), recursive=False)
            for child in sorted(docs.iterdir()):
                if child.is_dir() and child.resolve() != generated:
                    server.watch(str(child))
        return server
