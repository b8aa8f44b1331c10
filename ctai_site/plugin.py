"""The host's glue (MkDocs 1.6 or ProperDocs 1.6), and the only module that imports it.

The work is the driver's (`ctai_site.driver`, host-free); this module hands it the host's
events, through the host's documented plugin API and mkdocs-static-i18n's documented options:

- `on_config`: `Run.start` generates the pages (a broken fiche stops the build before MkDocs
  cleans `site_dir`) and starts the parts that build the other languages in host processes.
- `on_files`: the generated folder mounted at the site root (mkdocs-static-i18n 1.3.1 takes no
  in-memory files, ultrabug/mkdocs-static-i18n#263), the pages this build leaves out excluded
  (`Run.excluded`). French-only pages (`build.SOURCE_ONLY`) come after mkdocs-static-i18n's
  `on_files`, in the French build only (`fallback_to_default` would copy them everywhere).
- mkdocs-static-i18n's per-language `build` option: every language while pages are read (each
  page's language links and the sitemap list them all); when the first build ends, only this
  process's languages: mkdocs-static-i18n builds those next.
- `on_post_build`, after each language: its search entries kept; after the last, `Run.finish`.

The live preview that builds the page being read first is `ctai-site serve` (`driver.serve`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

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
from ctai_site.driver.project import Language, Options, Project, built_languages, switcher
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
ASSETS = ("assets/ctai/ctai.css", "assets/ctai/ctai.js")


class CtaiSiteConfig(base.Config):  # the options: `ctai_site.config` checks and explains them
    enabled = c.Type(bool, default=True)
    actions = c.Type(str, default="actions")
    translations = c.Type(str, default="translations")
    generated_dir = c.Type(str, default="catalogue")
    territory = c.Type(str, default="territory.yml")
    templates = c.Optional(c.Type(str))
    guide = c.Type(bool, default=True)
    tiles_url = c.Optional(c.Type(str))
    tiles_attribution = c.Optional(c.Type(str))
    tiles_attribution_url = c.Optional(c.Type(str))
    tiles_max_zoom = c.Type(int, default=OSM_MAX_ZOOM)
    jobs = c.Optional(c.Type(int))
    coordination_dir = c.Optional(c.Type(str))


class CtaiSitePlugin(BasePlugin[CtaiSiteConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.command, self.dirty = "build", False
        self.run: Run | None = None
        self.languages: list[Language] = []  # mkdocs-static-i18n's, as mkdocs.yml sets them
        self._depth = 0  # builds under way: mkdocs-static-i18n's run inside the first one
        self._french_only: dict[str, File] = {}  # added after mkdocs-static-i18n's `on_files`
        self._bytecode = MemoryBytecodeCache()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        """MkDocs' checks, then ours (`config`): one French line per problem."""
        errors, warnings = super().load_config(options, config_file_path)
        root = Path(config_file_path).parent if config_file_path else Path.cwd()
        problems = checks.plugin_options(options, dict(self.config), root, failed=errors)
        kept = [w for w in warnings if w[0] in self.config]
        return [(key, base.ValidationError(msg)) for key, msg in problems], kept

    @staticmethod
    def _set_builds(config: MkDocsConfig, builds: dict[str, bool]) -> None:
        i18n = config.plugins.get("i18n")
        for lang in i18n.config.languages if i18n is not None else []:
            lang.build = builds.get(lang.locale, lang.build)

    @staticmethod
    def _language(config: MkDocsConfig) -> str:
        """This build's language: mkdocs-static-i18n sets the theme's for each of its builds."""
        return str(config.theme.get("language") or vocab.SOURCE_LANGUAGE)

    @event_priority(0)  # before mkdocs-static-i18n (-100)
    def _start(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled or self._depth > 0:  # a language inside the first build:
            self._set_builds(config, {x.locale: x.build for x in self.languages})  # all shown
            return config
        missing = [e for e in checks.REQUIRED_EXTENSIONS if e not in config.markdown_extensions]
        for problem in hosts.unsupported() + ([checks.missing_extensions(missing)] * bool(missing)):
            raise PluginError(problem)
        # Material ships no Pashto or Tigrinya strings (its build fails without them): ours come
        # after a site's own custom_dir, before Material's templates.
        if str(html.OVERRIDES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(html.OVERRIDES))
        for option, asset in zip(("extra_css", "extra_javascript"), ASSETS, strict=True):
            if asset not in [str(v) for v in config[option]]:
                config[option].append(asset)
        i18n = config.plugins.get("i18n")
        self.languages = [
            Language(x.locale, x.name, x.default, x.build, x.link, x.fixed_link)
            for x in (i18n.config.languages if i18n is not None else [])
        ]
        root, options = Path(config.config_file_path).parent, Options.of(dict(self.config))
        languages = built_languages(self.languages) or (self._language(config),)
        project = Project(root, Path(config.docs_dir), options, config.site_url, languages)
        project = project.with_extra(config.extra)  # Material's analytics: the privacy page
        host = Host(mkdocs.__name__, Path(config.config_file_path), config.strict, self.dirty)
        try:
            self.run = Run.start(
                project, host=host, command=self.command, site_dir=Path(config.site_dir),
                dedup_search=i18n is None or i18n.config.reconfigure_search,
            )  # fmt: skip
        except (GenerateError, RunError) as error:
            raise PluginError(str(error)) from None
        for line in self.run.notes():
            log.info(line)  # INFO: a missing translation must not fail `--strict`
        config.site_url = config.site_url or self.run.site_url  # sitemap, canonical, QR codes
        return config

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has set this build's language
    def _per_language(self, config: MkDocsConfig) -> MkDocsConfig | None:
        strings = self.run.strings(self._language(config)) if self.run else None
        if self.config.enabled and strings is not None:
            config.site_name, config.site_description, config.extra["ctai_footer"] = strings
        return config

    on_config = CombinedEvent(_start, _per_language)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._depth += 1

    def _mount(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Mount the generated folder at the site root; add our CSS, JS and the map's assets."""
        if self.run is None or not self.config.enabled:
            return files
        prefix, lang = self.config.generated_dir.strip("/") + "/", self._language(config)
        taken = {f.dest_uri: f.src_uri for f in files if not f.src_uri.startswith(prefix)}
        self._french_only = {}
        for file in list(files):
            rel = file.src_uri[len(prefix) :] if file.src_uri.startswith(prefix) else None
            if file.is_documentation_page() and self.run.excluded(lang, rel):
                file.inclusion = InclusionLevel.EXCLUDED
            if rel is None:
                continue
            dest = file.dest_uri[len(prefix) :]
            if dest in taken:
                raise PluginError(checks.page_clash(taken[dest], file.src_uri, dest))
            files.remove(file)
            mounted = File(
                file.src_path, file.src_dir, file.dest_dir, file.use_directory_urls,
                dest_uri=dest, inclusion=file.inclusion,
            )  # fmt: skip
            if not build.french_only(rel):
                files.append(mounted)
            elif lang == vocab.SOURCE_LANGUAGE and self.run.builds(lang):
                self._french_only[file.src_uri] = mounted
        for uri, path in html.site_assets(*ASSETS) + maps.asset_files():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    @event_priority(-110)  # after mkdocs-static-i18n (-100): it never sees them
    def _add_french_only(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        for file in self._french_only.values():
            files.append(file)
        return files

    on_files = CombinedEvent(_mount, _add_french_only)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext | None:
        """A French-only page's language menu (`partials/alternate.html` of our overrides)."""
        if page.file.src_uri in self._french_only:
            menu = switcher(
                self.languages, page.file.url, config.site_url, config.use_directory_urls
            )
            context["ctai_alternate"] = menu  # type: ignore[typeddict-unknown-key]
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
            self._set_builds(config, {x.locale: self.run.builds(x.locale) for x in self.languages})

    @event_priority(-110)  # after mkdocs-static-i18n built its languages
    def _finish(self, *, config: MkDocsConfig) -> None:
        self._depth -= 1
        if self._depth > 0 or self.run is None:
            return
        self._set_builds(config, {x.locale: x.build for x in self.languages})
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
        """The sources and hand-written pages watched, not the generated ones (`watched`)."""
        root, options = Path(config.config_file_path).parent, Options.of(dict(self.config))
        deep, flat = Project(root, Path(config.docs_dir), options).watched()
        if flat:
            server.unwatch(config.docs_dir)
        for path in deep + flat:
            server.watch(str(path), recursive=path not in flat)
        return server
